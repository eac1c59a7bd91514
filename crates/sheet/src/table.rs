//! Collects non-empty cells into a [`Table`] while enforcing the row and
//! column limits.

use crate::{Limits, SheetError, Table};

/// Grows rows only when a non-empty cell arrives, so empty rows and cells
/// (however many) cost nothing and trailing ones never appear.
pub(crate) struct TableBuilder {
    rows: Vec<Vec<String>>,
    max_rows: usize,
    max_cols: usize,
}

impl TableBuilder {
    pub(crate) fn new(limits: &Limits) -> Self {
        TableBuilder { rows: Vec::new(), max_rows: limits.max_rows, max_cols: limits.max_cols }
    }

    /// Place the text of the cell at 0-based (`row`, `col`). Empty text is
    /// ignored. Fails as soon as the cell lies past a limit.
    pub(crate) fn put(&mut self, row: usize, col: usize, text: String) -> Result<(), SheetError> {
        if text.is_empty() {
            return Ok(());
        }
        if row >= self.max_rows {
            return Err(SheetError::TooManyRows { limit: self.max_rows });
        }
        if col >= self.max_cols {
            return Err(SheetError::TooManyColumns { limit: self.max_cols });
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            cells.resize_with(col + 1, String::new);
        }
        cells[col] = text;
        Ok(())
    }

    pub(crate) fn finish(self) -> Table {
        Table { rows: self.rows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rows: usize, cols: usize) -> Limits {
        Limits { max_rows: rows, max_cols: cols, ..Limits::default() }
    }

    #[test]
    fn places_cells_and_keeps_gaps() {
        let mut b = TableBuilder::new(&limits(10, 10));
        b.put(2, 1, "x".into()).unwrap();
        b.put(0, 0, "a".into()).unwrap();
        b.put(0, 3, String::new()).unwrap();
        b.put(5, 0, String::new()).unwrap();
        assert_eq!(
            b.finish().rows,
            vec![vec!["a".to_string()], vec![], vec![String::new(), "x".to_string()]]
        );
    }

    #[test]
    fn limits_apply_to_non_empty_cells_only() {
        let mut b = TableBuilder::new(&limits(2, 2));
        b.put(9, 9, String::new()).unwrap();
        assert_eq!(b.put(2, 0, "x".into()), Err(SheetError::TooManyRows { limit: 2 }));
        assert_eq!(b.put(1, 2, "x".into()), Err(SheetError::TooManyColumns { limit: 2 }));
    }
}
