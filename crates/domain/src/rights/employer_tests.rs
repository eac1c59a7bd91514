use super::*;
use proptest::prelude::*;

fn code() -> String {
    let first17 = "91350100M000100Y4";
    format!("{first17}{}", org::credit_code_check_char(first17).unwrap())
}

fn input() -> EmployerInput {
    EmployerInput {
        name: "福州某某电子有限公司".into(),
        credit_code: code(),
        ownership: "外商".into(),
        staff: 320,
        women: 150,
        migrant_workers: 200,
    }
}

fn row() -> EmployerRow {
    EmployerRow {
        name: "福州某某电子有限公司".into(),
        credit_code: code().to_lowercase(),
        ownership: "外商投资企业".into(),
        staff: "1,200人".into(),
        women: "".into(),
        migrant_workers: "６００".into(),
    }
}

fn fields(errs: &[DomainError]) -> Vec<&str> {
    errs.iter().map(|e| e.field.as_deref().unwrap()).collect()
}

#[test]
fn ownership_codes_and_labels() {
    for o in Ownership::ALL {
        assert_eq!(Ownership::parse(o.as_str()), Some(o));
        assert_eq!(Ownership::parse(o.label()), Some(o));
        assert_eq!(Ownership::parse(o.full_label()), Some(o));
    }
    let labels: Vec<_> = Ownership::ALL.iter().map(|o| o.label()).collect();
    assert_eq!(labels, ["内资", "港澳台", "外商", "事业单位", "机关", "个体", "社会组织"]);
    assert_eq!(serde_json::to_value(Ownership::HkMacaoTaiwan).unwrap(), "hk_macao_taiwan");
}

#[test]
fn a_good_employer() {
    let e = validate(&input()).unwrap();
    assert_eq!((e.ownership, e.staff, e.women, e.migrant_workers), (Ownership::Foreign, 320, 150, 200));
    assert_eq!(e.credit_code, code());
}

#[test]
fn every_field_error_of_an_employer_at_once() {
    let bad = EmployerInput {
        name: " ".into(),
        credit_code: "91350100M000100Y40".into(),
        ownership: "合资".into(),
        staff: -1,
        women: 5,
        migrant_workers: -3,
    };
    let errs = validate(&bad).unwrap_err();
    assert_eq!(fields(&errs), ["name", "credit_code", "ownership", "staff", "migrant_workers"]);
    assert_eq!(errs[1].code, ErrorCode::InvalidCreditCode, "the org module's check, reused");
    assert!(errs[2].message.contains("内资、港澳台"), "{}", errs[2].message);
    assert_eq!(errs[3].code, ErrorCode::InvalidCount);
}

#[test]
fn women_and_migrant_workers_within_staff() {
    let e = validate(&EmployerInput { women: 321, migrant_workers: 400, ..input() }).unwrap_err();
    assert_eq!(fields(&e), ["women", "migrant_workers"]);
    assert!(e[0].message.contains("不能多于职工总数320人"), "{}", e[0].message);
    assert!(validate(&EmployerInput { women: 320, migrant_workers: 320, ..input() }).is_ok());
    let e = validate(&EmployerInput { staff: MAX_STAFF + 1, ..input() }).unwrap_err();
    assert_eq!(fields(&e), ["staff"], "a wrong staff count is one error, not three");
}

#[test]
fn counts_as_offices_type_them() {
    for (s, n) in
        [("1200", 1200), ("1,200", 1200), ("1200人", 1200), ("１２００", 1200), ("1200.0", 1200), (" 0 ", 0)]
    {
        assert_eq!(parse_count("staff", "职工人数", s, false).unwrap(), n, "{s}");
    }
    assert_eq!(parse_count("women", "女职工人数", "", true).unwrap(), 0);
    assert_eq!(parse_count("staff", "职工人数", "", false).unwrap_err().code, ErrorCode::Required);
    for s in ["12.5", "约100", "-3", "1e3", "99999999999999"] {
        let e = parse_count("staff", "职工人数", s, false).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidCount, Some("staff")), "{s}");
    }
}

#[test]
fn an_import_row_reports_all_its_faults_in_column_order() {
    let e = validate_row(&row()).unwrap();
    assert_eq!((e.staff, e.women, e.migrant_workers), (1200, 0, 600));
    let bad = EmployerRow {
        name: "".into(),
        credit_code: "123".into(),
        ownership: "".into(),
        staff: "一千".into(),
        women: "20".into(),
        migrant_workers: "x".into(),
    };
    let errs = validate_row(&bad).unwrap_err();
    assert_eq!(fields(&errs), ["name", "credit_code", "ownership", "staff", "migrant_workers"]);
    assert!(errs[3].message.contains("一千"), "{}", errs[3].message);
    let over = EmployerRow { women: "1201".into(), ..row() };
    assert_eq!(fields(&validate_row(&over).unwrap_err()), ["women"]);
}

#[test]
fn the_rates_of_a_jurisdiction() {
    let f = |staff, has_union, members, contract_in_force, workers_covered| EmployerFacts {
        staff,
        has_union,
        members,
        contract_in_force,
        workers_covered,
    };
    let r = rates(
        &[
            f(300, true, 290, true, 280),
            f(25, true, 25, false, 0),
            f(24, true, 20, true, 24),
            f(100, false, 0, false, 0),
            f(10, false, 0, false, 0),
        ],
        &RateSettings::default(),
    );
    assert_eq!(r.employers, 5);
    // 25 or more staff: 300, 25 and 100; two have a union.
    assert_eq!(r.unionisation, Ratio::new(2, 3));
    assert_eq!(r.membership, Ratio::new(335, 349));
    assert_eq!(r.contract, Ratio::new(2, 3));
    assert_eq!(r.workers_covered, 304);
    assert_eq!(r.unionisation.percent_text(), "66.66%");
    let stricter = rates(&[f(24, false, 0, false, 0)], &RateSettings { union_required_staff: 10 });
    assert_eq!(stricter.unionisation, Ratio::new(0, 1));
    assert_eq!(rates(&[], &RateSettings::default()).contract.to_string(), "—");
}

proptest! {
    /// Each rate's part stays within its base; raising the threshold never
    /// adds employers to the 建会率 base.
    #[test]
    fn rates_stay_within_bases(v in proptest::collection::vec((0u64..500, any::<bool>(), any::<bool>()), 0..40),
                               threshold in 1u32..100) {
        let facts: Vec<EmployerFacts> = v.iter().map(|(staff, u, c)| EmployerFacts {
            staff: *staff,
            has_union: *u,
            members: if *u { staff / 2 } else { 0 },
            contract_in_force: *u && *c,
            workers_covered: if *u && *c { *staff } else { 0 },
        }).collect();
        let r = rates(&facts, &RateSettings { union_required_staff: threshold });
        let higher = rates(&facts, &RateSettings { union_required_staff: threshold + 1 });
        prop_assert!(higher.unionisation.denominator <= r.unionisation.denominator);
        for x in [r.unionisation, r.membership, r.contract] {
            prop_assert!(x.numerator <= x.denominator);
        }
        prop_assert!(r.workers_covered <= r.membership.denominator);
    }

    /// A row built from a valid employer validates back to it.
    #[test]
    fn rows_round_trip(staff in 0u32..100_000, w in 0u32..=100, m in 0u32..=100, o in 0usize..7) {
        let women = staff / 100 * w;
        let migrant = staff / 100 * m;
        let row = EmployerRow {
            name: "某单位".into(),
            credit_code: code(),
            ownership: Ownership::ALL[o].label().into(),
            staff: staff.to_string(),
            women: women.to_string(),
            migrant_workers: migrant.to_string(),
        };
        let e = validate_row(&row).unwrap();
        prop_assert_eq!((e.staff, e.women, e.migrant_workers, e.ownership), (staff, women, migrant, Ownership::ALL[o]));
    }
}

#[test]
fn the_header_row_is_found_under_a_title_and_its_columns_named() {
    let rows: Vec<Vec<String>> = vec![
        vec!["某区企业名录".into()],
        vec![],
        vec![
            "序号".into(),
            "*单位名称".into(),
            "统一社会信用代码".into(),
            "企业类型".into(),
            "职工人数（人）".into(),
            "女职工".into(),
            "农民工人数".into(),
            "所属工会".into(),
            "单位名称".into(),
        ],
    ];
    let (i, cols) = find_header_row(&rows).unwrap();
    assert_eq!(i, 2);
    assert_eq!(
        cols,
        vec![
            None,
            Some(Column::Name),
            Some(Column::CreditCode),
            Some(Column::Ownership),
            Some(Column::Staff),
            Some(Column::Women),
            Some(Column::MigrantWorkers),
            Some(Column::CoveredBy),
            None,
        ]
    );
    // Without the credit code column there is no header.
    assert_eq!(find_header_row(&[vec!["单位名称".into(), "职工人数".into()]]), None);
    for c in Column::ALL {
        assert_eq!(Column::for_header(c.label()), Some(c));
    }
}

#[test]
fn a_sheet_row_maps_to_an_import_row() {
    let cols = vec![Some(Column::CoveredBy), Some(Column::Name), None, Some(Column::Staff)];
    let cells: Vec<String> = vec![" 甲公司工会 ".into(), "甲公司".into(), "x".into(), "30".into()];
    let (row, covered) = row_of(&cells, &cols);
    assert_eq!((row.name.as_str(), row.staff.as_str(), covered.as_str()), ("甲公司", "30", "甲公司工会"));
    assert_eq!(row.credit_code, "");
}

#[test]
fn the_unionless_list_holds_big_employers_without_a_union() {
    let s = RateSettings::default();
    assert!(without_union(25, false, &s));
    assert!(!without_union(24, false, &s));
    assert!(!without_union(300, true, &s));
}
