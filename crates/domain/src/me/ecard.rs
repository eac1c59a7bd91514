//! The e-card (电子会员卡): a signed, expiring token that names the member,
//! their union and nothing else.
