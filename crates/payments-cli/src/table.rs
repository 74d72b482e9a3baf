//! Tables: rows of cells under a header, printed with aligned columns (comfy-table lays the
//! cells out and wraps them) and read by the CSV output as they are.
//!
//! On a terminal a table fits its width: columns wider than their share wrap inside their
//! column. Anywhere else (a file, a pipe) every column is as wide as its widest cell. The
//! output never carries colour or other escape codes.

use std::fmt;

use comfy_table::{ColumnConstraint, ContentLineStyle, TableStyle, Width};

/// One cell: its exact text, or nothing (a table prints `-`, CSV an empty field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell(Option<String>);

impl Cell {
    /// The cell's text, `None` when the value is absent.
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// How a table shows the cell.
    fn shown(&self) -> &str {
        self.text().unwrap_or("-")
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self(Some(text))
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Self(Some(text.to_string()))
    }
}

impl From<Option<String>> for Cell {
    fn from(text: Option<String>) -> Self {
        Self(text)
    }
}

/// A table: a header row and data rows.
///
/// The command's records are its last table: the CSV output writes that table (header row
/// and rows), tables before it are context for people (a batch's totals, the order a new
/// session belongs to).
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these column names.
    pub fn new<const N: usize>(header: [&str; N]) -> Self {
        Self {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are empty; extra cells are an error of the caller and are
    /// printed anyway).
    pub fn row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The column names.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The rows, in the order they were added.
    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    /// The table laid out for `width` columns of text (`None`: no limit).
    pub fn render(&self, width: Option<u16>) -> String {
        let layout = Layout::fit(&self.header, &self.rows, width);
        layout.render(Some(&self.header), &self.rows)
    }
}

/// The table laid out for stdout: fitted to its width when it is a terminal.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(stdout_width()))
    }
}

/// The width of the terminal stdout writes to; `None` when it is not a terminal.
pub fn stdout_width() -> Option<u16> {
    console::Term::stdout()
        .size_checked()
        .map(|(_rows, columns)| columns)
}

/// Spaces between two columns.
const GAP: u16 = 2;

/// The narrowest a column is made to fit a terminal (a table wider than that many columns
/// each is left wider than the terminal).
const MIN_WIDTH: u16 = 6;

/// Column widths fixed once, so that rows rendered apart (a streamed listing, a chunk at a
/// time) line up under the same header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    widths: Vec<u16>,
}

impl Layout {
    /// The widths for `header` and `rows`: each column as wide as its widest cell, and when
    /// that is too wide for `width`, the widest columns narrowed to share what is left.
    pub fn fit(header: &[String], rows: &[Vec<Cell>], width: Option<u16>) -> Self {
        let content = content_widths(header, rows);
        let widths = match width {
            Some(width) => share(&content, width),
            None => content,
        };
        Self { widths }
    }

    /// `rows` (under `header` and a rule when there is one) in this layout: a cell wider
    /// than its column wraps inside it. Each line ends with a newline, without trailing
    /// spaces.
    pub fn render(&self, header: Option<&[String]>, rows: &[Vec<Cell>]) -> String {
        let mut out = String::new();
        if let Some(header) = header {
            let cells: Vec<&str> = header.iter().map(String::as_str).collect();
            self.lines(&mut out, &[cells]);
            let rule: Vec<String> = self
                .widths
                .iter()
                .map(|w| "-".repeat(usize::from(*w)))
                .collect();
            push_line(&mut out, &rule.join(&" ".repeat(usize::from(GAP))));
        }
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|row| row.iter().map(Cell::shown).collect())
            .collect();
        self.lines(&mut out, &rows);
        out
    }

    /// Appends `rows` laid out in the fixed widths.
    fn lines(&self, out: &mut String, rows: &[Vec<&str>]) {
        if rows.is_empty() || self.widths.is_empty() {
            return;
        }
        let mut table = comfy_table::Table::new();
        table.load_style(STYLE);
        for row in rows {
            table.add_row(row.clone());
        }
        let last = self.widths.len().saturating_sub(1);
        for (i, column) in table.column_iter_mut().enumerate() {
            let gap = if i < last { GAP - 1 } else { 0 };
            let width = self.widths.get(i).copied().unwrap_or(MIN_WIDTH);
            column.set_padding((0, gap));
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width + gap)));
        }
        for line in table.lines() {
            push_line(out, &line);
        }
    }
}

/// No borders; one space between columns (with the one of each column's padding, the gap).
const STYLE: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none().junction(' '))
    .content_lines(ContentLineStyle::none().junction(' '));

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

/// The widest cell of each column (header included), as a terminal shows it.
fn content_widths(header: &[String], rows: &[Vec<Cell>]) -> Vec<u16> {
    let mut table = comfy_table::Table::new();
    table.set_header(header.to_vec());
    for row in rows {
        table.add_row(row.iter().map(Cell::shown).collect::<Vec<_>>());
    }
    table.column_max_content_widths()
}

/// Widths that fit `width` in all: columns narrower than an even share of what is left keep
/// their width, the others share the rest evenly (at least [`MIN_WIDTH`] each).
fn share(content: &[u16], width: u16) -> Vec<u16> {
    let gaps = GAP.saturating_mul(u16::try_from(content.len().saturating_sub(1)).unwrap_or(0));
    let mut left = width.saturating_sub(gaps);
    let mut widths: Vec<Option<u16>> = vec![None; content.len()];
    loop {
        let open = widths.iter().filter(|w| w.is_none()).count();
        let Some(each) = u16::try_from(open)
            .ok()
            .filter(|n| *n > 0)
            .map(|n| left / n)
        else {
            break;
        };
        let mut settled = false;
        for (slot, want) in widths.iter_mut().zip(content) {
            if slot.is_none() && *want <= each {
                *slot = Some(*want);
                left = left.saturating_sub(*want);
                settled = true;
            }
        }
        if !settled {
            // Every open column is wider than its share: they split what is left.
            let mut extra = left % u16::try_from(open).unwrap_or(1);
            for slot in widths.iter_mut().filter(|w| w.is_none()) {
                let bonus = u16::from(extra > 0);
                extra = extra.saturating_sub(1);
                *slot = Some((each + bonus).max(MIN_WIDTH));
            }
            break;
        }
    }
    widths
        .into_iter()
        .zip(content)
        .map(|(w, c)| w.unwrap_or(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_columns() {
        let mut t = Table::new(["id", "status"]);
        t.row(vec!["1764".to_string(), "completed".to_string()]);
        t.row(vec!["46".to_string(), "waiting".to_string()]);
        assert_eq!(
            t.render(None),
            "id    status\n----  ---------\n1764  completed\n46    waiting\n"
        );
    }

    #[test]
    fn absent_values_show_as_a_dash_and_missing_cells_as_nothing() {
        let mut t = Table::new(["id", "status", "error"]);
        t.row([Cell::from("1"), Cell::from(None)]);
        assert_eq!(
            t.render(None),
            "id  status  error\n--  ------  -----\n1   -\n"
        );
        assert_eq!(t.rows()[0][1].text(), None);
    }

    #[test]
    fn a_table_wider_than_the_terminal_wraps_its_widest_columns() {
        let mut t = Table::new(["id", "url", "status"]);
        t.row([
            "1",
            "https://example.com/a/rather/long/path/for/a/payment/page",
            "ok",
        ]);
        let text = t.render(Some(30));
        for line in text.lines() {
            assert!(line.chars().count() <= 30, "{line:?} in\n{text}");
        }
        assert!(
            text.starts_with("id  url                 status\n"),
            "{text}"
        );
        let url: String = text
            .lines()
            .skip(2)
            .map(|l| {
                l.chars()
                    .skip(4)
                    .take(18)
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect();
        assert_eq!(
            url, "https://example.com/a/rather/long/path/for/a/payment/page",
            "the whole text, wrapped inside its column:\n{text}"
        );
        // The same table with room to spare is not wrapped.
        assert_eq!(t.render(Some(200)), t.render(None));
    }

    #[test]
    fn shares_go_to_the_columns_that_need_them() {
        assert_eq!(share(&[2, 50, 6], 40), vec![2, 28, 6]);
        assert_eq!(share(&[30, 30], 40), vec![19, 19]);
        assert_eq!(share(&[30, 30, 30], 41), vec![13, 12, 12]);
        assert_eq!(share(&[2, 3], 80), vec![2, 3]);
        assert_eq!(share(&[40, 40], 10), vec![MIN_WIDTH, MIN_WIDTH], "a floor");
    }

    #[test]
    fn rows_rendered_apart_line_up_under_one_header() {
        let header = vec!["id".to_string(), "status".to_string()];
        let first = vec![vec![Cell::from("1"), Cell::from("succeeded")]];
        let layout = Layout::fit(&header, &first, None);
        let later = vec![vec![Cell::from("22"), Cell::from("failed")]];
        let text = layout.render(Some(&header), &first) + &layout.render(None, &later);
        assert_eq!(
            text,
            "id  status\n--  ---------\n1   succeeded\n22  failed\n"
        );
    }
}
