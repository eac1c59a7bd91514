//! A plan's sections: the text split at its headings ("一、组织建设",
//! "二、…", or a Markdown "## …" line), each with the targets read from its
//! own text. Sub-headings ("（一）", "1、", "一是") stay inside their
//! section. Text before the first heading is a section without a title.
//!
//! Each chunk is read on its own: a heading is a list item, which the
//! extraction never joins to the line before it, so the chunks' targets
//! are exactly the whole text's, in order (a test holds that on the seeds).

use super::extract::{Candidate, extract};
use super::numeral;

/// A heading is cut to this many characters for its title.
pub const TITLE_CHARS: usize = 40;

/// One section of a plan's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The heading's words ("一、组织建设" → "一、组织建设"); empty for the
    /// text before the first heading.
    pub title: String,
    pub targets: Vec<Candidate>,
}

/// The sections of `text` with their targets, in order. The untitled lead
/// is kept only when it holds targets.
pub fn split(text: &str) -> Vec<Section> {
    let mut chunks: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in text.lines() {
        if let Some(title) = heading(line) {
            chunks.push((title, String::new()));
        }
        let body = &mut chunks.last_mut().expect("one chunk at least").1;
        body.push_str(line);
        body.push('\n');
    }
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, (title, body))| (i, Section { title, targets: extract(&body) }))
        .filter(|(i, s)| *i > 0 || !s.targets.is_empty())
        .map(|(_, s)| s)
        .collect()
}

/// The title of a heading line, if `line` is one: a Chinese numeral
/// followed by 、 at the start ("三、维权"), or a Markdown heading.
fn heading(line: &str) -> Option<String> {
    let t = line.trim();
    let t = if t.starts_with('#') { t.trim_start_matches('#').trim() } else { t };
    let markdown = line.trim_start().starts_with('#') && !t.is_empty();
    let numbered = {
        let n = t.chars().take_while(|c| numeral::is_chinese_numeral(*c)).count();
        n > 0 && n <= 3 && t.chars().nth(n) == Some('、')
    };
    if !markdown && !numbered {
        return None;
    }
    Some(title_of(t))
}

/// The heading's first sentence, at most [`TITLE_CHARS`] characters,
/// without the trailing punctuation.
fn title_of(t: &str) -> String {
    let first = t.split(['。', '；', ';', '！', '？']).next().unwrap_or(t);
    let first = first.trim_end_matches(['：', ':', '，', ',', ' ']);
    let mut out: String = first.chars().take(TITLE_CHARS).collect();
    if first.chars().count() > TITLE_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEEDS: [&str; 3] = [
        include_str!("seeds/000_6fd2ff6756ff44f6.txt"),
        include_str!("seeds/001_031ff6f7eb7b6571.txt"),
        include_str!("seeds/002_81eccbbc9132d5d4.txt"),
    ];

    #[test]
    fn sections_hold_exactly_the_texts_targets() {
        for seed in SEEDS {
            let whole = extract(seed);
            let placed: Vec<Candidate> = split(seed).into_iter().flat_map(|s| s.targets).collect();
            assert_eq!(placed, whole);
        }
    }

    #[test]
    fn headings_open_sections_and_sub_headings_stay_inside() {
        let text = "总体要求\n一、组织建设\n（一）建会\n全年新增建会不少于2家。\n二、文体活动：\n1、活动\n活动参与面达到90%以上。\n";
        let s = split(text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].title, "一、组织建设");
        assert_eq!(s[0].targets.len(), 1);
        assert_eq!(s[0].targets[0].value, 2.0);
        assert_eq!(s[1].title, "二、文体活动");
        assert_eq!(s[1].targets[0].unit, "%");
        // A lead with a target is kept untitled.
        let s = split("建会率达到95%以上。\n一、其他\n");
        assert_eq!(s[0].title, "");
        assert_eq!(s.len(), 2);
        // "一是" is no heading; a long heading is cut.
        assert!(heading("一是与党工共建相结合").is_none());
        let long = format!("三、{}", "很".repeat(60));
        assert_eq!(heading(&long).unwrap().chars().count(), TITLE_CHARS + 1);
        assert_eq!(heading("## 二、进一步加强班组建设，提升。").unwrap(), "二、进一步加强班组建设，提升");
    }

    #[test]
    fn seed_sections() {
        let s = split(SEEDS[1]);
        assert!(s.iter().any(|x| x.title == "一、加强工会组织建设,提高工会工作职能"));
        let with_targets = s.iter().filter(|x| !x.targets.is_empty()).count();
        assert!(with_targets >= 1);
    }
}
