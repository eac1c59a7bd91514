//! `gonghui bench rights`: the two numbers of issue 17. The rights
//! statistics of a district federation — `employers` employers in its
//! register, `unions` unions (each with members, most with a collective
//! contract), `petitions` petitions and `cases` mediation cases — computed
//! as the API and the page compute them; then an employer register of
//! `import_rows` rows imported from .xlsx as the import page does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::crypto::Keys;
use chrono::{Datelike, Days, NaiveDate};
use domain::UnionId;
use domain::org::credit_code_check_char;
use domain::rights::employer::Column;
use store::Db;
use uuid::Uuid;

use super::{analyze, bench_setup, new_union, percentile, synthetic_member};

pub struct Sizes {
    pub employers: usize,
    pub unions: usize,
    pub members_per_union: usize,
    pub petitions: usize,
    pub cases: usize,
    /// Rows of the imported register (0: skipped).
    pub import_rows: usize,
    pub runs: usize,
}

const OWNERSHIPS: [&str; 7] = ["内资", "港澳台", "外商", "事业单位", "机关", "个体", "社会组织"];
const PETITION_STATUSES: [&str; 6] =
    ["received", "dispatched", "in_progress", "answered", "closed", "rejected"];
const CASE_STATUSES: [&str; 6] = ["applied", "refused", "accepted", "agreed", "withdrawn", "referred"];
const DISPUTE_TYPES: [&str; 4] = ["wages", "social_insurance", "labour_contract", "work_injury"];

/// A valid 统一社会信用代码 made from an index.
fn credit_code(i: usize) -> String {
    let body = format!("91350102MA{i:07}");
    let check = credit_code_check_char(&body).expect("digits of the code set");
    format!("{body}{check}")
}

pub async fn rights(db: Db, sizes: Sizes) -> anyhow::Result<()> {
    let keys = Arc::new(Keys::from_secret(&rand::random::<[u8; 32]>()));
    let (state, p, fed) = bench_setup(&db, &keys).await?;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!("database: {}, cores: {cores}", db.backend());
    if sizes.employers > 0 {
        statistics(&db, &keys, &state, &p, fed, &sizes).await?;
    }
    if sizes.import_rows > 0 {
        import(&state, &p, &sizes).await?;
    }
    Ok(())
}

async fn statistics(
    db: &Db,
    keys: &Keys,
    state: &app::AppState,
    p: &app::auth::Principal,
    fed: Uuid,
    sizes: &Sizes,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut unions = Vec::with_capacity(sizes.unions);
    for i in 0..sizes.unions {
        unions.push(new_union(state, p, fed, &format!("维权基准工会{i}")).await?);
    }
    let now = store::now();
    let today = domain::time::today(now);
    let year = today.year();
    let jan = NaiveDate::from_ymd_opt(year, 1, 1).expect("January the first");
    let day = |i: usize| jan.checked_add_days(Days::new((i % 300) as u64)).unwrap_or(jan).min(today);
    let mut tx = db.write().await?;
    for (k, &u) in unions.iter().enumerate() {
        let rows: Vec<_> = (0..sizes.members_per_union)
            .map(|i| synthetic_member(keys, u, 9_000_000 + k * sizes.members_per_union + i, now))
            .collect();
        store::member::insert_many(&mut tx, &rows).await?;
    }
    // The register: three employers in four have a union (a union covers
    // several: 联合工会), staff from 5 to 504.
    let employers: Vec<store::rights::employer::Employer> = (0..sizes.employers)
        .map(|i| store::rights::employer::Employer {
            union_id: fed,
            id: Uuid::now_v7(),
            credit_code: credit_code(i),
            name: format!("维权基准企业{i}"),
            ownership: "domestic".into(),
            staff: 5 + (i as i64 * 37) % 500,
            women: 0,
            migrant_workers: 0,
            covered_by_union_id: (i % 4 != 3).then(|| unions[i % unions.len()]),
            covered_by_name: None,
            created_by: "bench".into(),
            created_at: now,
            updated_at: now,
        })
        .collect();
    store::rights::employer::insert_many(&mut tx, UnionId(fed), &employers).await?;
    // Four unions in five have a general contract, signed last year.
    for (k, &u) in unions.iter().enumerate().filter(|(k, _)| k % 5 != 4) {
        let c = store::rights::contract::Contract {
            union_id: u,
            id: Uuid::now_v7(),
            kind: "general".into(),
            title: "集体合同".into(),
            employer_org_id: None,
            employer_id: None,
            employer_name: format!("维权基准企业{k}"),
            employer_staff: None,
            union_negotiator: String::new(),
            employer_negotiator: String::new(),
            ballot_id: None,
            congress_delegates: None,
            congress_present: None,
            congress_in_favour: None,
            signed_on: Some(jan - Days::new(200)),
            term_months: 36,
            workers_covered: 100,
            average_wage_fen: None,
            adjustment_bp: None,
            filed_on: None,
            review: "pending".into(),
            reviewed_on: None,
            review_opinion: None,
            published_on: None,
            disclosure_id: None,
            renews_id: None,
            created_by: "bench".into(),
            created_at: now,
            updated_at: now,
        };
        store::rights::contract::insert(&mut tx, UnionId(u), &c).await?;
    }
    for i in 0..sizes.petitions {
        let received = day(i);
        let status = PETITION_STATUSES[i % PETITION_STATUSES.len()];
        let answered = matches!(status, "answered" | "closed");
        let row = store::rights::petition::Petition {
            union_id: unions[i % unions.len()],
            id: Uuid::now_v7(),
            number: (i / unions.len()) as i64 + 1,
            channel: "mailbox".into(),
            subject: "食堂饭菜质量".into(),
            content: "希望改进".into(),
            received_on: received,
            anonymous: false,
            writer_name: Some("来信人".into()),
            writer_contact: None,
            writer_department: None,
            writer_member_id: None,
            writer_user_id: None,
            status: status.into(),
            round: 1,
            dispatch_by: received + Days::new(3),
            answer_by: received + Days::new(15),
            dispatched_on: None,
            reject_reason: (status == "rejected").then(|| "不属于受理范围".into()),
            answer: answered.then(|| "已改进".into()),
            answered_by: None,
            answered_on: answered.then_some(received + Days::new(10)),
            answered_in_time: answered.then_some(i % 7 != 0),
            rating: (status == "closed").then(|| if i % 5 == 0 { "unsatisfied" } else { "satisfied" }.into()),
            rating_note: None,
            closed_on: (status == "closed").then_some(received + Days::new(12)),
            turned_into_kind: None,
            turned_into_id: None,
            registered_by: "bench".into(),
            created_at: now,
            updated_at: now,
        };
        store::rights::petition::insert(&mut tx, &row, None).await?;
    }
    for i in 0..sizes.cases {
        let applied = day(i);
        let status = CASE_STATUSES[i % CASE_STATUSES.len()];
        let accepted = matches!(status, "accepted" | "agreed" | "withdrawn" | "referred");
        let c = store::rights::mediation::Case {
            union_id: unions[i % unions.len()],
            id: Uuid::now_v7(),
            number: (i / unions.len()) as i64 + 1,
            dispute_type: DISPUTE_TYPES[i % DISPUTE_TYPES.len()].into(),
            respondent: "某公司".into(),
            common_claim: false,
            facts: "拖欠加班工资".into(),
            claimed_fen: 500_000,
            applied_on: applied,
            acceptance_due: applied + Days::new(5),
            status: status.into(),
            accepted_on: accepted.then_some(applied + Days::new(1)),
            refused_reason: (status == "refused").then(|| "不属于调解范围".into()),
            extension_days: 0,
            mediator_id: None,
            closed_on: matches!(status, "agreed" | "withdrawn" | "referred" | "refused")
                .then_some(applied + Days::new(10)),
            outcome: None,
            outcome_text: None,
            agreed_fen: None,
            petition_id: None,
            created_by: "bench".into(),
            created_at: now,
            updated_at: now,
        };
        store::rights::mediation::insert_case(&mut tx, &c).await?;
    }
    tx.commit().await?;
    analyze(db).await?;
    println!(
        "rights statistics: {} employers, {} unions ({} members each), {} petitions, {} mediation cases (seeded in {:.1}s)",
        sizes.employers,
        sizes.unions,
        sizes.members_per_union,
        sizes.petitions,
        sizes.cases,
        started.elapsed().as_secs_f64()
    );
    let mut times: Vec<Duration> = Vec::with_capacity(sizes.runs);
    let mut last = None;
    for _ in 0..sizes.runs.max(1) {
        let t = Instant::now();
        let s = app::rights::stats::report(state, fed, Some(year))
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.0))?;
        times.push(t.elapsed());
        last = Some(s);
    }
    times.sort();
    let s = last.expect("one run at least");
    println!(
        "  建会率 {} ({}/{}), 签订率 {}, 覆盖职工 {}; 来信 {} 件，满意率 {}; 调解 {} 件，成功调解率 {}",
        s.employers.unionisation,
        s.employers.unionisation.numerator,
        s.employers.unionisation.denominator,
        s.employers.contract,
        s.employers.workers_covered,
        s.petitions.total,
        s.petitions.satisfaction,
        s.mediation.total,
        s.mediation.success
    );
    println!(
        "  {} runs: p50 {:.1} ms, max {:.1} ms (target < 300 ms)",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 1.0)
    );
    Ok(())
}

/// An employer register of `import_rows` rows imported from .xlsx into a new
/// federation's register, through the import use case of the page and API.
async fn import(state: &app::AppState, p: &app::auth::Principal, sizes: &Sizes) -> anyhow::Result<()> {
    let fields = domain::org::OrgFields {
        name: format!("名录导入基准总工会{}", Uuid::now_v7()),
        ..Default::default()
    };
    let fed = app::org::service::create(state, p, "federation", None, &fields)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.0))?
        .id;
    let headers: Vec<&str> = Column::ALL.iter().take(6).map(|c| c.label()).collect();
    let rows: Vec<Vec<String>> = (0..sizes.import_rows)
        .map(|i| {
            let staff = 5 + (i * 37) % 500;
            vec![
                format!("导入基准企业{i}"),
                credit_code(1_000_000 + i),
                OWNERSHIPS[i % OWNERSHIPS.len()].to_owned(),
                staff.to_string(),
                (staff / 3).to_string(),
                (staff / 5).to_string(),
            ]
        })
        .collect();
    let bytes =
        sheet::write_xlsx("企业名录", &headers, &rows).map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let size = bytes.len();
    let t = Instant::now();
    let report = app::rights::employer::import::import(
        state,
        p,
        fed,
        bytes,
        "企业名录.xlsx",
        app::rights::employer::import::ImportOptions::default(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", e.0))?;
    let secs = t.elapsed().as_secs_f64();
    anyhow::ensure!(report.written && report.created == sizes.import_rows, "import: {report:?}");
    println!(
        "employer register import: {} rows ({:.1} MiB .xlsx) in {:.2}s = {:.0} rows/s (target ≥ 20,000 rows/s on SQLite)",
        sizes.import_rows,
        size as f64 / 1_048_576.0,
        secs,
        sizes.import_rows as f64 / secs
    );
    Ok(())
}
