//! What print pages and codes shown on paper or phones share: dropping the
//! columns a printed table would leave empty, and splitting a long code into
//! the groups a line may break between.

/// A column of a printed table: its header and how its cells wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    /// Free text (a long group name, a post) may wrap; everything else —
    /// dates, numbers, codes, names, 汉族 — stays on one line.
    pub wraps: bool,
}

impl Column {
    /// The cell's class in print.css.
    pub fn class(&self) -> &'static str {
        if self.wraps { "wrap" } else { "nowrap" }
    }
}

/// Leaves out the columns that are empty (or blank) in every row, so a
/// printed sheet has no column of nothing. With no rows at all every column
/// stays: an empty sheet is a form to fill in by hand.
pub fn drop_empty_columns<H: Clone>(headers: &[H], rows: Vec<Vec<String>>) -> (Vec<H>, Vec<Vec<String>>) {
    if rows.is_empty() {
        return (headers.to_vec(), rows);
    }
    let keep: Vec<bool> = (0..headers.len())
        .map(|i| rows.iter().any(|r| r.get(i).is_some_and(|c| !c.trim().is_empty())))
        .collect();
    let pick = |i: &usize| keep.get(*i).copied().unwrap_or(true);
    let headers = headers.iter().enumerate().filter(|(i, _)| pick(i)).map(|(_, h)| h.clone()).collect();
    let rows = rows
        .into_iter()
        .map(|r| r.into_iter().enumerate().filter(|(i, _)| pick(i)).map(|(_, c)| c).collect())
        .collect();
    (headers, rows)
}

/// A code as shown (`XXXXX-XXXXX-…`) cut after each dash: each piece is
/// shown unbreakable, so a narrow screen breaks a line only between groups
/// and the text read or copied is the code unchanged.
pub fn code_groups(code: &str) -> Vec<&str> {
    code.split_inclusive('-').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(r: &[&[&str]]) -> Vec<Vec<String>> {
        r.iter().map(|row| row.iter().map(|c| (*c).to_owned()).collect()).collect()
    }

    #[test]
    fn a_column_empty_in_every_row_is_dropped_and_a_filled_one_kept() {
        let headers = ["姓名", "民族", "学历", "岗位"];
        let (h, r) = drop_empty_columns(
            &headers,
            rows(&[&["张三", "汉族", "", " "], &["李四", "", "", ""], &["王五", "", "", "车工"]]),
        );
        // 民族 is filled once, 岗位 once; 学历 never (blank counts as empty).
        assert_eq!(h, ["姓名", "民族", "岗位"]);
        assert_eq!(r, rows(&[&["张三", "汉族", " "], &["李四", "", ""], &["王五", "", "车工"]]));
    }

    #[test]
    fn with_no_rows_every_column_stays() {
        let (h, r) = drop_empty_columns(&["姓名", "民族"], Vec::new());
        assert_eq!(h, ["姓名", "民族"]);
        assert!(r.is_empty());
    }

    #[test]
    fn short_rows_do_not_lose_their_cells() {
        let (h, r) = drop_empty_columns(&["a", "b", "c"], rows(&[&["1"], &["2", "", "3"]]));
        assert_eq!(h, ["a", "c"]);
        assert_eq!(r, rows(&[&["1"], &["2", "3"]]));
    }

    #[test]
    fn codes_split_after_each_dash_and_join_back() {
        let code = "01ABC-DEFGH-JKMNP-QRSTV-WXYZ01";
        let g = code_groups(code);
        assert_eq!(g, ["01ABC-", "DEFGH-", "JKMNP-", "QRSTV-", "WXYZ01"]);
        assert_eq!(g.concat(), code);
        assert_eq!(code_groups("ABC"), ["ABC"]);
    }

    #[test]
    fn free_text_wraps_and_the_rest_does_not() {
        assert_eq!(Column { header: "岗位", wraps: true }.class(), "wrap");
        assert_eq!(Column { header: "出生日期", wraps: false }.class(), "nowrap");
    }
}
