//! Participation (参与面): distinct members who attended ÷ active members,
//! per activity, per group and per year; and who took part in nothing.
//!
//! Rates are exact fractions; basis points and the percent text are derived
//! by integer arithmetic, so 9 of 10 is exactly 90.00% and a target of 90%
//! is met by it (a float 0.9 compared with 0.8999… would not be).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use uuid::Uuid;

use crate::ratio::Ratio;

/// A fraction of members: `participants` of `active_members`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub participants: u64,
    pub active_members: u64,
}

impl Rate {
    /// In basis points (1/100 of a percent), rounded down so that a rate
    /// shown as meeting a target does meet it; 0 when nobody is active.
    pub fn basis_points(self) -> u32 {
        self.ratio().basis_points()
    }

    /// `90.00%`, two decimals, rounded down.
    pub fn percent_text(self) -> String {
        self.ratio().percent_text()
    }

    /// Whether the rate reaches `target_bp` (9000 = 90%), compared exactly:
    /// participants × 10000 ≥ target × active.
    pub fn meets(self, target_bp: u32) -> bool {
        self.ratio().meets(target_bp)
    }

    /// The same fraction with neutral names, for code that handles every
    /// kind of rate alike.
    pub fn ratio(self) -> Ratio {
        Ratio::new(self.participants, self.active_members)
    }
}

/// An active member and the group they belong to (if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveMember {
    pub member_id: Uuid,
    pub group_id: Option<Uuid>,
}

/// One attendance (a check-in) of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub activity_id: Uuid,
    pub member_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRate {
    /// None: members in no group.
    pub group_id: Option<Uuid>,
    #[serde(flatten)]
    pub rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityRate {
    pub activity_id: Uuid,
    #[serde(flatten)]
    pub rate: Rate,
}

/// The participation of a union over a period (usually a calendar year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participation {
    #[serde(flatten)]
    pub overall: Rate,
    /// Ordered by group id; the members in no group last.
    pub by_group: Vec<GroupRate>,
    /// Ordered by activity id.
    pub by_activity: Vec<ActivityRate>,
    /// Active members with no attendance, in the order given.
    pub took_part_in_nothing: Vec<Uuid>,
}

/// Computes participation. Only active members count, on both sides of the
/// fraction: a walk-in who is not an active member of this union (a family
/// member, a retiree of another union) attends but is not a participant.
/// Each member counts once however often they came.
pub fn participation(active: &[ActiveMember], attendances: &[Attendance]) -> Participation {
    let mut members: BTreeMap<Uuid, Option<Uuid>> = BTreeMap::new();
    for m in active {
        members.insert(m.member_id, m.group_id);
    }
    let total = members.len() as u64;
    let attended: HashSet<Uuid> =
        attendances.iter().map(|a| a.member_id).filter(|m| members.contains_key(m)).collect();

    let mut groups: BTreeMap<(bool, Option<Uuid>), Rate> = BTreeMap::new();
    for (id, group) in &members {
        // Keyed so that `None` (no group) sorts after every group.
        let r =
            groups.entry((group.is_none(), *group)).or_insert(Rate { participants: 0, active_members: 0 });
        r.active_members += 1;
        if attended.contains(id) {
            r.participants += 1;
        }
    }

    let mut per_activity: BTreeMap<Uuid, HashSet<Uuid>> = BTreeMap::new();
    for a in attendances {
        let set = per_activity.entry(a.activity_id).or_default();
        if members.contains_key(&a.member_id) {
            set.insert(a.member_id);
        }
    }

    let mut seen = HashSet::new();
    let took_part_in_nothing =
        active.iter().map(|m| m.member_id).filter(|id| !attended.contains(id) && seen.insert(*id)).collect();

    Participation {
        overall: Rate { participants: attended.len() as u64, active_members: total },
        by_group: groups.into_iter().map(|((_, group_id), rate)| GroupRate { group_id, rate }).collect(),
        by_activity: per_activity
            .into_iter()
            .map(|(activity_id, set)| ActivityRate {
                activity_id,
                rate: Rate { participants: set.len() as u64, active_members: total },
            })
            .collect(),
        took_part_in_nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn rate_is_exact() {
        let r = Rate { participants: 9, active_members: 10 };
        assert_eq!(r.basis_points(), 9000);
        assert_eq!(r.percent_text(), "90.00%");
        assert!(r.meets(9000));
        let r = Rate { participants: 2, active_members: 3 };
        assert_eq!(r.percent_text(), "66.66%");
        assert!(!r.meets(6667));
        assert!(r.meets(6666));
        assert_eq!(Rate { participants: 0, active_members: 0 }.basis_points(), 0);
    }

    #[test]
    fn counts_distinct_active_members() {
        let (g1, g2) = (id(100), id(200));
        let active = [
            ActiveMember { member_id: id(1), group_id: Some(g1) },
            ActiveMember { member_id: id(2), group_id: Some(g1) },
            ActiveMember { member_id: id(3), group_id: Some(g2) },
            ActiveMember { member_id: id(4), group_id: None },
        ];
        let (a1, a2) = (id(900), id(901));
        let att = [
            Attendance { activity_id: a1, member_id: id(1) },
            Attendance { activity_id: a2, member_id: id(1) },
            Attendance { activity_id: a2, member_id: id(3) },
            // Not an active member: attends, does not count.
            Attendance { activity_id: a2, member_id: id(77) },
        ];
        let p = participation(&active, &att);
        assert_eq!(p.overall, Rate { participants: 2, active_members: 4 });
        assert_eq!(p.took_part_in_nothing, vec![id(2), id(4)]);
        let groups: Vec<_> =
            p.by_group.iter().map(|g| (g.group_id, g.rate.participants, g.rate.active_members)).collect();
        assert_eq!(groups, [(Some(g1), 1, 2), (Some(g2), 1, 1), (None, 0, 1)]);
        let acts: Vec<_> = p.by_activity.iter().map(|a| (a.activity_id, a.rate.participants)).collect();
        assert_eq!(acts, [(a1, 1), (a2, 2)]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["active_members"], 4);
        assert_eq!(json["by_group"][0]["participants"], 1);
    }

    proptest! {
        #[test]
        fn parts_add_up(members in proptest::collection::vec((0u128..50, proptest::option::of(0u128..4)), 0..60),
                        att in proptest::collection::vec((0u128..3, 0u128..70), 0..200)) {
            let active: Vec<ActiveMember> = members.iter()
                .map(|(m, g)| ActiveMember { member_id: id(*m), group_id: g.map(|g| id(1000 + g)) }).collect();
            let att: Vec<Attendance> = att.iter()
                .map(|(a, m)| Attendance { activity_id: id(5000 + a), member_id: id(*m) }).collect();
            let p = participation(&active, &att);
            prop_assert!(p.overall.participants <= p.overall.active_members);
            prop_assert_eq!(p.overall.participants + p.took_part_in_nothing.len() as u64, p.overall.active_members);
            prop_assert_eq!(p.by_group.iter().map(|g| g.rate.participants).sum::<u64>(), p.overall.participants);
            prop_assert_eq!(p.by_group.iter().map(|g| g.rate.active_members).sum::<u64>(), p.overall.active_members);
            prop_assert!(p.overall.basis_points() <= 10_000);
            for a in &p.by_activity { prop_assert!(a.rate.participants <= p.overall.participants); }
        }
    }
}
