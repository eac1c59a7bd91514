use chrono::NaiveDate;
use proptest::prelude::*;

use super::check::sum;
use super::*;
use crate::ErrorCode;
use crate::finance::holidays::Holiday;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(key: &str) -> Policy {
    preset(key).unwrap_or_else(|| panic!("preset {key}"))
}

/// A well-formed request: an allowed form, festival gifts on 中秋 2026.
fn req(item: Item, amount_fen: i64) -> Request {
    Request {
        item,
        amount_fen,
        form: item.allowed_forms()[0],
        date: d(2026, 9, 25),
        holiday: (item == Item::Festival).then_some(Holiday::MidAutumn),
        surgery: false,
        winners: None,
        entrants: None,
    }
}

fn given(item: Item, amount_fen: i64) -> Given {
    Given { item, holiday: (item == Item::Festival).then_some(Holiday::MidAutumn), amount_fen }
}

/// Cap reached exactly is allowed, a fen more is not; earlier gifts of
/// the year count.
fn assert_yearly(key: &str, item: Item, cap_yuan: i64) {
    let policy = p(key);
    let cap = cap_yuan * 100;
    let v = check(&policy, &req(item, cap), &[]);
    assert!(v.allowed, "{key} {item:?}: {v:?}");
    assert_eq!((v.code, v.cap_fen, v.already_fen), ("ok", Some(cap), 0));
    let v = check(&policy, &req(item, cap + 1), &[]);
    assert_eq!((v.allowed, v.code, v.cap_fen), (false, "over_cap", Some(cap)), "{key} {item:?}");
    let other = if item == Item::Retirement { Item::Birthday } else { Item::Retirement };
    let earlier = [given(item, cap - 10_000), given(other, 5_000)];
    assert!(check(&policy, &req(item, 10_000), &earlier).allowed, "{key} {item:?}");
    let v = check(&policy, &req(item, 10_001), &earlier);
    assert_eq!((v.code, v.already_fen), ("over_cap", cap - 10_000), "{key} {item:?}");
    assert!(v.rule.starts_with(&format!("{}：", policy.region)), "{}", v.rule);
    assert!(v.rule.contains(&format!("每人每年不超过{cap_yuan}元")), "{}", v.rule);
}

/// Per occasion: not summed over the year.
fn assert_per_occasion(key: &str, item: Item, cap_yuan: i64) {
    let policy = p(key);
    let cap = cap_yuan * 100;
    let earlier = [given(item, cap), given(item, cap), given(item, cap)];
    let v = check(&policy, &req(item, cap), &earlier);
    assert!(v.allowed, "{key} {item:?}: {v:?}");
    assert_eq!(
        v.rule,
        format!("符合{}规定：{}每人每次不超过{cap_yuan}元，本次{cap_yuan}元", policy.region, item.label())
    );
    let v = check(&policy, &req(item, cap + 1), &[]);
    assert_eq!((v.code, v.cap_fen), ("over_cap", Some(cap)), "{key} {item:?}");
}

fn assert_not_provided(key: &str, item: Item) {
    let policy = p(key);
    let v = check(&policy, &req(item, 100), &[]);
    assert_eq!((v.allowed, v.code), (false, "not_provided"), "{key} {item:?}");
    assert_eq!(v.rule, format!("{}：{}未列出{}，不能按此项目发放", policy.region, policy.name, item.label()));
    assert!(!policy.provides(item));
    assert_eq!(policy.describe(item), None);
}

#[test]
fn items_and_forms_codes_labels_and_parse_agree() {
    let mut seen = std::collections::HashSet::new();
    for i in Item::ALL {
        assert!(seen.insert(i.as_str()));
        assert_eq!(Item::parse(i.as_str()), Some(i));
        assert_eq!(Item::parse(i.label()), Some(i));
        assert_eq!(serde_json::to_string(&i).unwrap(), format!("\"{}\"", i.as_str()));
        assert!(!i.allowed_forms().is_empty());
    }
    for f in Form::ALL {
        assert!(seen.insert(f.as_str()));
        assert_eq!(Form::parse(f.as_str()), Some(f));
        assert_eq!(Form::parse(f.label()), Some(f));
        assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.as_str()));
    }
    assert_eq!(Item::parse("春秋游"), Some(Item::Outing));
    assert_eq!(Form::parse("提货券"), Some(Form::NamedGoodsVoucher));
    assert_eq!(Item::parse("宴请"), None);
    assert_eq!(Form::parse(""), None);
}

#[test]
fn presets_parse_with_their_keys_and_round_trip() {
    for key in PRESETS {
        let policy = p(key);
        assert_eq!(policy.key, *key);
        assert_eq!(parse(&to_json(&policy)).unwrap(), policy, "{key}");
        assert_eq!(policy.allow_exceptions, *key == "custom", "{key}");
        assert_eq!(policy.festival_window(), (30, 7));
    }
    assert_eq!(preset("beijing"), None);
    assert_eq!(p("fujian-2018").name, "福建省2018年标准");
    assert_eq!(p("fujian-2018").region, "福建省");
}

#[test]
fn custom_starts_as_a_copy_of_anhui() {
    let (anhui, custom) = (p("anhui-2018"), p("custom"));
    assert_eq!(anhui.items, custom.items);
}

#[test]
fn anhui_rows() {
    let k = "anhui-2018";
    assert_yearly(k, Item::Festival, 1500);
    assert_yearly(k, Item::Birthday, 300);
    assert_yearly(k, Item::Marriage, 600);
    assert_yearly(k, Item::Childbirth, 600);
    assert_yearly(k, Item::Hospital, 1000);
    assert_yearly(k, Item::DeathMember, 2000);
    assert_yearly(k, Item::DeathRelative, 1000);
    assert_yearly(k, Item::Retirement, 1000);
    assert_yearly(k, Item::Uniform, 600);
    assert_per_occasion(k, Item::Outing, 200);
    assert_per_occasion(k, Item::ContestPrize, 500);
    // No surgery cap: surgery changes nothing.
    let mut r = req(Item::Hospital, 100_001);
    r.surgery = true;
    assert_eq!(check(&p(k), &r, &[]).code, "over_cap");
}

#[test]
fn fujian_rows() {
    let k = "fujian-2018";
    assert_yearly(k, Item::Festival, 1300);
    assert_yearly(k, Item::Birthday, 300);
    assert_not_provided(k, Item::Marriage);
    assert_yearly(k, Item::Childbirth, 500);
    assert_yearly(k, Item::Hospital, 500);
    assert_yearly(k, Item::DeathMember, 2000);
    assert_yearly(k, Item::DeathRelative, 1000);
    assert_yearly(k, Item::Retirement, 500);
    for item in [Item::Outing, Item::ContestPrize, Item::Uniform] {
        assert_not_provided(k, item);
    }
}

#[test]
fn fujian_hospital_with_surgery_allows_1000() {
    let policy = p("fujian-2018");
    let mut r = req(Item::Hospital, 80_000);
    let v = check(&policy, &r, &[]);
    assert_eq!(v.rule, "福建省：住院慰问每人每年不超过500元（手术的不超过1000元），本次800元");
    r.surgery = true;
    let v = check(&policy, &r, &[]);
    assert!(v.allowed, "{v:?}");
    assert_eq!(v.cap_fen, Some(100_000));
    assert_eq!(v.rule, "符合福建省规定：住院慰问（手术）每人每年不超过1000元，今年已发0元，本次800元");
    let v = check(&policy, &r, &[given(Item::Hospital, 30_000)]);
    assert_eq!(v.rule, "福建省：住院慰问（手术）每人每年不超过1000元，今年已发300元，本次800元，合计1100元");
    assert_eq!(policy.describe(Item::Hospital).unwrap(), "住院慰问每人每年不超过500元（手术的不超过1000元）");
}

#[test]
fn guizhou_rows() {
    let k = "guizhou";
    let policy = p(k);
    assert_yearly(k, Item::Birthday, 300);
    for item in [
        Item::Marriage,
        Item::Childbirth,
        Item::Hospital,
        Item::DeathMember,
        Item::DeathRelative,
        Item::Retirement,
        Item::Outing,
        Item::ContestPrize,
        Item::Uniform,
    ] {
        assert_not_provided(k, item);
    }
    // 春节 ≤ 500.
    let mut r = req(Item::Festival, 50_000);
    r.holiday = Some(Holiday::SpringFestival);
    r.date = d(2026, 2, 10);
    assert!(check(&policy, &r, &[]).allowed);
    r.amount_fen = 50_001;
    let v = check(&policy, &r, &[]);
    assert_eq!(v.rule, "贵州省：春节慰问每人每年不超过500元，本次500.01元");
    // Every other holiday ≤ 200 each, not summed across holidays.
    let mut earlier =
        vec![Given { item: Item::Festival, holiday: Some(Holiday::SpringFestival), amount_fen: 50_000 }];
    for h in Holiday::ALL.into_iter().filter(|h| *h != Holiday::SpringFestival) {
        let mut r = req(Item::Festival, 20_001);
        r.holiday = Some(h);
        r.date = h.date_in(2026).unwrap();
        let v = check(&policy, &r, &earlier);
        assert_eq!((v.code, v.cap_fen, v.already_fen), ("over_cap", Some(20_000), 0), "{h:?}");
        r.amount_fen = 20_000;
        let v = check(&policy, &r, &earlier);
        assert!(v.allowed, "{h:?} {v:?}");
        assert_eq!(
            v.rule,
            format!("符合贵州省规定：{}慰问每人每年不超过200元，今年已发0元，本次200元", h.label())
        );
        earlier.push(Given { item: Item::Festival, holiday: Some(h), amount_fen: 20_000 });
        // A second gift for the same holiday is over.
        r.amount_fen = 1;
        assert_eq!(check(&policy, &r, &earlier).code, "over_cap", "{h:?}");
    }
    assert_eq!(
        policy.describe(Item::Festival).unwrap(),
        "节日慰问每人每年每个节日不超过：元旦200元、春节500元、清明节200元、劳动节200元、端午节200元、中秋节200元、国庆节200元"
    );
}

#[test]
fn messages_name_region_rule_and_numbers() {
    let fujian = p("fujian-2018");
    let v = check(&fujian, &req(Item::Birthday, 35_000), &[]);
    assert_eq!(v.rule, "福建省：生日慰问每人每年不超过300元，本次350元");
    let v = check(&fujian, &req(Item::Birthday, 30_000), &[]);
    assert_eq!(v.rule, "符合福建省规定：生日慰问每人每年不超过300元，今年已发0元，本次300元");
    assert_eq!((v.allowed, v.code, v.cap_fen, v.already_fen), (true, "ok", Some(30_000), 0));
    assert_eq!(v.remaining_fen(), Some(30_000));

    let anhui = p("anhui-2018");
    let earlier =
        [given(Item::Festival, 70_000), given(Item::Festival, 50_000), given(Item::Birthday, 30_000)];
    let v = check(&anhui, &req(Item::Festival, 40_000), &earlier);
    assert_eq!(v.rule, "安徽省：节日慰问每人每年不超过1500元，今年已发1200元，本次400元，合计1600元");
    assert_eq!((v.cap_fen, v.already_fen), (Some(150_000), 120_000));
    let v = check(&anhui, &req(Item::Festival, 29_950), &earlier);
    assert_eq!(
        v.rule,
        "符合安徽省规定：节日慰问每人每年不超过1500元，今年已发1200元，本次299.50元，合计1499.50元"
    );
}

#[test]
fn amount_must_be_positive() {
    for amount in [0, -100] {
        let v = check(&p("anhui-2018"), &req(Item::Birthday, amount), &[]);
        assert_eq!((v.allowed, v.code), (false, "invalid"));
    }
    let v = check(&p("anhui-2018"), &req(Item::Birthday, -150), &[]);
    assert_eq!(v.rule, "安徽省：生日慰问金额须大于0元，本次-1.50元");
}

#[test]
fn festival_needs_a_holiday() {
    let mut r = req(Item::Festival, 100);
    r.holiday = None;
    let v = check(&p("anhui-2018"), &r, &[]);
    assert_eq!(v.code, "invalid");
    assert_eq!(v.rule, "安徽省：节日慰问须注明节日（元旦、春节、清明、五一、端午、中秋、国庆）");
}

#[test]
fn festival_window() {
    let anhui = p("anhui-2018");
    let on = |date: NaiveDate, h: Holiday| {
        let mut r = req(Item::Festival, 10_000);
        r.date = date;
        r.holiday = Some(h);
        check(&anhui, &r, &[])
    };
    let v = on(d(2026, 8, 3), Holiday::SpringFestival);
    assert_eq!(v.code, "not_a_holiday");
    assert_eq!(
        v.rule,
        "安徽省：节日慰问只能在元旦、春节、清明、五一、端午、中秋、国庆前后发放，2026年8月3日不在春节（2026年2月17日）前30天至后7天内"
    );
    // 30 days before and 7 after 春节 2026 (17 February).
    assert!(on(d(2026, 1, 18), Holiday::SpringFestival).allowed);
    assert_eq!(on(d(2026, 1, 17), Holiday::SpringFestival).code, "not_a_holiday");
    assert!(on(d(2026, 2, 24), Holiday::SpringFestival).allowed);
    assert_eq!(on(d(2026, 2, 25), Holiday::SpringFestival).code, "not_a_holiday");
    // 元旦 across the year end.
    assert!(on(d(2025, 12, 28), Holiday::NewYear).allowed);
    assert!(on(d(2026, 1, 8), Holiday::NewYear).allowed);
    assert_eq!(on(d(2026, 1, 9), Holiday::NewYear).code, "not_a_holiday");
    // Near 中秋, named as 春节.
    let v = on(d(2026, 9, 20), Holiday::SpringFestival);
    assert_eq!(v.code, "holiday_mismatch");
    assert_eq!(
        v.rule,
        "安徽省：2026年9月20日不在春节（2027年2月6日）前30天至后7天内，临近的节日是中秋节（2026年9月25日）、国庆节（2026年10月1日），请核对所慰问的节日"
    );
    // The movable days are known only within the table.
    let v = on(d(2060, 9, 20), Holiday::MidAutumn);
    assert_eq!(v.code, "invalid");
    assert!(v.rule.contains("暂无"), "{}", v.rule);
    assert!(on(d(2060, 9, 20), Holiday::NationalDay).allowed);
}

#[test]
fn forbidden_forms() {
    let anhui = p("anhui-2018");
    for form in [Form::Cash, Form::ShoppingCard, Form::CashVoucher] {
        let mut r = req(Item::Festival, 10_000);
        r.form = form;
        let v = check(&anhui, &r, &[]);
        assert_eq!((v.allowed, v.code), (false, "forbidden_form"));
        assert_eq!(v.rule, "安徽省：节日慰问品不得发放现金、购物卡、代金券；可发放指定商品的提货券");
        let mut r = req(Item::Birthday, 10_000);
        r.form = form;
        let v = check(&anhui, &r, &[]);
        assert_eq!(v.code, "forbidden_form");
        assert_eq!(
            v.rule,
            format!("安徽省：生日慰问只能发放生日蛋糕等实物或蛋糕券，不得发放{}", form.label())
        );
    }
    for form in [Form::Goods, Form::NamedGoodsVoucher] {
        let mut r = req(Item::Festival, 10_000);
        r.form = form;
        assert!(check(&anhui, &r, &[]).allowed, "{form:?}");
    }
    for form in [Form::Goods, Form::CakeVoucher, Form::NamedGoodsVoucher] {
        let mut r = req(Item::Birthday, 10_000);
        r.form = form;
        assert!(check(&anhui, &r, &[]).allowed, "{form:?}");
    }
    // Condolences may be cash.
    for item in [
        Item::Marriage,
        Item::Childbirth,
        Item::Hospital,
        Item::DeathMember,
        Item::DeathRelative,
        Item::Retirement,
    ] {
        let mut r = req(item, 10_000);
        r.form = Form::Cash;
        assert!(check(&anhui, &r, &[]).allowed, "{item:?}");
    }
    let mut r = req(Item::Uniform, 10_000);
    r.form = Form::Cash;
    let v = check(&anhui, &r, &[]);
    assert_eq!(v.rule, "安徽省：工作服不得以现金形式发放；可采用实物、指定商品提货券");
}

#[test]
fn the_form_is_checked_before_the_cap() {
    let mut r = req(Item::Festival, 1_000_000);
    r.form = Form::ShoppingCard;
    assert_eq!(check(&p("anhui-2018"), &r, &[]).code, "forbidden_form");
}

#[test]
fn winners_at_most_a_third_of_entrants() {
    let anhui = p("anhui-2018");
    let mut r = req(Item::ContestPrize, 10_000);
    r.winners = Some(11);
    r.entrants = Some(30);
    let v = check(&anhui, &r, &[]);
    assert_eq!((v.allowed, v.code), (false, "too_many_winners"));
    assert_eq!(v.rule, "安徽省：获奖人数不得超过参赛人数的三分之一：参赛30人，获奖11人");
    r.winners = Some(10);
    assert!(check(&anhui, &r, &[]).allowed);
    r.winners = Some(u32::MAX);
    r.entrants = Some(u32::MAX);
    assert_eq!(check(&anhui, &r, &[]).code, "too_many_winners");
    // Without the numbers there is nothing to check.
    r.entrants = None;
    assert!(check(&anhui, &r, &[]).allowed);
}

#[test]
fn exceptions_only_where_the_policy_allows_them() {
    let over = check(&p("custom"), &req(Item::Birthday, 30_001), &[]);
    assert_eq!(over.code, "over_cap");
    assert!(over.exception_possible(&p("custom")));
    assert!(!over.exception_possible(&p("anhui-2018")));
    let invalid = check(&p("custom"), &req(Item::Birthday, 0), &[]);
    assert!(!invalid.exception_possible(&p("custom")));
    assert!(!check(&p("custom"), &req(Item::Birthday, 100), &[]).exception_possible(&p("custom")));
}

fn err(json: &str) -> String {
    let e = parse(json).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("policy")));
    e.message
}

const MINIMAL: &str = r#"{
  "key": "test",
  "name": "测试标准",
  "region": "测试省",
  "items": {
"birthday": { "per_year_yuan": 300 }
  }
}"#;

#[test]
fn parse_minimal_with_defaults() {
    let policy = parse(MINIMAL).unwrap();
    assert!(!policy.allow_exceptions);
    assert!(policy.provides(Item::Birthday));
    assert!(!policy.provides(Item::Festival));
    assert_eq!(policy.items.birthday.unwrap().per_year_fen, Some(30_000));
    let festival = parse(&MINIMAL.replace(r#""birthday""#, r#""festival""#)).unwrap();
    assert_eq!(festival.items.festival.unwrap().days_before, DEFAULT_DAYS_BEFORE);
    assert_eq!(festival.items.festival.unwrap().days_after, DEFAULT_DAYS_AFTER);
}

#[test]
fn typos_are_refused_naming_the_key_and_line() {
    let m = err(&MINIMAL.replace("birthday", "birthdy"));
    assert!(
        m.starts_with("政策文件第6行：无法识别的字段“birthdy”，可用的字段有：festival、birthday、"),
        "{m}"
    );
    let m = err(&MINIMAL.replace("per_year_yuan", "per_yaer_yuan"));
    assert!(m.starts_with("政策文件第6行：无法识别的字段“per_yaer_yuan”"), "{m}");
    let m = err(&MINIMAL.replace(r#""region""#, r#""regoin""#));
    assert!(m.starts_with("政策文件第4行：无法识别的字段“regoin”"), "{m}");
    let m = err(&MINIMAL.replace(r#""name": "测试标准","#, ""));
    assert!(m.contains("缺少字段“name”"), "{m}");
    let m = err(&MINIMAL.replace("300", "\"300\""));
    assert!(m.contains("取值类型不正确，应为以元为单位的金额"), "{m}");
    let m = err(&MINIMAL.replace("300 }", "300, }"));
    assert!(m.contains("第6行：格式错误"), "{m}");
    assert!(err("{").contains("内容不完整"));
    let guizhou = include_str!("../../../policies/guizhou.json").replace("spring_festival", "spring");
    assert!(err(&guizhou).contains("无法识别的字段“spring”"));
}

#[test]
fn bad_values_are_refused() {
    let m = err(&MINIMAL.replace("300", "-300"));
    assert_eq!(m, "政策文件第6行：限额不能为负数，现在是-300元");
    let m = err(&MINIMAL.replace("300", "-0.5"));
    assert!(m.contains("限额不能为负数"), "{m}");
    let m = err(&MINIMAL.replace("300", "300.125"));
    assert!(m.contains("最多保留两位小数"), "{m}");
    let m = err(&MINIMAL.replace("300", "1e15"));
    assert!(m.contains("超过1万亿元"), "{m}");
    let with_window = |before: &str, after: &str| {
        MINIMAL.replace(
            r#""birthday": { "per_year_yuan": 300 }"#,
            &format!(
                r#""festival": {{ "per_year_yuan": 300, "days_before": {before}, "days_after": {after} }}"#
            ),
        )
    };
    assert!(parse(&with_window("60", "30")).is_ok());
    let m = err(&with_window("61", "7"));
    assert!(m.contains("节日前可提前发放的天数（days_before）应为0到60天，现在是61天"), "{m}");
    let m = err(&with_window("30", "-1"));
    assert!(m.contains("days_after"), "{m}");
    let m = err(&MINIMAL.replace(r#"{ "per_year_yuan": 300 }"#, "{}"));
    assert_eq!(m, "政策文件：items.birthday（生日慰问）没有设定限额，请填写per_year_yuan或per_occasion_yuan");
    let m = err(&MINIMAL
        .replace("birthday", "festival")
        .replace(r#"{ "per_year_yuan": 300 }"#, r#"{ "per_holiday_yuan": { "spring_festival": 500 } }"#));
    assert!(m.contains("items.festival（节日慰问）须设定每年限额"), "{m}");
    let m = err(&MINIMAL
        .replace("birthday", "hospital")
        .replace(r#""per_year_yuan": 300"#, r#""per_year_yuan": 500, "surgery_yuan": 400"#));
    assert!(m.contains("手术限额（surgery_yuan）400元低于普通限额500元"), "{m}");
    let m = err(&MINIMAL.replace(r#""key": "test""#, r#""key": "Test 1""#));
    assert!(m.contains("key“Test 1”"), "{m}");
    let m = err(&MINIMAL.replace("测试省", " "));
    assert_eq!(m, "政策文件：region不能为空");
    // A surgery cap is for hospital stays only.
    let m = err(&MINIMAL.replace(r#""per_year_yuan": 300"#, r#""per_year_yuan": 300, "surgery_yuan": 400"#));
    assert!(m.contains("无法识别的字段“surgery_yuan”"), "{m}");
}

#[test]
fn fractional_caps_round_trip() {
    let mut policy = p("anhui-2018");
    policy.items.birthday = Some(Cap { per_year_fen: Some(30_050), per_occasion_fen: None });
    policy.items.festival.as_mut().unwrap().per_holiday =
        Some(HolidayCaps { spring_festival: Some(50_001), others: Some(20_000), ..HolidayCaps::default() });
    let json = to_json(&policy);
    assert!(json.contains("300.5"), "{json}");
    assert_eq!(parse(&json).unwrap(), policy);
}

fn preset_keys() -> impl Strategy<Value = &'static str> {
    prop::sample::select(PRESETS.to_vec())
}

/// One gift: item, amount up to 1200 yuan, a form, a holiday and a day
/// within its window in 2026, surgery or not.
fn gifts() -> impl Strategy<Value = Request> {
    (
        prop::sample::select(Item::ALL.to_vec()),
        1i64..=120_000,
        prop::sample::select(Form::ALL.to_vec()),
        prop::sample::select(Holiday::ALL.to_vec()),
        -30i64..=7,
        any::<bool>(),
    )
        .prop_map(|(item, amount_fen, form, h, offset, surgery)| Request {
            item,
            amount_fen,
            form,
            date: h.date_in(2026).unwrap() + chrono::TimeDelta::days(offset),
            holiday: (item == Item::Festival).then_some(h),
            surgery,
            winners: None,
            entrants: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn allowed_gifts_never_add_up_past_a_cap(
        key in preset_keys(),
        requests in prop::collection::vec(gifts(), 1..40),
    ) {
        let policy = p(key);
        let mut given: Vec<Given> = Vec::new();
        for r in &requests {
            let v = check(&policy, r, &given);
            if v.allowed {
                prop_assert_eq!(v.code, "ok");
                if let Some(cap) = policy.caps(r.item).and_then(|c| c.per_occasion) {
                    let cap = if r.surgery { policy.caps(r.item).unwrap().surgery.unwrap_or(cap) } else { cap };
                    prop_assert!(r.amount_fen <= cap);
                }
                given.push(Given { item: r.item, holiday: r.holiday, amount_fen: r.amount_fen });
            } else {
                prop_assert!(v.code != "ok");
                prop_assert!(v.rule.starts_with(&format!("{}：", policy.region)), "{}", v.rule);
            }
        }
        for item in Item::ALL {
            let Some(caps) = policy.caps(item) else {
                prop_assert!(given.iter().all(|g| g.item != item));
                continue;
            };
            let total = sum(given.iter().filter(|g| g.item == item));
            if let Some(cap) = caps.per_year {
                prop_assert!(total <= caps.surgery.unwrap_or(cap).max(cap), "{item:?} {total} > {cap}");
            }
            if let Some(ph) = caps.per_holiday {
                for h in Holiday::ALL {
                    let per = sum(given.iter().filter(|g| g.item == item && g.holiday == Some(h)));
                    prop_assert!(per <= ph.get(h).unwrap_or(i64::MAX), "{h:?} {per}");
                }
            }
        }
    }

    #[test]
    fn within_the_remaining_cap_on_the_holiday_is_allowed(
        key in preset_keys(),
        item in prop::sample::select(Item::ALL.to_vec()),
        h in prop::sample::select(Holiday::ALL.to_vec()),
        year in 2020i32..=2040,
        prior_share in 0i64..100,
        share in 1i64..=100,
        form_pick in 0usize..3,
    ) {
        let policy = p(key);
        let Some(caps) = policy.caps(item) else { return Ok(()) };
        let yearly = [caps.per_year, caps.per_holiday.and_then(|ph| ph.get(h))];
        let yearly_min = yearly.into_iter().flatten().min();
        // Earlier gifts of the same item and holiday: a share of the cap.
        let prior = yearly_min.map_or(0, |c| c * prior_share / 100);
        // An uncapped item (assistance) has no room to test.
        let Some(room) = yearly_min.map(|c| c - prior).into_iter().chain(caps.per_occasion).min() else {
            return Ok(());
        };
        prop_assume!(room > 0);
        let amount = (room * share / 100).max(1);
        let forms = item.allowed_forms();
        let r = Request {
            item,
            amount_fen: amount,
            form: forms[form_pick % forms.len()],
            date: h.date_in(year).unwrap(),
            holiday: Some(h),
            surgery: false,
            winners: Some(1),
            entrants: Some(3),
        };
        let given = [Given { item, holiday: Some(h), amount_fen: prior }];
        let v = check(&policy, &r, &given);
        prop_assert!(v.allowed, "{:?}", v);
        prop_assert!(v.rule.starts_with(&format!("符合{}规定：", policy.region)), "{}", v.rule);
        prop_assert!(v.remaining_fen().unwrap() >= amount);
    }
}
