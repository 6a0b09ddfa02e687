//! The columns of a batch sheet (CSV or workbook): which field each header
//! names, in either language, and the reading of one row's cells into a
//! project through the one cell parser ([`super::value`]).
//!
//! A header is a dotted path with 1-based indices (`loans[1].principal`) or
//! the field's Chinese header with the index in place of `{n}` (`贷款1本金`),
//! mixed freely; surrounding spaces are ignored. A trailing unit in
//! brackets (`实际投资额(万元)`, `用地面积（亩）`) applies to every bare number
//! of the column; a unit the field cannot take refuses the header
//! ([`super::units`]). A list field takes one cell
//! (`1亿;8000万`) or one column per element: `loans[1].balances[2]`, in
//! Chinese `贷款1余额2` (the list's header followed by the element's number).

use super::headers::resolve_unit;
pub use super::headers::{resolve_header, resolve_header_unit};
use super::parse::{InputError, InputErrors, Source, cross_checks, shorten};
use super::schema::{FieldSpec, FieldType};
use super::units::Unit;
use super::value::{self, CellValue, Value};
use super::{Field, Project};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// What one header names: a field, its 0-based array entry, and for a list
/// field written one element per column, the element's 1-based place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Column {
    pub field: Field,
    pub index: Option<usize>,
    pub element: Option<usize>,
}

impl Column {
    /// The column's dotted path as a user writes it (`loans[1].balances[2]`).
    pub fn path(&self) -> String {
        let mut p = self.field.spec().display_path(self.index);
        if let Some(k) = self.element {
            p.push_str(&format!("[{k}]"));
        }
        p
    }

    /// The column's Chinese header (`贷款1余额2`).
    pub fn header_zh(&self) -> String {
        let mut h = self.field.spec().header(self.index);
        if let Some(k) = self.element {
            h.push_str(&k.to_string());
        }
        h
    }
}

/// The columns of a header, resolved once for the whole file.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Per column: the field and its 0-based array index.
    fields: Vec<(Field, Option<usize>)>,
    /// Per column: the element of a list written one per column.
    elements: Vec<Option<usize>>,
    /// Whether any column is a list element (rows then assemble lists).
    has_elements: bool,
    /// Per column: no header (a spreadsheet's trailing empty columns); its
    /// cells must stay blank.
    unnamed: Vec<bool>,
    has_unnamed: bool,
    /// Per column: how messages name it (the path; a Chinese header with its
    /// path in brackets).
    names: Vec<String>,
    /// Headers written in Chinese, and all named headers.
    chinese: (usize, usize),
    /// Per column: the unit its header gives bare numbers.
    units: Vec<Option<&'static Unit>>,
}

/// Header mistakes a message lists before counting the rest.
const LISTED_HEADER_ERRORS: usize = 5;

impl Columns {
    /// Resolves header names in either language; an unknown or repeated
    /// header is an error naming it and the nearest valid one.
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<Columns, InputErrors> {
        let mut columns: Vec<Column> = Vec::new();
        let mut unnamed = Vec::new();
        // Sets, not scans: a header of a million columns is read in linear time.
        let mut seen: HashSet<Column> = HashSet::new();
        let mut lists: HashMap<(Field, Option<usize>), (bool, String)> = HashMap::new();
        let mut names = Vec::new();
        let mut chinese_count = (0usize, 0usize);
        let mut column_units = Vec::new();
        let mut errors = Vec::new();
        // A header of a million unknown columns gets a message of a few.
        let mut unlisted = 0usize;
        let reported = std::cell::Cell::new(0usize);
        let mut err = |i: usize, field: String, message: String| {
            reported.set(reported.get() + 1);
            if errors.len() >= LISTED_HEADER_ERRORS {
                unlisted += 1;
                return;
            }
            errors.push(InputError {
                field,
                source: Source::Project,
                message: format!("表头第{}列: {message}", i + 1),
            })
        };
        for (i, h) in headers.into_iter().enumerate() {
            let written = h.trim();
            unnamed.push(written.is_empty());
            column_units.push(None);
            if written.is_empty() {
                // A placeholder never read: the column's cells must be blank.
                columns.push(Column {
                    field: Field::ProjectId,
                    index: None,
                    element: None,
                });
                names.push(format!("第{}列 (无列名)", i + 1));
                continue;
            }
            match resolve_unit(written, reported.get() < LISTED_HEADER_ERRORS) {
                Ok((c, chinese, unit)) => {
                    chinese_count.0 += usize::from(chinese);
                    chinese_count.1 += 1;
                    if let Some(last) = column_units.last_mut() {
                        *last = unit;
                    }
                    let name = if chinese {
                        format!("{written} ({})", c.path())
                    } else {
                        c.path()
                    };
                    // Lists: whether written whole or by element, and where.
                    let list_key = (c.field, c.index);
                    if !seen.insert(c) {
                        err(i, name.clone(), "重复的列".into());
                    } else if let Some((by_element, other)) = lists.get(&list_key)
                        && *by_element != c.element.is_some()
                    {
                        err(
                            i,
                            name.clone(),
                            format!("与 {other} 重复: 列表字段或者整列一格填写, 或者逐项分列填写"),
                        );
                    } else if c.field.spec().ty == FieldType::MoneyList {
                        lists
                            .entry(list_key)
                            .or_insert((c.element.is_some(), c.path()));
                    }
                    columns.push(c);
                    names.push(name);
                }
                Err(message) => {
                    // The message quotes the header itself.
                    err(i, String::new(), message);
                    columns.push(Column {
                        field: Field::ProjectId,
                        index: None,
                        element: None,
                    });
                    names.push(written.to_string());
                }
            }
        }
        if unlisted > 0 {
            errors.push(InputError {
                field: String::new(),
                source: Source::Project,
                message: format!("表头另有 {unlisted} 处错误未列出"),
            });
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        Ok(Columns {
            fields: columns.iter().map(|c| (c.field, c.index)).collect(),
            elements: columns.iter().map(|c| c.element).collect(),
            has_elements: columns.iter().any(|c| c.element.is_some()),
            has_unnamed: unnamed.contains(&true),
            unnamed,
            names,
            chinese: chinese_count,
            units: column_units,
        })
    }

    /// Whether the header was written in Chinese (at least half its named
    /// columns): a batch's CSV output then answers in Chinese.
    pub fn written_in_chinese(&self) -> bool {
        let (zh, all) = self.chinese;
        all > 0 && zh * 2 >= all
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Whether a row can give field `f`: some column names it (the plan per
    /// header settles the rules no column can reach).
    pub fn sets(&self, f: Field) -> bool {
        self.fields.iter().any(|(c, _)| *c == f)
    }

    /// The unit column `i`'s header gives its bare numbers.
    pub fn unit(&self, i: usize) -> Option<&'static Unit> {
        self.units.get(i).copied().flatten()
    }

    /// How messages name each column.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// What column `i` names.
    pub fn column(&self, i: usize) -> Option<Column> {
        if self.unnamed.get(i).copied().unwrap_or(true) {
            return None;
        }
        let (field, index) = *self.fields.get(i)?;
        Some(Column {
            field,
            index,
            element: self.elements.get(i).copied().flatten(),
        })
    }

    /// Whether every cell of a row is blank (empty, or only `-`, `/`, `无` …):
    /// such a row is `empty`, not a project (CONTRACT.md, batch output).
    pub fn row_is_blank(cells: &[&str]) -> bool {
        cells.iter().all(|c| value::is_blank(c.trim()))
    }

    /// Builds a project from one row's cells; `row` is 1-based for messages.
    /// An empty cell is an absent field.
    pub fn project(&self, row: usize, cells: &[&str]) -> Result<Project, InputErrors> {
        let mut project = Project::default();
        self.project_into(row, cells, &mut project)?;
        Ok(project)
    }

    /// [`Columns::project`] into `project`, which is emptied first (so one
    /// project's allocations serve many rows); on an error it is left partly
    /// filled, every readable cell set: `project.text(Field::ProjectId)` then
    /// still gives a failed row's id when its cell could be read.
    pub fn project_into(
        &self,
        row: usize,
        cells: &[&str],
        project: &mut Project,
    ) -> Result<(), InputErrors> {
        // The CSV path, written out rather than through `fill`: it runs for
        // every cell of a batch and is measured by bench/batch.sh.
        project.clear();
        if cells.len() != self.fields.len() {
            return Err(self.ragged(row, cells.len()));
        }
        let mut errors = Vec::new();
        let mut elements = Vec::new();
        for (i, ((f, index), cell)) in self.fields.iter().zip(cells).enumerate() {
            let trimmed = trim_cell(cell);
            if value::is_blank(trimmed) {
                continue;
            }
            let words = f.spec().ty.holds_words()
                && !(self.has_unnamed && self.unnamed[i])
                && !(self.has_elements && self.elements[i].is_some());
            // Texts and choices go into strings the project keeps.
            let words = words.then(|| value::parse_trimmed_words(f.spec(), trimmed));
            let message = match words.flatten() {
                Some(Ok(w)) => {
                    project.set_text(*f, *index, w);
                    continue;
                }
                Some(Err(message)) => message,
                None => match value::parse_trimmed_in(f.spec(), trimmed, self.units[i]) {
                    _ if self.has_unnamed && self.unnamed[i] => UNNAMED.to_string(),
                    Ok(v) if self.has_elements && self.elements[i].is_some() => {
                        match one_element(v) {
                            Ok(d) => {
                                elements.push((i, d));
                                continue;
                            }
                            Err(message) => message,
                        }
                    }
                    Ok(v) => {
                        project.set(*f, *index, Some(v));
                        continue;
                    }
                    Err(message) => message,
                },
            };
            errors.push(InputError {
                field: self.names[i].clone(),
                source: Source::Row(row),
                message: format!("{} ({message})", shorten(cell)),
            });
        }
        self.finish(row, &elements, project, errors)
    }

    /// [`Columns::project_into`] for a workbook row of typed cells, each
    /// read by [`value::from_cell`].
    pub fn project_from_cells(
        &self,
        row: usize,
        cells: &[CellValue<'_>],
        project: &mut Project,
    ) -> Result<(), InputErrors> {
        self.fill(
            row,
            cells,
            project,
            |i, spec, cell| value::from_cell_in(spec, *cell, self.units[i]),
            |cell| match cell {
                CellValue::Text(t) => shorten(t),
                CellValue::Number(d) => crate::money::plain(*d),
                CellValue::Percent(d) => crate::money::percent(*d),
                CellValue::Date(d) => d.to_string(),
                CellValue::Bool(b) => b.to_string(),
                CellValue::Empty => String::new(),
            },
        )
    }

    fn fill<C>(
        &self,
        row: usize,
        cells: &[C],
        project: &mut Project,
        read: impl Fn(usize, &'static FieldSpec, &C) -> Result<Option<Value>, String>,
        show: impl Fn(&C) -> String,
    ) -> Result<(), InputErrors> {
        project.clear();
        if cells.len() != self.fields.len() {
            return Err(self.ragged(row, cells.len()));
        }
        let mut errors = Vec::new();
        // List elements written one per column: (column, amount).
        let mut elements = Vec::new();
        for (i, ((f, index), cell)) in self.fields.iter().zip(cells).enumerate() {
            let message = match read(i, f.spec(), cell) {
                Ok(None) => continue,
                _ if self.has_unnamed && self.unnamed[i] => UNNAMED.to_string(),
                Ok(Some(v)) if self.has_elements && self.elements[i].is_some() => {
                    match one_element(v) {
                        Ok(d) => {
                            elements.push((i, d));
                            continue;
                        }
                        Err(message) => message,
                    }
                }
                Ok(Some(v)) => {
                    project.set(*f, *index, Some(v));
                    continue;
                }
                Err(message) => message,
            };
            errors.push(InputError {
                field: self.names[i].clone(),
                source: Source::Row(row),
                message: format!("{} ({message})", show(cell)),
            });
        }
        self.finish(row, &elements, project, errors)
    }

    fn ragged(&self, row: usize, cells: usize) -> InputErrors {
        InputErrors(vec![InputError {
            field: String::new(),
            source: Source::Row(row),
            message: format!("本行有{cells}列, 表头有{}列", self.fields.len()),
        }])
    }

    /// The end of every row: lists by column assembled, empty entries
    /// dropped, checks between fields.
    fn finish(
        &self,
        row: usize,
        elements: &[(usize, Decimal)],
        project: &mut Project,
        mut errors: Vec<InputError>,
    ) -> Result<(), InputErrors> {
        if !elements.is_empty() {
            self.assemble_lists(row, elements, project, &mut errors);
        }
        project.drop_empty_records();
        for mut e in project
            .resolve_dollars()
            .into_iter()
            .chain(cross_checks(project))
        {
            e.source = Source::Row(row);
            errors.push(e);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(errors))
        }
    }

    /// Sets each list written one element per column; the elements must run
    /// from the first without a gap (a year left out would shift the rest).
    fn assemble_lists(
        &self,
        row: usize,
        elements: &[(usize, Decimal)],
        project: &mut Project,
        errors: &mut Vec<InputError>,
    ) {
        let mut done: Vec<(Field, Option<usize>)> = Vec::new();
        for &(first, _) in elements {
            let key = self.fields[first];
            if done.contains(&key) {
                continue;
            }
            done.push(key);
            let mut items: Vec<(usize, Decimal)> = elements
                .iter()
                .filter(|(c, _)| self.fields[*c] == key)
                .filter_map(|&(c, d)| self.elements[c].map(|k| (k, d)))
                .collect();
            items.sort_by_key(|(k, _)| *k);
            let gap = items
                .iter()
                .enumerate()
                .find(|(i, (k, _))| *k != i + 1)
                .map(|(i, _)| i + 1);
            match gap {
                Some(missing) => {
                    let col = Column {
                        field: key.0,
                        index: key.1,
                        element: Some(missing),
                    };
                    errors.push(InputError {
                        field: col.path(),
                        source: Source::Row(row),
                        message: format!(
                            "{} 为空, 但后面的项已填写; 各项应从第1项起连续填写",
                            col.header_zh()
                        ),
                    });
                }
                None => project.set(
                    key.0,
                    key.1,
                    Some(Value::List(items.into_iter().map(|(_, d)| d).collect())),
                ),
            }
        }
    }
}

/// A value under a column without a header.
const UNNAMED: &str = "本列没有列名, 不知道填的是什么; 请补上列名或删去本列的值";

/// The one amount of a list element's column.
fn one_element(v: Value) -> Result<Decimal, String> {
    match v {
        Value::List(l) if l.len() == 1 => Ok(l[0]),
        _ => Err("应为一个金额 (本列只填这一项)".to_string()),
    }
}

/// `str::trim`, settled from the first and last characters in the usual
/// case of a cell with nothing to trim.
pub(super) fn trim_cell(cell: &str) -> &str {
    let solid = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    if solid(cell.chars().next()) && solid(cell.chars().next_back()) {
        cell
    } else {
        cell.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::FIELDS;

    fn col(h: &str) -> Column {
        resolve_header(h).unwrap_or_else(|e| panic!("{h}: {e}")).0
    }

    #[test]
    fn cells_trim_as_str_trim_does() {
        for cell in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "万",
            " 万 ",
            "\u{3000}3000万\u{3000}",
            "\u{a0}x",
            "x\u{85}",
            "\u{b}1",
            "1\u{c}",
            "中文",
            "a b",
            "\u{200b}x",
        ] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn headers_in_both_languages() {
        let principal2 = Column {
            field: Field::Principal,
            index: Some(1),
            element: None,
        };
        assert_eq!(col("loans[2].principal"), principal2);
        assert_eq!(col("贷款2本金"), principal2);
        assert_eq!(col(" 贷款2本金 "), principal2);
        assert_eq!(col("实际投资额(元)"), col("investment.total"));
        assert_eq!(col("用地面积(亩)"), col("land.area_mu"));
        assert_eq!(col("用地面积（亩）"), col("land.area_mu"));
        assert_eq!(col("land.area_mu (亩)"), col("land.area_mu"));
        let b = col("贷款1余额3");
        assert_eq!(
            (b.field, b.index, b.element),
            (Field::Balances, Some(0), Some(3))
        );
        assert_eq!(col("loans[1].balances[3]"), b);
        assert_eq!(col("纳税年度12上缴税收").index, Some(11));
        for s in FIELDS.iter() {
            let index = s.group().map(|_| 2);
            let c = Column {
                field: s.field,
                index,
                element: None,
            };
            assert_eq!(col(&s.header(index)), c, "{}", s.header_zh);
            assert_eq!(col(&s.display_path(index)), c, "{}", s.path);
        }
    }

    #[test]
    fn unknown_headers_suggest_a_valid_header_in_their_language() {
        let e = resolve_header("loans[2].principle").unwrap_err();
        assert!(e.contains("\"loans[2].principal\""), "{e}");
        let e = resolve_header("贷款2本钱").unwrap_err();
        assert!(e.contains("\"贷款2本金\""), "{e}");
        let e = resolve_header("贷款本金").unwrap_err();
        assert!(e.contains("\"贷款1本金\""), "{e}");
        let e = resolve_header("land.area_muu").unwrap_err();
        assert!(e.contains("\"land.area_mu\""), "{e}");
        // The suggestion is itself a valid header.
        for bad in [
            "loans.principal",
            "tax_years[3].tax_payed",
            "厂房建筑面积",
            "用地面积亩",
        ] {
            let e = resolve_header(bad).unwrap_err();
            if let Some(start) = e.find("是否应为 \"") {
                let rest = &e[start + "是否应为 \"".len()..];
                let suggestion = &rest[..rest.find('"').unwrap()];
                assert!(resolve_header(suggestion).is_ok(), "{bad} → {suggestion}");
            }
        }
        assert!(resolve_header("loans[0].principal").is_err());
        assert!(resolve_header("贷款0本金").is_err());
        assert!(resolve_header("loans[1].balances[0]").is_err());
    }

    #[test]
    fn repeated_and_conflicting_headers_are_refused() {
        let e = Columns::from_headers(["贷款1本金", "loans[1].principal"]).unwrap_err();
        assert!(e.to_string().contains("重复"), "{e}");
        let e = Columns::from_headers(["loans[1].balances", "贷款1余额1"]).unwrap_err();
        assert!(e.to_string().contains("逐项分列"), "{e}");
    }

    #[test]
    fn a_failed_row_keeps_its_id_and_blank_rows_are_seen() {
        let c = Columns::from_headers(["项目编号", "实际投资额"]).unwrap();
        let mut p = Project::default();
        assert!(c.project_into(1, &["A-1", "abc"], &mut p).is_err());
        assert_eq!(p.text(Field::ProjectId), Some("A-1"));
        assert!(Columns::row_is_blank(&["", " ", "-", "无"]));
        assert!(!Columns::row_is_blank(&["", "0"]));
    }

    /// A project filled row after row (texts in strings kept from earlier
    /// rows) equals one filled from its row alone.
    #[test]
    fn a_reused_project_equals_a_new_one() {
        let c = Columns::from_headers([
            "project.id",
            "project.name",
            "project.county",
            "factory.buildings[1].structure",
            "factory.buildings[2].structure",
            "investment.total",
        ])
        .unwrap();
        let rows: [&[&str]; 5] = [
            &[
                "A-1",
                "一个名称很长的项目, 用来让字符串变长",
                "泽州县",
                "",
                "",
                "1亿",
            ],
            &["B", "", "", "轻钢结构", "MIXED", ""],
            &["C-3", "短", "陵川县", "", "其他结构", "2亿"],
            &["D", "", "", "钢结构", "", ""],
            &["", "", "", "", "", ""],
        ];
        let mut reused = Project::default();
        for (i, row) in rows.iter().enumerate() {
            let fresh = c.project(i + 1, row);
            let again = c.project_into(i + 1, row, &mut reused);
            // The row with a structure that is none of the choices fails.
            assert_eq!(fresh.is_ok(), i != 3, "row {i}");
            match fresh {
                Ok(p) => {
                    assert!(again.is_ok(), "row {i}");
                    assert_eq!(reused, p, "row {i}");
                    assert_eq!(reused.text(Field::ProjectId), p.text(Field::ProjectId));
                }
                Err(_) => assert!(again.is_err(), "row {i}"),
            }
        }
    }

    #[test]
    fn columns_without_a_header_must_stay_blank() {
        let c = Columns::from_headers(["项目编号", "", "实际投资额", " "]).unwrap();
        assert_eq!(c.column(1), None);
        let p = c.project(1, &["A-1", "", "1亿", "-"]).unwrap();
        assert_eq!(p.text(Field::ProjectId), Some("A-1"));
        let e = c.project(1, &["A-1", "x", "1亿", ""]).unwrap_err();
        assert!(e.to_string().contains("没有列名"), "{e}");
        assert!(e.to_string().contains("第2列"), "{e}");
        // Two unnamed columns are not repeated columns.
        assert!(Columns::from_headers(["", ""]).is_ok());
    }

    #[test]
    fn a_long_header_of_repeats_is_read_in_linear_time() {
        let header = vec!["project.id"; 200_000];
        let e = Columns::from_headers(header).unwrap_err();
        // Five listed, the other 199,994 counted.
        assert_eq!(e.0.len(), 6);
        assert!(
            e.0[5].message.contains("另有 199994 处"),
            "{}",
            e.0[5].message
        );
    }

    #[test]
    fn list_elements_by_column() {
        let c = Columns::from_headers(["贷款1本金", "贷款1余额1", "loans[1].balances[2]"]).unwrap();
        let p = c.project(1, &["1亿", "1亿", "8,000万"]).unwrap();
        let loans = p.records(super::super::Group::Loans);
        assert_eq!(
            loans[0].list(Field::Balances),
            Some(&[rust_decimal::dec!(100000000), rust_decimal::dec!(80000000)][..])
        );
        let e = c.project(1, &["1亿", "", "8000万"]).unwrap_err();
        assert!(e.to_string().contains("贷款1余额1"), "{e}");
        let e = c.project(1, &["1亿", "1亿;2亿", ""]).unwrap_err();
        assert!(e.to_string().contains("一个金额"), "{e}");
    }

    proptest::proptest! {
        /// Any header and any cell: an answer, never a panic.
        #[test]
        fn any_header_and_cell_is_answered(
            header in "(\\PC|[\\[\\]().（）0-9年月日元万亿¥￥-])*",
            cell in "(\\PC|[0-9.,;；、|/年月日元万亿¥￥:% -])*",
        ) {
            let _ = resolve_header(&header);
            for spec in FIELDS.iter() {
                let _ = value::parse_cell(spec, &cell);
                let _ = value::from_cell(spec, CellValue::Text(&cell));
            }
            if let Ok(c) = Columns::from_headers(["贷款1余额2", header.as_str()]) {
                let _ = c.project(1, &[cell.as_str(), cell.as_str()]);
            }
        }
    }
}
