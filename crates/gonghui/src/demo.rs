//! Demo data: a district federation with three street federations, twenty
//! grassroots unions of every employer type, their groups and committees,
//! and one account per role. The same names and structure every time.

use anyhow::{Context, bail};
use chrono::NaiveDate;
use domain::auth::Role;
use domain::org::{OrgFields, credit_code_check_char};
use std::sync::Arc;
use store::Db;

use app::auth::Principal;
use app::crypto::Keys;
use app::{auth::service as users, org::service as orgs};
use uuid::Uuid;

/// The password of every demo account (README lists them).
pub const DEMO_PASSWORD: &str = "gonghui2026";

type Ymd = (i32, u32, u32);
/// (street index, name, employer, employer type, staff, founded, term start, term years)
type DemoUnion = (usize, &'static str, &'static str, &'static str, i64, Ymd, Ymd, i64);

const UNIONS: &[DemoUnion] = &[
    (0, "东湖区人民政府机关工会", "东湖区人民政府", "government", 186, (1998, 5, 1), (2023, 4, 20), 5),
    (0, "东湖区第一中学工会", "东湖区第一中学", "public_institution", 142, (1995, 9, 10), (2022, 9, 1), 5),
    (0, "东湖区人民医院工会", "东湖区人民医院", "public_institution", 860, (1990, 3, 1), (2021, 12, 1), 5),
    (
        0,
        "东湖城市建设投资集团有限公司工会",
        "东湖城市建设投资集团有限公司",
        "state_owned",
        420,
        (2008, 6, 18),
        (2024, 1, 15),
        5,
    ),
    (
        0,
        "东湖公交集团有限公司工会",
        "东湖公交集团有限公司",
        "state_owned",
        1350,
        (2001, 7, 1),
        (2021, 6, 1),
        5,
    ),
    (0, "东湖区供销合作社工会", "东湖区供销合作社", "collective", 64, (1985, 1, 1), (2023, 11, 8), 3),
    (
        0,
        "华宇电子科技有限公司工会",
        "华宇电子科技有限公司",
        "non_public",
        318,
        (2012, 4, 26),
        (2022, 4, 26),
        5,
    ),
    (
        1,
        "恒信精密机械有限公司工会",
        "恒信精密机械有限公司",
        "non_public",
        205,
        (2010, 10, 9),
        (2025, 3, 3),
        5,
    ),
    (1, "美味佳食品有限公司工会", "美味佳食品有限公司", "non_public", 96, (2015, 5, 20), (2024, 5, 20), 3),
    (1, "顺达物流有限公司工会", "顺达物流有限公司", "non_public", 150, (2016, 8, 1), (2023, 8, 1), 5),
    (1, "东湖区快递行业联合工会", "东湖区快递行业协会", "non_public", 540, (2019, 12, 1), (2024, 12, 1), 3),
    (
        1,
        "西岭社区卫生服务中心工会",
        "西岭社区卫生服务中心",
        "public_institution",
        48,
        (2006, 3, 8),
        (2022, 3, 8),
        5,
    ),
    (1, "西岭纺织有限公司工会", "西岭纺织有限公司", "non_public", 610, (2003, 11, 11), (2026, 6, 30), 5),
    (2, "绿源环保科技有限公司工会", "绿源环保科技有限公司", "non_public", 37, (2020, 6, 5), (2024, 6, 5), 3),
    (
        2,
        "西岭社会工作服务中心工会",
        "西岭社会工作服务中心",
        "social_organisation",
        26,
        (2018, 9, 1),
        (2023, 9, 1),
        3,
    ),
    (2, "南湾港务有限公司工会", "南湾港务有限公司", "state_owned", 980, (1999, 1, 1), (2022, 12, 20), 5),
    (
        2,
        "南湾农贸市场管理有限公司工会",
        "南湾农贸市场管理有限公司",
        "collective",
        58,
        (2011, 2, 14),
        (2025, 2, 14),
        5,
    ),
    (2, "南湾小学工会", "南湾小学", "public_institution", 88, (1993, 9, 1), (2024, 9, 1), 5),
    (2, "星海软件有限公司工会", "星海软件有限公司", "non_public", 265, (2014, 3, 18), (2021, 11, 30), 5),
    (2, "南湾律师协会工会", "东湖区南湾律师协会", "social_organisation", 41, (2017, 7, 7), (2023, 7, 7), 3),
];

/// The union with the roster, the logins and the records (华宇电子).
const DEMO_UNION: usize = 6;

const GROUPS: &[&[&str]] = &[
    &["办公室工会小组", "业务科室工会小组"],
    &["生产一车间工会小组", "生产二车间工会小组", "技术部工会小组", "后勤工会小组"],
    &["第一工会小组", "第二工会小组", "第三工会小组"],
];

/// Surnames of the demo's people (欧阳 is a two-character one).
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "邓",
];

/// Given names with the sex they are given to (true: a man). Every person
/// in the demo is named from this table with their own sex, so a name never
/// contradicts the member's gender; `gender_of` reads it back for tests.
pub const GIVEN_NAMES: &[(&str, bool)] = &[
    ("建国", true),
    ("伟", true),
    ("强", true),
    ("磊", true),
    ("军", true),
    ("洋", true),
    ("勇", true),
    ("杰", true),
    ("涛", true),
    ("明", true),
    ("超", true),
    ("志刚", true),
    ("海波", true),
    ("斌", true),
    ("刚", true),
    ("秀英", false),
    ("芳", false),
    ("娜娜", false),
    ("敏", false),
    ("静", false),
    ("丽", false),
    ("艳", false),
    ("娟", false),
    ("海燕", false),
    ("婷", false),
    ("雪梅", false),
    ("桂兰", false),
    ("红", false),
    ("燕", false),
];

/// The demo's name for a person of the given sex, varied by `k`.
fn person_name(k: usize, man: bool) -> String {
    let given: Vec<&str> = GIVEN_NAMES.iter().filter(|(_, m)| *m == man).map(|(g, _)| *g).collect();
    format!("{}{}", SURNAMES[k % SURNAMES.len()], given[(k * 7 + k / SURNAMES.len()) % given.len()])
}

/// The sex the demo's name table gives a name (None: a name it does not
/// make). The surname is the first character, or 欧阳.
pub fn gender_of(name: &str) -> Option<bool> {
    let given = name.strip_prefix("欧阳").unwrap_or_else(|| {
        let mut c = name.chars();
        c.next();
        c.as_str()
    });
    GIVEN_NAMES.iter().find(|(g, _)| *g == given).map(|(_, man)| *man)
}

/// The people behind the demo's logins (their display names): nobody else
/// in the demo is given one of these names.
const LOGIN_HOLDERS: [&str; 9] = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "赵磊", "黄丽", "周杰"];

/// Committee members of the other unions: distinct names of either sex,
/// none of them a login holder's.
struct Names {
    k: usize,
}

impl Names {
    fn next(&mut self, man: bool) -> String {
        loop {
            self.k += 1;
            let name = person_name(self.k, man);
            if !LOGIN_HOLDERS.contains(&name.as_str()) {
                return name;
            }
        }
    }
}

fn d((y, m, day): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("demo dates are valid")
}

/// A valid 统一社会信用代码 made from an index: `91` (enterprise) or another
/// registration prefix, the district code, `MA`, the index, the check char.
fn credit_code(prefix: &str, i: usize) -> String {
    let body = format!("{prefix}350102MA{i:07}");
    let check = credit_code_check_char(&body).expect("digits and letters of the code set");
    format!("{body}{check}")
}

fn prefix_of(employer_type: &str) -> &'static str {
    match employer_type {
        "government" => "11",
        "public_institution" => "12",
        "social_organisation" => "52",
        _ => "91",
    }
}

fn e(err: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}", err.0)
}

/// Creates the demo data unless the database already has orgs.
pub async fn create_if_empty(db: &Db, keys: &Arc<Keys>) -> anyhow::Result<bool> {
    let mut tx = db.read().await?;
    let (_, count) =
        store::org::list(&mut tx, &["/".to_owned()], &Default::default(), store::Page::new(None, Some(1)))
            .await?;
    drop(tx);
    if count > 0 {
        return Ok(false);
    }
    create(db, keys).await?;
    Ok(true)
}

/// Creates the demo data; refuses a database that already has orgs.
pub async fn create(db: &Db, keys: &Arc<Keys>) -> anyhow::Result<()> {
    let state = app::AppState::new(db.clone(), Default::default(), Arc::clone(keys));
    let mut tx = db.read().await?;
    let admin =
        store::auth::user_by_username(&mut tx, "admin").await?.context("请先启动一次服务以创建系统管理员")?;
    let (_, count) =
        store::org::list(&mut tx, &["/".to_owned()], &Default::default(), store::Page::new(None, Some(1)))
            .await?;
    drop(tx);
    if count > 0 {
        bail!("数据库中已有组织，演示数据只能生成到空数据库中");
    }
    let p = Principal {
        user_id: admin.id,
        username: admin.username.clone(),
        display_name: admin.display_name.clone(),
        grants: vec![(Role::Admin, None)],
        ip: "demo".into(),
        session: None,
    };
    let named = |name: &str| OrgFields { name: name.into(), ..Default::default() };
    let district = orgs::create(&state, &p, "federation", None, &named("东湖区总工会")).await.map_err(e)?;
    let mut streets = Vec::new();
    for name in ["东湖街道总工会", "西岭街道总工会", "南湾街道总工会"] {
        streets
            .push(orgs::create(&state, &p, "federation", Some(district.id), &named(name)).await.map_err(e)?);
    }
    let mut people = Names { k: 0 };
    let mut demo_union = None;
    for (i, (street, name, employer, kind, staff, founded, term_start, years)) in UNIONS.iter().enumerate() {
        let fields = OrgFields {
            name: (*name).into(),
            credit_code: Some(credit_code(prefix_of(kind), i + 1)),
            employer_name: Some((*employer).into()),
            employer_type: Some((*kind).into()),
            staff_count: Some(*staff),
            founded_on: Some(d(*founded)),
            bank_account: Some(format!("6222 0212 0300 {:04}", 1000 + i)),
            star_rating: Some((i % 5) as i64 + 1),
            honours: (i % 4 == 0).then(|| "模范职工之家".to_owned()),
        };
        let union = orgs::create(&state, &p, "union", Some(streets[*street].id), &fields).await.map_err(e)?;
        let mut groups = Vec::new();
        for g in GROUPS[i % GROUPS.len()] {
            let g = orgs::create(&state, &p, "group", Some(union.id), &named(g)).await.map_err(e)?;
            groups.push(g);
        }
        orgs::add_term(&state, &p, union.id, Some(d(*term_start)), *years).await.map_err(e)?;
        // The demo union's committee is the people of its logins: 主席 is
        // zhuxi's 王建国, 经审 and 女职工 heads are jingshen's and nvgong's,
        // the officer and the treasurer sit as 委员; its 副主席 is a roster
        // member (the 8th). Other unions: names of either sex, a woman
        // heading the 女职工委员会.
        let committee: Vec<(&str, String)> = if i == DEMO_UNION {
            vec![
                ("chair", "王建国".into()),
                ("vice_chair", roster_name(7).0),
                ("member", "李秀英".into()),
                ("member", "张伟".into()),
                ("audit_chair", "刘芳".into()),
                ("women_chair", "陈静".into()),
            ]
        } else {
            let k = people.k;
            vec![
                ("chair", people.next(!k.is_multiple_of(3))),
                ("vice_chair", people.next(k.is_multiple_of(2))),
                ("member", people.next(true)),
                ("member", people.next(false)),
                ("audit_chair", people.next(k % 2 == 1)),
                ("women_chair", people.next(false)),
            ]
        };
        for (post, person) in committee {
            orgs::add_post(&state, &p, union.id, None, post, &person, false).await.map_err(e)?;
        }
        if i == DEMO_UNION {
            demo_union = Some((union, groups));
        }
    }
    let (union, groups) = demo_union.expect("the demo union is among the twenty");
    let accounts: [(&str, &str, Role, Uuid); 9] = [
        ("zhuxi", "王建国（工会主席）", Role::Chair, union.id),
        ("ganshi", "李秀英（工会干事）", Role::Officer, union.id),
        ("caiwu", "张伟（财务）", Role::Treasurer, union.id),
        ("jingshen", "刘芳（经审委员）", Role::Auditor, union.id),
        ("nvgong", "陈静（女职工委员会）", Role::WomenCommittee, union.id),
        ("zuzhang", "杨洋（工会小组长）", Role::GroupLeader, groups[0].id),
        ("huiyuan", "赵磊（会员）", Role::Member, union.id),
        ("quzong", "黄丽（区总工会）", Role::Federation, district.id),
        ("jiedao", "周杰（东湖街道总工会）", Role::Federation, streets[0].id),
    ];
    let mut union_accounts = Vec::new();
    let mut principals = Vec::new();
    for (username, display_name, role, org_id) in accounts {
        let home = if role == Role::Federation { org_id } else { union.id };
        let input = users::NewUser {
            username: username.into(),
            password: DEMO_PASSWORD.into(),
            display_name: display_name.into(),
            org_id: Some(home),
        };
        let user = users::create_user(&state, &p, &input).await.map_err(e)?;
        users::grant_role(&state, &p, user.id, role.as_str(), Some(org_id)).await.map_err(e)?;
        if role != Role::Federation {
            union_accounts.push(user.id);
            principals.push(Principal {
                user_id: user.id,
                username: username.into(),
                display_name: display_name.into(),
                grants: vec![(role, Some(union.path.clone()))],
                ip: "demo".into(),
                session: None,
            });
        }
    }
    let roster = members(&state, &p, union.id, &groups).await?;
    // The union's accounts are members of its roster (the first ones, by
    // name): each reaches their own records under 我的.
    for (user_id, member_id) in union_accounts.iter().zip(&roster) {
        app::care::me::link(&state, &p, union.id, *member_id, *user_id, false).await.map_err(e)?;
    }
    congress(&state, &p, union.id, &roster, &union_accounts).await?;
    // The treasurer (张伟) enters the opening balances, the chair (王建国)
    // reviews and posts them: the books start with the money the union had.
    books(&state, union.id, &principals[2], &principals[0]).await?;
    // The chair (王建国, the first account) approves the care payments.
    care(&state, &p, union.id, &roster, union_accounts[0]).await?;
    tracing::info!("demo data created");
    Ok(())
}

/// The demo union's opening balances (期初余额) for this month: cash in
/// hand, the bank account, stores, the share owed upwards and the fund
/// balance, balanced (资产 303,500.00 = 负债 18,000.00 + 净资产 285,500.00).
async fn books(
    state: &app::AppState,
    union: Uuid,
    treasurer: &Principal,
    chair: &Principal,
) -> anyhow::Result<()> {
    use app::finance::{opening, service};
    use domain::finance::opening::Balance;
    let first = domain::finance::ledger::Period::of(service::today());
    let balances: Vec<Balance> = [
        ("1001", 500_000),
        ("1002", 28_650_000),
        ("1401", 1_200_000),
        ("2201", 1_800_000),
        ("3302", 28_550_000),
    ]
    .into_iter()
    .map(|(account, amount_fen)| Balance { account: account.into(), amount_fen })
    .collect();
    opening::save(state, treasurer, union, Some(first), &balances).await.map_err(e)?;
    opening::review(state, chair, union, true).await.map_err(e)?;
    opening::post(state, chair, union).await.map_err(e)?;
    Ok(())
}

/// The holders of the demo union's accounts (zhuxi … huiyuan, in that
/// order), the first members of its roster: (name, man).
const ACCOUNT_HOLDERS: [(&str, bool); 7] = [
    ("王建国", true),
    ("李秀英", false),
    ("张伟", true),
    ("刘芳", false),
    ("陈静", false),
    ("杨洋", true),
    ("赵磊", true),
];

/// The roster's `i`th member: (name, man). The account holders first,
/// then names from the table, men and women alternating (odd `i`: a man).
pub fn roster_name(i: usize) -> (String, bool) {
    const ROSTER_SURNAMES: [&str; 12] =
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "徐"];
    match ACCOUNT_HOLDERS.get(i) {
        Some((name, man)) => ((*name).to_owned(), *man),
        None => {
            let man = i % 2 == 1;
            let given: Vec<&str> = GIVEN_NAMES.iter().filter(|(_, m)| *m == man).map(|(g, _)| *g).collect();
            // The given name moves on each round of surnames: no name twice.
            let g = given[(i / ROSTER_SURNAMES.len() * 5 + i) % given.len()];
            (format!("{}{g}", ROSTER_SURNAMES[i % ROSTER_SURNAMES.len()]), man)
        }
    }
}

/// Roster members with an approved hardship file (flagged 困难职工), and
/// the one whose file is still waiting and does not qualify.
const HARDSHIP_APPROVED: [usize; 2] = [13, 26];
const HARDSHIP_WAITING: usize = 39;
/// A member who joined without a 会费基数 on file: the dues page lists them
/// as needing one.
const NO_DUES_BASE: usize = 57;

/// A roster for the demo union: 60 members across its groups, with a card
/// number pattern, a retired member and a pending online application.
/// Returns the active members' ids, the account holders first.
async fn members(
    state: &app::AppState,
    p: &Principal,
    union: Uuid,
    groups: &[store::org::Org],
) -> anyhow::Result<Vec<Uuid>> {
    let mut active = Vec::new();
    use app::member::service::{self, MemberInput};
    use domain::member::{Column, MemberStatus, id_check_char};
    service::save_settings(state, p, union, Some("HY{YYYY}{SEQ:4}"), true).await.map_err(e)?;
    for i in 0..60usize {
        let birth = NaiveDate::from_ymd_opt(1965 + (i % 35) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
            .expect("valid");
        // The ID's sequence digit gives the sex: odd for men, even for
        // women, as the name table says.
        let (name, man) = roster_name(i);
        let seq = 200 + 2 * i + usize::from(man);
        let body = format!("350102{}{:03}", birth.format("%Y%m%d"), seq);
        let id = format!("{body}{}", id_check_char(&body).expect("17 digits"));
        let mut input = MemberInput {
            // Pairs of neighbours share a group, so each group has men and
            // women (杨洋, the group leader, is in the first group).
            group_id: groups.get((i / 2) % groups.len().max(1)).map(|g| g.id),
            model_worker: i % 17 == 0,
            hardship: HARDSHIP_APPROVED.contains(&i),
            ..Default::default()
        };
        input.set(Column::Name, Some(name));
        input.set(Column::IdNumber, Some(id));
        input.set(Column::Mobile, Some(format!("139{:08}", 5_000_000 + i)));
        input.set(Column::JoinDate, Some(format!("{}-0{}-01", 2005 + i % 20, 1 + i % 9)));
        if i != NO_DUES_BASE {
            input.set(Column::DuesBase, Some(format!("{}", 4000 + (i % 9) * 500)));
        }
        input.set(Column::Ethnicity, Some("汉族"));
        let status = if i == 59 { MemberStatus::Applying } else { MemberStatus::Active };
        let m = service::create(state, p.actor(), union, &input, status).await.map_err(e)?;
        if i == 58 {
            service::change_status(state, p, union, m.id, "retained", None, "退休").await.map_err(e)?;
        } else if status == MemberStatus::Active {
            active.push(m.id);
        }
    }
    Ok(active)
}

/// The demo union's worker congress: a term with 36 delegates from the
/// roster, a session in ten days with its agenda (papers not yet sent, so
/// the reminder shows), a paper-ballot motion for it, and an open
/// electronic motion for the union's own accounts (the member account sees
/// it under 待投票).
async fn congress(
    state: &app::AppState,
    p: &Principal,
    union: Uuid,
    roster: &[Uuid],
    accounts: &[Uuid],
) -> anyhow::Result<()> {
    use app::democracy::{congress as cg, service as ballots};
    let term = cg::create_term(state, p, union, NaiveDate::from_ymd_opt(2025, 3, 20), 5, Some("delegates"))
        .await
        .map_err(e)?;
    for (i, m) in roster.iter().take(36).enumerate() {
        let input = cg::DelegateInput {
            member_id: Some(*m),
            manager: i % 6 == 0,
            frontline: i % 6 != 0,
            presidium: i < 9,
            ..Default::default()
        };
        cg::add_delegate(state, p, union, term.id, &input).await.map_err(e)?;
    }
    let meets = cg::today() + chrono::Days::new(10);
    let session =
        cg::create_session(state, p, union, Some(term.id), None, meets, Some("公司职工之家多功能厅"))
            .await
            .map_err(e)?;
    for item in ["听取和审议工会工作报告", "审议《2027年职工福利费使用方案（草案）》", "听取提案工作情况报告"]
    {
        cg::add_agenda_item(state, p, union, session.id, item, None).await.map_err(e)?;
    }
    let motion = ballots::BallotInput {
        kind: "motion".into(),
        title: "审议通过2027年职工福利费使用方案".into(),
        mode: Some("paper".into()),
        session_id: Some(session.id),
        ..Default::default()
    };
    ballots::create(state, p, union, &motion).await.map_err(e)?;
    let open = ballots::BallotInput {
        kind: "motion".into(),
        title: "关于2027年职工疗休养安排的意见征集".into(),
        voter_user_ids: accounts.to_vec(),
        ..Default::default()
    };
    let b = ballots::create(state, p, union, &open).await.map_err(e)?;
    ballots::open(state, p, b.id).await.map_err(e)?;
    Ok(())
}

/// The demo union's care records: the local figures, three hardship files
/// (two approved, one waiting), a hospital stay and a birth with their
/// visits due, one assistance payment in the books, a consent, a 送温暖
/// list waiting for approval, a mutual-aid plan, and the year's aid list
/// on the disclosure board.
async fn care(
    state: &app::AppState,
    p: &Principal,
    union: Uuid,
    roster: &[Uuid],
    chair: Uuid,
) -> anyhow::Result<()> {
    use app::care::{aid, files, mutual};
    use domain::care::campaign::Filter;
    use domain::care::hardship::{CarePolicy, Category};
    let figures = CarePolicy { dibao_monthly_fen: 80_000, province_avg_income_fen: 4_500_000 };
    files::put_policy(state, p, union, figures, Some(files::today() - chrono::Days::new(30)))
        .await
        .map_err(e)?;
    // (member, household, income, spending, main cause, approve?)
    // Two files that qualify (深度困难, 相对困难), approved: the members
    // flagged 困难职工 on the roster; one that does not qualify (不符合建档条件)
    // and waits for its review. Nobody approves aid to themselves: the
    // files are not the logins'.
    let [deep, relative] = HARDSHIP_APPROVED.map(|i| roster[i]);
    let households = [
        (deep, 3, 3_000_000, 900_000, "illness", true),
        (relative, 4, 6_000_000, 300_000, "schooling", true),
        (roster[HARDSHIP_WAITING], 2, 5_200_000, 0, "disability", false),
    ];
    for (member, size, income, spending, cause, approve) in households {
        let input = files::FileInput {
            member_id: Some(member),
            household_size: size,
            annual_income_fen: income,
            hardship_spending_fen: spending,
            main_cause: Some(cause.into()),
            household: vec![files::HouseholdMember {
                name: "家属".into(),
                relation: "配偶".into(),
                age: Some(45),
                health: Some(if cause == "illness" {
                    "慢性肾病，定期透析".into()
                } else {
                    "良好".into()
                }),
                income_fen: Some(0),
            }],
            ..Default::default()
        };
        let (f, _) = files::create(state, p, union, &input).await.map_err(e)?;
        if approve {
            files::decide(state, p, union, f.id, true, "").await.map_err(e)?;
        }
    }
    let today = files::today();
    aid::record_event(
        state,
        p,
        union,
        Some(roster[5]),
        "hospital",
        Some(today - chrono::Days::new(2)),
        "阑尾炎手术",
    )
    .await
    .map_err(e)?;
    aid::record_event(
        state,
        p,
        union,
        Some(roster[8]),
        "childbirth",
        Some(today - chrono::Days::new(10)),
        "",
    )
    .await
    .map_err(e)?;
    let pay = aid::AidInput {
        member_id: Some(deep),
        kind: "assistance".into(),
        item: "assistance".into(),
        reason: "配偶透析，生活困难帮扶".into(),
        amount_fen: 100_000,
        form: "cash".into(),
        date: Some(today),
        approver_user_id: Some(chair),
        delivered_by: Some("李秀英".into()),
        ..Default::default()
    };
    aid::pay(state, p, union, &pay).await.map_err(e)?;
    aid::set_consent(state, p, union, deep, true).await.map_err(e)?;
    let warmth = aid::CampaignInput {
        kind: "warmth".into(),
        title: format!("{}年元旦春节送温暖", chrono::Datelike::year(&today) + 1),
        form: "cash".into(),
        amount_fen: 50_000,
        pay_date: Some(today),
        // Those with an approved file that qualifies, and only them.
        filter: Filter { categories: vec![Category::Deep, Category::Relative], ..Default::default() },
        ..Default::default()
    };
    aid::create_campaign(state, p, union, &warmth).await.map_err(e)?;
    let plan = domain::care::mutual_aid::presets().into_iter().next().context("a mutual-aid preset")?;
    mutual::add_plan(state, p, union, &plan).await.map_err(e)?;
    aid::publish_disclosure(state, p, union, chrono::Datelike::year(&today)).await.map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_credit_codes_are_valid() {
        for (i, u) in UNIONS.iter().enumerate() {
            let code = credit_code(prefix_of(u.3), i + 1);
            assert_eq!(domain::org::parse_credit_code(&code).unwrap(), code);
        }
        assert_eq!(UNIONS.len(), 20);
    }

    #[test]
    fn demo_names_match_their_sex_and_do_not_repeat() {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..60 {
            let (name, man) = roster_name(i);
            assert_eq!(gender_of(&name), Some(man), "{name}");
            assert!(seen.insert(name.clone()), "{name} twice on the roster");
            if i >= ACCOUNT_HOLDERS.len() {
                assert!(!LOGIN_HOLDERS.contains(&name.as_str()), "{name} is a login holder's name");
            }
        }
        let mut names = Names { k: 0 };
        for _ in 0..60 {
            let woman = names.next(false);
            assert_eq!(gender_of(&woman), Some(false), "{woman}");
            assert!(!LOGIN_HOLDERS.contains(&woman.as_str()));
        }
        for holder in LOGIN_HOLDERS {
            assert!(gender_of(holder).is_some(), "{holder}");
        }
    }
}
