//! What the counts decide (DOMAIN.md §8): a motion passes with more than
//! half of ALL entitled voters, not of those voting; a candidate is elected
//! with more than half of the votes of those entitled, ties at the last seat
//! and unfilled seats go to a further round; an election is valid only when
//! two thirds of those entitled are present.

use serde::Serialize;

use super::ballot::{BallotKind, Counts, Spec, columns, election_margin};

/// More than half of all entitled voters.
pub fn passes(yes: u64, entitled: u64) -> bool {
    entitled > 0 && yes * 2 > entitled
}

/// At least two thirds present.
pub fn quorum_met(present: u64, entitled: u64) -> bool {
    entitled > 0 && present * 3 >= entitled * 2
}

/// The fewest present for a quorum of `entitled`.
pub fn quorum_needed(entitled: u64) -> u64 {
    (entitled * 2).div_ceil(3)
}

/// `n / d` as a percentage with one decimal, rounded half up ("52.4%").
pub fn pct(n: u64, d: u64) -> String {
    if d == 0 {
        return "—".to_owned();
    }
    let tenths = (n * 2000 + d) / (2 * d);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowOutcome {
    pub name: String,
    pub write_in: bool,
    pub counts: Vec<u64>,
    /// Each count as a share: of those entitled for motions and elections
    /// (what passing is measured against), of valid papers for appraisals.
    pub rates: Vec<String>,
    /// Motions: passed; elections: elected; appraisals: none.
    pub decided: Option<bool>,
    /// Elections: tied at the last seat, to a further round.
    pub tied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub kind: BallotKind,
    pub entitled: u64,
    pub present: u64,
    pub cast: u64,
    pub invalid: u64,
    pub seats: u32,
    /// Elections need two thirds present; motions and appraisals are always
    /// counted (motions cannot open without the quorum).
    pub valid: bool,
    pub columns: Vec<&'static str>,
    pub rows: Vec<RowOutcome>,
    /// Elections: seats still to fill in a further round.
    pub unfilled: u32,
}

impl Outcome {
    pub fn elected(&self) -> impl Iterator<Item = &RowOutcome> {
        self.rows.iter().filter(|r| r.decided == Some(true))
    }
}

/// Decides a ballot from its counts.
pub fn decide(spec: &Spec, entitled: u64, present: u64, counts: &Counts) -> Outcome {
    let valid_papers = counts.valid();
    let denominator = match spec.kind {
        BallotKind::Appraisal => valid_papers,
        _ => entitled,
    };
    let mut rows: Vec<RowOutcome> = counts
        .rows
        .iter()
        .map(|r| RowOutcome {
            name: r.name.clone(),
            write_in: r.write_in,
            counts: r.counts.clone(),
            rates: r.counts.iter().map(|c| pct(*c, denominator)).collect(),
            decided: None,
            tied: false,
        })
        .collect();
    let valid = match spec.kind {
        BallotKind::Election => quorum_met(present, entitled),
        _ => true,
    };
    let mut unfilled = 0;
    match spec.kind {
        BallotKind::Motion => {
            for r in &mut rows {
                r.decided = Some(passes(r.counts[0], entitled));
            }
        }
        BallotKind::Appraisal => {}
        BallotKind::Election => {
            let votes: Vec<u64> = rows.iter().map(|r| r.counts[0]).collect();
            let (elected, tied) = if valid { elect(entitled, spec.seats, &votes) } else { (vec![], vec![]) };
            for (i, r) in rows.iter_mut().enumerate() {
                r.decided = Some(elected.contains(&i));
                r.tied = tied.contains(&i);
            }
            unfilled = spec.seats - elected.len() as u32;
        }
    }
    Outcome {
        kind: spec.kind,
        entitled,
        present,
        cast: counts.cast,
        invalid: counts.invalid,
        seats: spec.seats,
        valid,
        columns: columns(spec.kind),
        rows,
        unfilled,
    }
}

/// Who is elected to `seats` seats: those with more than half of the
/// entitled votes, most votes first. When candidates tie for the last
/// seats, none of the tied group is elected: they go to a further round
/// (returned second).
pub fn elect(entitled: u64, seats: u32, votes: &[u64]) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..votes.len()).filter(|&i| passes(votes[i], entitled)).collect();
    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    let mut elected = Vec::new();
    let mut tied = Vec::new();
    let mut i = 0;
    while i < order.len() && (elected.len() as u32) < seats {
        let v = votes[order[i]];
        let group: Vec<usize> = order[i..].iter().copied().take_while(|&j| votes[j] == v).collect();
        let room = seats as usize - elected.len();
        if group.len() <= room {
            elected.extend(&group);
        } else {
            tied = group.clone();
            break;
        }
        i += group.len();
    }
    (elected, tied)
}

/// The candidates proposed for a further round of an election: those tied
/// at the last seat, then the best of the rest, enough to keep the 差额
/// margin over the seats left; everyone with the same votes as the last one
/// taken comes too. Names in order of votes.
pub fn further_round(outcome: &Outcome) -> Option<(u32, Vec<String>)> {
    if outcome.kind != BallotKind::Election || !outcome.valid || outcome.unfilled == 0 {
        return None;
    }
    let seats = outcome.unfilled;
    let need = (seats + election_margin(seats)) as usize;
    let mut rest: Vec<&RowOutcome> = outcome.rows.iter().filter(|r| r.decided != Some(true)).collect();
    rest.sort_by(|a, b| b.tied.cmp(&a.tied).then(b.counts[0].cmp(&a.counts[0])));
    let mut names: Vec<String> = Vec::new();
    let mut last = None;
    for r in rest {
        if names.len() >= need && !r.tied && Some(r.counts[0]) != last {
            break;
        }
        last = Some(r.counts[0]);
        names.push(r.name.clone());
    }
    Some((seats, names))
}

/// The decision text (决议) of a closed ballot, for the printed minutes and
/// the disclosure board.
pub fn minutes(title: &str, closed_on: &str, o: &Outcome) -> String {
    let mut out = String::new();
    out.push_str(&format!("{title}\n\n"));
    out.push_str(&format!(
        "{closed_on}，应到{}人，实到{}人，收回选票{}张{}。\n",
        o.entitled,
        o.present,
        o.cast,
        if o.invalid > 0 { format!("（其中无效票{}张）", o.invalid) } else { String::new() }
    ));
    match o.kind {
        BallotKind::Motion => {
            out.push_str("表决结果如下（通过须赞成票超过应到人数的半数）：\n");
            for (i, r) in o.rows.iter().enumerate() {
                out.push_str(&format!(
                    "{}. {}：赞成{}票（{}），反对{}票，弃权{}票，{}。\n",
                    i + 1,
                    r.name,
                    r.counts[0],
                    r.rates[0],
                    r.counts[1],
                    r.counts[2],
                    if r.decided == Some(true) { "通过" } else { "未通过" }
                ));
            }
        }
        BallotKind::Election => {
            if !o.valid {
                out.push_str(&format!(
                    "到会人数不足应到人数的三分之二（至少{}人），选举无效。\n",
                    quorum_needed(o.entitled)
                ));
                return out;
            }
            out.push_str(&format!("应选{}名，当选须得票超过应到人数的半数。得票情况：\n", o.seats));
            for r in &o.rows {
                out.push_str(&format!(
                    "{}{}：{}票（{}）{}\n",
                    r.name,
                    if r.write_in { "（另选他人）" } else { "" },
                    r.counts[0],
                    r.rates[0],
                    match (r.decided, r.tied) {
                        (Some(true), _) => "，当选",
                        (_, true) => "，票数相同，另行选举",
                        _ => "",
                    }
                ));
            }
            let elected: Vec<&str> = o.elected().map(|r| r.name.as_str()).collect();
            if elected.is_empty() {
                out.push_str("无人当选。\n");
            } else {
                out.push_str(&format!("当选：{}。\n", elected.join("、")));
            }
            if o.unfilled > 0 {
                out.push_str(&format!("尚缺{}名，另行选举。\n", o.unfilled));
            }
        }
        BallotKind::Appraisal => {
            out.push_str("民主评议结果如下（比例按有效票计）：\n");
            for r in &o.rows {
                let parts: Vec<String> = o
                    .columns
                    .iter()
                    .zip(&r.counts)
                    .zip(&r.rates)
                    .map(|((c, n), rate)| format!("{c}{n}票（{rate}）"))
                    .collect();
                out.push_str(&format!("{}：{}。\n", r.name, parts.join("，")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::ballot::{Paper, Row, count};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn passing_needs_more_than_half_of_all_entitled() {
        // 100 delegates, 70 present, 45 yes: a majority of those voting but
        // not of all delegates — not passed.
        assert!(!passes(45, 100));
        assert!(!passes(50, 100));
        assert!(passes(51, 100));
        assert!(passes(2, 3));
        assert!(!passes(0, 0));
    }

    #[test]
    fn quorum_is_two_thirds() {
        assert!(quorum_met(20, 30));
        assert!(!quorum_met(19, 30));
        assert_eq!(quorum_needed(30), 20);
        assert_eq!(quorum_needed(31), 21);
        assert!(quorum_met(21, 31));
        assert!(!quorum_met(20, 31));
        assert!(!quorum_met(0, 0));
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(2, 3), "66.7%");
        assert_eq!(pct(51, 100), "51.0%");
        assert_eq!(pct(0, 0), "—");
    }

    #[test]
    fn elections_fill_seats_by_votes_above_half() {
        // 10 entitled: more than 5 votes needed.
        assert_eq!(elect(10, 2, &[9, 7, 6, 4]), (vec![0, 1], vec![]));
        // Only one above half: a seat stays unfilled.
        assert_eq!(elect(10, 2, &[9, 5, 3]), (vec![0], vec![]));
        // A tie for the last seat: neither is elected.
        assert_eq!(elect(10, 2, &[9, 7, 7, 2]), (vec![0], vec![1, 2]));
        // A tie that fits is elected together.
        assert_eq!(elect(10, 3, &[9, 7, 7, 2]), (vec![0, 1, 2], vec![]));
    }

    fn spec(seats: u32, names: &[&str]) -> Spec {
        Spec {
            kind: BallotKind::Election,
            items: names.iter().map(|s| s.to_string()).collect(),
            seats,
            write_in: true,
        }
    }

    #[test]
    fn ties_and_unfilled_seats_go_to_a_further_round() {
        let s = spec(3, &["甲", "乙", "丙", "丁", "戊"]);
        let counts = Counts {
            cast: 10,
            invalid: 0,
            rows: vec![
                Row { name: "甲".into(), counts: vec![9], write_in: false },
                Row { name: "乙".into(), counts: vec![7], write_in: false },
                Row { name: "丙".into(), counts: vec![7], write_in: false },
                Row { name: "丁".into(), counts: vec![7], write_in: false },
                Row { name: "戊".into(), counts: vec![1], write_in: false },
            ],
        };
        let o = decide(&s, 10, 10, &counts);
        assert!(o.valid);
        let elected: Vec<&str> = o.elected().map(|r| r.name.as_str()).collect();
        assert_eq!(elected, vec!["甲"]);
        assert_eq!(o.unfilled, 2);
        let (seats, names) = further_round(&o).unwrap();
        assert_eq!(seats, 2);
        // The three tied, which already exceed 2 + 1.
        assert_eq!(names, vec!["乙", "丙", "丁"]);
        let text = minutes("工会委员会选举", "2026年11月21日", &o);
        assert!(text.contains("票数相同，另行选举") && text.contains("尚缺2名"), "{text}");
    }

    #[test]
    fn an_election_without_two_thirds_present_is_void() {
        let s = spec(1, &["甲", "乙"]);
        let mut c = Counts::empty(&s);
        c.cast = 6;
        c.rows[0].counts = vec![6];
        let o = decide(&s, 10, 6, &c);
        assert!(!o.valid);
        assert_eq!(o.elected().count(), 0);
        assert!(further_round(&o).is_none());
        assert!(minutes("t", "d", &o).contains("选举无效"));
    }

    #[test]
    fn motion_minutes_say_passed_or_not() {
        let s = Spec {
            kind: BallotKind::Motion,
            items: vec!["甲议题".into(), "乙议题".into()],
            seats: 0,
            write_in: false,
        };
        let papers = vec![
            Paper::Motion(vec![super::super::ballot::Choice::Yes, super::super::ballot::Choice::No]),
            Paper::Motion(vec![super::super::ballot::Choice::Yes, super::super::ballot::Choice::Yes]),
        ];
        let o = decide(&s, 3, 2, &count(&s, &papers));
        assert_eq!(o.rows[0].decided, Some(true));
        assert_eq!(o.rows[1].decided, Some(false));
        let text = minutes("第一次会议表决", "2026年11月21日", &o);
        assert!(text.contains("1. 甲议题：赞成2票（66.7%），反对0票，弃权0票，通过"), "{text}");
        assert!(text.contains("2. 乙议题：赞成1票（33.3%），反对1票，弃权0票，未通过"), "{text}");
    }

    proptest! {
        #[test]
        fn the_elected_pass_and_fit(entitled in 1u64..200, seats in 1u32..8, votes in proptest::collection::vec(0u64..200, 1..15)) {
            let votes: Vec<u64> = votes.into_iter().map(|v| v.min(entitled)).collect();
            let (elected, tied) = elect(entitled, seats, &votes);
            prop_assert!(elected.len() as u32 <= seats);
            for &i in &elected {
                prop_assert!(votes[i] * 2 > entitled);
                // Nobody left out has more votes than someone elected.
                for (j, v) in votes.iter().enumerate() {
                    if !elected.contains(&j) {
                        prop_assert!(*v <= votes[i]);
                    }
                }
            }
            if !tied.is_empty() {
                prop_assert!(elected.len() + tied.len() > seats as usize);
                let v = votes[tied[0]];
                prop_assert!(tied.iter().all(|&t| votes[t] == v));
            }
        }

        #[test]
        fn passing_is_a_strict_majority_of_entitled(yes in 0u64..1000, entitled in 0u64..1000) {
            prop_assert_eq!(passes(yes, entitled), entitled > 0 && yes > entitled / 2 && (yes as f64) > (entitled as f64) / 2.0);
        }
    }
}
