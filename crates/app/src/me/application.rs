//! Applications members make themselves, each becoming the record its area keeps.
