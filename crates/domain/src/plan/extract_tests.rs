//! The extraction on the shared seeds (../shared/seeds, copied beside this
//! file): every quantified goal sentence comes out as a candidate with its
//! comparator, value, unit and suggested metric; reports of what was done
//! ("开展了", "已有", "实际完成", "评选出", a day's account) and figures that
//! are names ("三个代表", "三届七次"), ordinals or frequencies do not.

use proptest::prelude::*;

use super::extract::{Candidate, Comparator, extract};
use super::metric::{Metric, OwnershipScope, Scope};

const SEEDS: [(&str, &str); 3] = [
    ("000", include_str!("seeds/000_6fd2ff6756ff44f6.txt")),
    ("001", include_str!("seeds/001_031ff6f7eb7b6571.txt")),
    ("002", include_str!("seeds/002_81eccbbc9132d5d4.txt")),
];

use Comparator::{AtLeast as Ge, AtMost as Le, Exactly as Eq};

/// (a piece of the sentence, comparator, value, upper, unit, metric, min_staff).
type Expected = (&'static str, Comparator, f64, Option<f64>, &'static str, Option<Metric>, Option<u32>);

const SEED_000: &[Expected] = &[
    ("按工会经费定额标准的2%足额拨给工会", Eq, 2.0, None, "%", None, None),
    ("并选优秀论文2-3篇送教育局参评", Ge, 2.0, Some(3.0), "篇", None, None),
    ("坚持每学年召开1-2次教代会", Ge, 1.0, Some(2.0), "次", None, None),
    ("25人以上企业建独立工会率达95%以上", Ge, 95.0, None, "%", Some(Metric::UnionisationRate), Some(25)),
    ("正常经营企业建会率达到95%以上", Ge, 95.0, None, "%", Some(Metric::UnionisationRate), None),
    ("各社区新增建会任务全年不少于2家", Ge, 2.0, None, "家", Some(Metric::NewUnions), None),
    ("签订工资集体协议达到90%以上", Ge, 90.0, None, "%", Some(Metric::ContractRate), None),
    ("新增建制企业全年不少于2家", Ge, 2.0, None, "家", None, None),
    ("单独建会正常生产经营企业的40%以上的目标", Ge, 40.0, None, "%", None, None),
    ("各社区完成创建和谐企业2家以上", Ge, 2.0, None, "家", None, None),
    ("各完成一篇较高质量的调研报告", Ge, 1.0, None, "篇", None, None),
    ("签订率在90%以上", Ge, 90.0, None, "%", Some(Metric::ContractRate), None),
    ("开展慰问，款项达2万余元", Ge, 2.0, None, "万元", Some(Metric::CareAmount), None),
    ("组织教职工外出参观学习(三天)", Ge, 3.0, None, "天", None, None),
    ("两项评选活动", Ge, 2.0, None, "项", Some(Metric::ActivitiesHeld), None),
    ("职工慰问覆盖人次达到集团在岗职工20%的目标", Ge, 20.0, None, "%", Some(Metric::CareCoverageRate), None),
];

const SEED_001: &[Expected] = &[
    ("入会率一直都保持在100%", Ge, 100.0, None, "%", Some(Metric::MembershipRate), None),
    ("举办一期“工资集体协商谈判代表”培训班", Ge, 1.0, None, "期", Some(Metric::TrainingCourses), None),
];

const SEED_002: &[Expected] = &[
    ("力争再创十家示范工会", Ge, 10.0, None, "家", None, None),
    ("确保工会建立一个", Ge, 1.0, None, "个", None, None),
    ("组织1—2期工会干部业务培训", Ge, 1.0, Some(2.0), "期", Some(Metric::CadreTrainingCourses), None),
];

fn check(name: &str, text: &str, expected: &[Expected]) {
    let found = extract(text);
    let show = |c: &Candidate| {
        format!("{} {} {} {:?} | {}", c.comparator.as_str(), c.value, c.unit, c.metric, c.sentence)
    };
    assert_eq!(
        found.len(),
        expected.len(),
        "seed {name}: found\n{}",
        found.iter().map(show).collect::<Vec<_>>().join("\n")
    );
    for (c, e) in found.iter().zip(expected) {
        let (piece, comparator, value, upper, unit, metric, min_staff) = *e;
        assert!(c.sentence.contains(piece), "seed {name}: {piece} not in {}", show(c));
        assert_eq!(
            (c.comparator, c.value, c.upper, c.unit.as_str()),
            (comparator, value, upper, unit),
            "{piece}"
        );
        assert_eq!(c.metric, metric, "{piece}");
        assert_eq!(c.scope.and_then(|s| s.min_staff), min_staff, "{piece}");
        // The sentence is kept as written: a sentence of the seed.
        assert!(text.replace(['\n', '\r'], "").contains(&c.sentence.replace(['\n', '\r'], "")), "{piece}");
    }
}

#[test]
fn seed_000_targets() {
    check("000", SEEDS[0].1, SEED_000);
}

#[test]
fn seed_001_targets() {
    check("001", SEEDS[1].1, SEED_001);
}

#[test]
fn seed_002_targets() {
    check("002", SEEDS[2].1, SEED_002);
}

fn one(text: &str) -> Candidate {
    let found = extract(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn the_issues_examples() {
    let c = one("建会率达95%以上");
    assert_eq!(
        (c.comparator, c.value, c.unit.as_str(), c.metric),
        (Ge, 95.0, "%", Some(Metric::UnionisationRate))
    );
    let c = one("帮助督促企业签订集体合同，签订率在90%以上。");
    assert_eq!((c.comparator, c.metric), (Ge, Some(Metric::ContractRate)));
    let c = one("送温暖工作群众满意率达到80%以上");
    assert_eq!((c.comparator, c.value, c.metric), (Ge, 80.0, None));
    let c = one("文体活动参与面达到90%以上");
    assert_eq!(c.metric, Some(Metric::ParticipationRate));
    let c = one("新增建会不少于2家");
    assert_eq!((c.comparator, c.value, c.unit.as_str(), c.metric), (Ge, 2.0, "家", Some(Metric::NewUnions)));
    let c = one("组织1—2期工会干部业务培训");
    assert_eq!((c.comparator, c.value, c.upper), (Ge, 1.0, Some(2.0)));
    let c = one("全年举办一次职工运动会");
    assert_eq!((c.comparator, c.value, c.unit.as_str()), (Ge, 1.0, "次"));
    let c = one("新建10家职工书屋");
    assert_eq!((c.comparator, c.value, c.unit.as_str()), (Ge, 10.0, "家"));
    let c = one("全年开展各类活动100余次");
    assert_eq!((c.comparator, c.value, c.metric), (Ge, 100.0, Some(Metric::ActivitiesHeld)));
    let c = one("非公有制企业职代会建制率达到50%");
    assert_eq!((c.comparator, c.value, c.metric), (Ge, 50.0, Some(Metric::CongressRate)));
    assert_eq!(c.scope, Some(Scope { ownership: Some(OwnershipScope::NonPublic), min_staff: None }));
    // 万元 stays 万元.
    let c = one("全年发放慰问金不少于4万元");
    assert_eq!((c.value, c.unit.as_str(), c.metric), (4.0, "万元", Some(Metric::CareAmount)));
    // At most.
    assert_eq!(one("劳动争议案件控制在5起以内").comparator, Le);
    assert_eq!(one("重大安全事故不超过1起").comparator, Le);
    assert_eq!(one("职工流失率控制在5%以下").comparator, Le);
    // An exact figure with no direction.
    assert_eq!(one("工会经费按工资总额的2%拨缴").comparator, Eq);
    // 百分之 and Chinese numerals.
    let c = one("入会率达到百分之九十五");
    assert_eq!((c.value, c.unit.as_str(), c.metric), (95.0, "%", Some(Metric::MembershipRate)));
    let c = one("组织三期培训");
    assert_eq!((c.value, c.unit.as_str(), c.metric), (3.0, "期", Some(Metric::TrainingCourses)));
}

#[test]
fn what_is_no_target() {
    for text in [
        "没有找到任何数字的一段话",
        "上半年召开职工大会一次，工会委员会议六次，提出有效议案三条，目前已解决一条。",
        "举办了两期培训班，100余名职工参加了培训。",
        "5月10日，开展法律宣传活动，发放手册200余份。",
        "以“三个代表”重要思想为指导，实现“三个逐步转向”。",
        "今年召开三届七次职代会。",
        "督促各协会每月一次小活动。",
        "评选出10家区级示范工会。",
        "劳动竞赛是工会工作的一项重要活动。",
        "年龄结构为40岁以上18人。",
        "20xx年工作计划",
        "第3季度完成考核",
    ] {
        assert!(extract(text).is_empty(), "{text}: {:?}", extract(text));
    }
}

#[test]
fn comparators_hold() {
    assert!(Ge.holds(95.0, 95.0) && !Ge.holds(94.99, 95.0));
    assert!(Le.holds(5.0, 5.0) && !Le.holds(5.01, 5.0));
    assert!(Eq.holds(2.0, 2.0) && !Eq.holds(2.1, 2.0));
    for c in [Ge, Le, Eq] {
        assert_eq!(Comparator::parse(c.as_str()), Some(c));
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(c.as_str()));
    }
}

/// Writes `n` (1..=99) in Chinese numerals.
fn cn(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

proptest! {
    #[test]
    fn counts_in_either_numerals(n in 1u32..100, chinese in any::<bool>(), unit in prop::sample::select(vec!["家", "次", "期", "人", "名", "元", "万元"])) {
        let number = if chinese { cn(n) } else { n.to_string() };
        let c = one(&format!("全年新增{number}{unit}"));
        prop_assert_eq!(c.value, f64::from(n));
        prop_assert_eq!(c.unit.as_str(), unit);
        prop_assert_eq!(c.comparator, Ge);
    }

    #[test]
    fn ranges_give_their_lower_bound(a in 1u32..50, d in 1u32..50, dash in prop::sample::select(vec!["—", "-", "～", "至", "——"])) {
        let b = a + d;
        let c = one(&format!("组织{a}{dash}{b}期工会干部培训"));
        prop_assert_eq!((c.comparator, c.value, c.upper), (Ge, f64::from(a), Some(f64::from(b))));
        prop_assert_eq!(c.metric, Some(Metric::CadreTrainingCourses));
    }

    #[test]
    fn rates_keep_their_figure(bp in 0u32..10_000, word in prop::sample::select(vec!["达到", "不低于", "保持在", "力争达到"])) {
        let v = f64::from(bp) / 100.0;
        let c = one(&format!("入会率{word}{v}%以上"));
        prop_assert!((c.value - v).abs() < 1e-9);
        prop_assert_eq!((c.comparator, c.metric), (Ge, Some(Metric::MembershipRate)));
    }

    #[test]
    fn any_text_is_read_without_panic(s in "\\PC{0,200}") {
        let _ = extract(&s);
    }
}
