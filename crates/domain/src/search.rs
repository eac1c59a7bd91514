//! Roster search keys: the readings of a name people may type (surnames by
//! their surname reading, every common reading of a polyphonic character
//! in the given name), and the keys a member is found by — each a prefix
//! (an index range scan), so a search never scans the roster.

use pinyin::{ToPinyin, ToPinyinMulti};

use crate::member::half_width;

/// The rules of the stored keys: raise it when they change, and the server
/// recomputes every member's keys once at its next start.
pub const KEYS_VERSION: i32 = 2;

/// Readings kept per name at most (a name of many polyphonic characters
/// must not index the product of all their readings).
pub const MAX_READINGS: usize = 8;

/// Readings kept per character at most (its most common first).
const MAX_PER_CHAR: usize = 3;

/// Characters of a name indexed for "contains" (suffixes of at most this).
const MAX_NAME_CHARS: usize = 24;

/// Compound surnames read differently from their characters' common readings.
const COMPOUND_SURNAMES: [(&str, &str, &str); 6] = [
    ("长孙", "zhangsun", "zs"),
    ("尉迟", "yuchi", "yc"),
    ("万俟", "moqi", "mq"),
    ("单于", "chanyu", "cy"),
    ("澹台", "tantai", "tt"),
    ("令狐", "linghu", "lh"),
];

/// Surnames whose reading differs from the character's common reading, the
/// surname reading first (a second one where both are surnames: 乐 yuè /
/// lè). 尉 alone is read wèi, as usual; only 尉迟 is yù.
const SURNAMES: [(char, &[&str]); 36] = [
    ('单', &["shan"]),
    ('曾', &["zeng"]),
    ('解', &["xie"]),
    ('仇', &["qiu"]),
    ('朴', &["piao"]),
    ('查', &["zha"]),
    ('区', &["ou"]),
    ('盖', &["ge"]),
    ('秘', &["bi"]),
    ('黑', &["hei"]),
    ('尉', &["wei"]),
    ('覃', &["qin"]),
    ('缪', &["miao"]),
    ('翟', &["zhai"]),
    ('祭', &["zhai"]),
    ('召', &["shao"]),
    ('种', &["chong"]),
    ('繁', &["po"]),
    ('折', &["she"]),
    ('员', &["yun"]),
    ('員', &["yun"]),
    ('薄', &["bo"]),
    ('隗', &["wei"]),
    ('阚', &["kan"]),
    ('乜', &["nie"]),
    ('重', &["chong"]),
    ('乐', &["yue", "le"]),
    ('句', &["gou"]),
    ('长', &["chang"]),
    ('万', &["wan"]),
    ('华', &["hua"]),
    ('任', &["ren"]),
    ('纪', &["ji"]),
    ('过', &["guo"]),
    ('冼', &["xian"]),
    ('宓', &["mi"]),
];

/// The pinyin library's toneless form to plain ASCII: ü → v (as typed on
/// every Chinese keyboard), ê → e, tone-marked m and n to their letters.
fn ascii_syllable(plain: &str) -> String {
    let mut out = String::new();
    for c in plain.chars() {
        match c {
            'a'..='z' => out.push(c),
            'ü' => out.push('v'),
            'ê' | 'ế' | 'ề' => out.push('e'),
            'ḿ' => out.push('m'),
            'ń' | 'ň' | 'ǹ' => out.push('n'),
            _ => {}
        }
    }
    out
}

/// The readings of one character, its most common first, at most
/// `MAX_PER_CHAR` distinct (without tones).
fn char_readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !s.is_empty() && !out.contains(&s) && out.len() < MAX_PER_CHAR {
            out.push(s);
        }
    };
    if let Some(p) = c.to_pinyin() {
        add(ascii_syllable(p.plain()));
    }
    if let Some(m) = c.to_pinyin_multi() {
        for p in m {
            add(ascii_syllable(p.plain()));
        }
    }
    out
}

/// One position of a name: the (full, initials) pieces it may be read as.
type Options = Vec<(String, String)>;

/// The name as positions, each with its readings (surname handled).
fn positions(name: &str) -> Vec<Options> {
    let chars: Vec<char> = name.trim().chars().map(half_width).collect();
    let mut out: Vec<Options> = Vec::new();
    let mut rest: &[char] = &chars;
    let head: String = chars.iter().take(2).collect();
    if let Some((_, f, i)) = COMPOUND_SURNAMES.iter().find(|(s, _, _)| *s == head) {
        out.push(vec![((*f).to_owned(), (*i).to_owned())]);
        rest = &chars[2..];
    } else if let Some(first) = chars.first()
        && let Some((_, readings)) = SURNAMES.iter().find(|(s, _)| s == first)
    {
        out.push(readings.iter().map(|f| ((*f).to_owned(), f[..1].to_owned())).collect());
        rest = &chars[1..];
    }
    let mut latin = String::new();
    let flush = |latin: &mut String, out: &mut Vec<Options>| {
        if !latin.is_empty() {
            let first = latin[..1].to_owned();
            out.push(vec![(std::mem::take(latin), first)]);
        }
    };
    for &c in rest {
        if c.is_ascii_alphabetic() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        flush(&mut latin, &mut out);
        if c.is_ascii_digit() {
            out.push(vec![(c.to_string(), c.to_string())]);
        } else {
            let readings = char_readings(c);
            if !readings.is_empty() {
                out.push(readings.into_iter().map(|r| (r.clone(), r[..1].to_owned())).collect());
            }
        }
    }
    flush(&mut latin, &mut out);
    out
}

/// The readings of a name as (full pinyin, initials), lower case, without
/// tones or separators; the first is the usual one (`pinyin_keys`). Every
/// reading of every character is in at least one of them while the cap
/// allows: first the usual reading, then each other reading of one
/// character at a time, then mixes — at most `MAX_READINGS`.
pub fn readings(name: &str) -> Vec<(String, String)> {
    let pos = positions(name);
    let render = |choice: &[usize]| {
        let mut full = String::new();
        let mut initials = String::new();
        for (p, &k) in pos.iter().zip(choice) {
            full.push_str(&p[k].0);
            initials.push_str(&p[k].1);
        }
        (full, initials)
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let push = |r: (String, String), out: &mut Vec<(String, String)>| {
        if out.len() < MAX_READINGS && !out.contains(&r) {
            out.push(r);
        }
    };
    let base = vec![0; pos.len()];
    push(render(&base), &mut out);
    for (i, p) in pos.iter().enumerate() {
        for k in 1..p.len() {
            let mut c = base.clone();
            c[i] = k;
            push(render(&c), &mut out);
        }
    }
    // Mixes of the other readings, in counting order, until the cap.
    let mut c = base;
    'mix: while out.len() < MAX_READINGS {
        // The next choice vector (an odometer over the positions).
        let mut i = 0;
        loop {
            if i == pos.len() {
                break 'mix;
            }
            c[i] += 1;
            if c[i] < pos[i].len() {
                break;
            }
            c[i] = 0;
            i += 1;
        }
        push(render(&c), &mut out);
    }
    out
}

/// Search keys for a name: (full pinyin, initials) of its usual reading:
/// 张三 → ("zhangsan", "zs"). ASCII letters and digits are kept lower-cased
/// (a Latin word gives its first letter to the initials); other characters
/// are dropped. Surnames use their surname reading (单 shàn).
pub fn pinyin_keys(name: &str) -> (String, String) {
    readings(name).into_iter().next().unwrap_or_default()
}

/// The key a roster is ordered by: the usual reading's syllables, surname
/// first, separated by spaces (a space sorts before every letter and digit),
/// so names compare syllable by syllable as Chinese rosters are ordered:
/// 李秀英 "li xiu ying" before 刘军 "liu jun" (li < liu), which the
/// unseparated "lixiuying" / "liujun" would not give.
pub fn sort_key(name: &str) -> String {
    positions(name)
        .into_iter()
        .filter_map(|p| p.into_iter().next().map(|r| r.0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The upper end of a prefix range: every key starting with `prefix` is
/// `>= prefix` and `< prefix_end(prefix)` (byte order, as the key index is).
pub fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// The text a name is found by when searched for Chinese (or other) text:
/// lower case, full-width folded, without blanks.
pub fn name_text(s: &str) -> String {
    s.trim().chars().map(half_width).filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// Key of a name search (`n` + the text: a prefix of some suffix of the
/// name is "contains").
pub fn name_key(q: &str) -> String {
    format!("n{}", name_text(q))
}

/// Key of a pinyin search (full pinyin or initials, of any reading).
pub fn pinyin_key(q: &str) -> String {
    format!("p{}", q.to_ascii_lowercase())
}

/// Keys of a search by the start of the mobile, and by its end.
pub fn mobile_keys(q: &str) -> (String, String) {
    (format!("m{q}"), format!("r{}", reversed(q)))
}

/// Key of a search by the end of the ID number.
pub fn id_tail_key(q: &str) -> String {
    format!("t{}", reversed(&q.to_ascii_uppercase()))
}

/// Every key a member is found by: each suffix of the name (contains), each
/// reading's full pinyin and initials, the mobile forwards and backwards,
/// the end of the ID number backwards. Sorted, without repeats; bounded by
/// the caps above.
pub fn search_keys(name: &str, mobile: Option<&str>, id_tail: &str) -> Vec<String> {
    let text: Vec<char> = name_text(name).chars().take(MAX_NAME_CHARS).collect();
    let mut keys: Vec<String> =
        (0..text.len()).map(|i| format!("n{}", text[i..].iter().collect::<String>())).collect();
    for (full, initials) in readings(name) {
        if !full.is_empty() {
            keys.push(format!("p{full}"));
            keys.push(format!("p{initials}"));
        }
    }
    if let Some(m) = mobile.filter(|m| !m.is_empty()) {
        let (a, b) = mobile_keys(m);
        keys.push(a);
        keys.push(b);
    }
    if !id_tail.is_empty() {
        keys.push(id_tail_key(id_tail));
    }
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fulls(name: &str) -> Vec<String> {
        readings(name).into_iter().map(|r| r.0).collect()
    }

    fn initials(name: &str) -> Vec<String> {
        readings(name).into_iter().map(|r| r.1).collect()
    }

    #[test]
    fn rosters_sort_by_syllables_surname_first() {
        assert_eq!(sort_key("李秀英"), "li xiu ying");
        assert_eq!(sort_key("长孙无忌"), "zhangsun wu ji");
        assert_eq!(sort_key("单雄信"), "shan xiong xin");
        assert_eq!(sort_key("John 李"), "john li");
        assert_eq!(sort_key("!?"), "");
        let mut names = vec!["刘军", "李秀英", "李", "林芳", "黎明", "吕布", "陆丰", "卢伟", "刘"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["李", "黎明", "李秀英", "林芳", "刘", "刘军", "陆丰", "卢伟", "吕布"]);
        // The whole name as one string gets li/liu wrong.
        assert!(pinyin_keys("李秀英").0 > pinyin_keys("刘军").0);
        assert!(sort_key("李秀英") < sort_key("刘军"));
    }

    #[test]
    fn surnames_are_read_as_surnames() {
        for (name, full) in [
            ("乐嘉", "yuejia"),
            ("句龙", "goulong"),
            ("祭仲", "zhaizhong"),
            ("单雄信", "shanxiongxin"),
            ("曾国藩", "zengguofan"),
            ("解缙", "xiejin"),
            ("仇英", "qiuying"),
            ("区家麟", "oujialin"),
            ("查良镛", "zhaliangyong"),
            ("盖叫天", "gejiaotian"),
            ("朴树", "piaoshu"),
            ("覃雪", "qinxue"),
            ("种师道", "chongshidao"),
            ("缪斯", "miaosi"),
            ("尉迟恭", "yuchigong"),
            ("万俟卨", "moqixie"),
            ("秘书", "bishu"),
            ("繁钦", "poqin"),
            ("員半千", "yunbanqian"),
            ("黑明", "heiming"),
        ] {
            assert_eq!(fulls(name)[0], full, "{name}: {:?}", fulls(name));
        }
        // 乐 is a surname both ways; 尉 alone is wèi.
        assert!(fulls("乐嘉").contains(&"lejia".to_owned()));
        assert_eq!(fulls("尉缭")[0], "weiliao");
        assert_eq!(pinyin_keys("黑明"), ("heiming".into(), "hm".into()));
    }

    #[test]
    fn either_reading_of_a_given_name_is_indexed() {
        for (name, a, b) in [
            ("王长江", "wangchangjiang", "wangzhangjiang"),
            ("李朝阳", "lizhaoyang", "lichaoyang"),
            ("张重阳", "zhangzhongyang", "zhangchongyang"),
            ("刘乐天", "liuletian", "liuyuetian"),
            ("陈行健", "chenxingjian", "chenhangjian"),
        ] {
            let f = fulls(name);
            assert!(f.contains(&a.to_owned()) && f.contains(&b.to_owned()), "{name}: {f:?}");
        }
        let i = initials("王长江");
        assert!(i.contains(&"wcj".to_owned()) && i.contains(&"wzj".to_owned()), "{i:?}");
        // Only the first character is a surname: 单 in a given name is dān
        // (and its other readings).
        assert_eq!(fulls("王单")[0], "wangdan");
        assert_eq!(fulls("吕绿")[0], "lvlv");
    }

    #[test]
    fn the_readings_of_a_name_are_capped() {
        // Six polyphonic characters: 3^6 mixes, kept to the cap; each
        // character's other readings still appear one at a time.
        let name = "王长朝重乐行还";
        let r = readings(name);
        assert_eq!(r.len(), MAX_READINGS, "{r:?}");
        let f: Vec<String> = r.into_iter().map(|r| r.0).collect();
        assert!(f.iter().any(|x| x.starts_with("wangzhang")), "{f:?}");
        assert!(f.iter().any(|x| x.starts_with("wangchangchao")), "{f:?}");
        let keys = search_keys(&"长".repeat(100), Some("13800138000"), "1234");
        assert!(keys.len() <= MAX_NAME_CHARS + 2 * MAX_READINGS + 3, "{}", keys.len());
    }

    #[test]
    fn keys_find_by_contains_prefix_and_suffix() {
        let keys = search_keys("欧阳娜娜", Some("13800138000"), "123X");
        for q in ["欧阳", "阳娜", "娜娜", "娜"] {
            assert!(keys.iter().any(|k| k.starts_with(&name_key(q))), "{q}");
        }
        assert!(keys.iter().any(|k| k.starts_with(&pinyin_key("OYNN"))));
        assert!(keys.iter().any(|k| k.starts_with(&pinyin_key("ouyangna"))));
        let (start, end) = mobile_keys("13800");
        assert!(keys.iter().any(|k| k.starts_with(&start)));
        let (_, end_key) = mobile_keys("38000");
        assert!(keys.iter().any(|k| k.starts_with(&end_key)), "{keys:?} {end}");
        assert!(keys.iter().any(|k| k.starts_with(&id_tail_key("23x"))));
        assert!(!keys.iter().any(|k| k.starts_with(&id_tail_key("12"))));
        assert!(prefix_end("pzs").as_str() > "pzsxyz" && prefix_end("pzs").as_str() > "pzs");
    }

    #[test]
    fn latin_and_digits_are_kept() {
        assert_eq!(pinyin_keys("买买提·艾力"), ("maimaitiaili".into(), "mmtal".into()));
        assert_eq!(pinyin_keys(" 张三2 "), ("zhangsan2".into(), "zs2".into()));
        assert_eq!(pinyin_keys("John Smith"), ("johnsmith".into(), "js".into()));
        assert_eq!(pinyin_keys("Ｌｉ 李"), ("lili".into(), "ll".into()));
        assert_eq!(pinyin_keys("!?"), (String::new(), String::new()));
    }

    proptest! {
        #[test]
        fn readings_are_bounded_and_start_with_the_usual_one(name in "[\u{4e00}-\u{9fa5}a-zA-Z0-9]{0,30}") {
            let r = readings(&name);
            prop_assert!(r.len() <= MAX_READINGS);
            prop_assert_eq!(r.first().cloned().unwrap_or_default(), pinyin_keys(&name));
            let keys = search_keys(&name, Some("13800138000"), "1234");
            prop_assert!(keys.len() <= MAX_NAME_CHARS + 2 * MAX_READINGS + 3);
            for k in &keys {
                prop_assert!(k.as_str() < prefix_end(k).as_str());
            }
        }
    }
}
