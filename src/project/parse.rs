//! Reading a project from a TOML file, a CSV row or `--set` overrides. Every
//! mistake is collected, so one run reports them all, each naming the field.

use super::schema::{self, FIELDS, FieldSpec, Ty, nearest};
use super::value::{self, Value, check_range, parse_text};
use super::{F, Project};
use std::fmt;
use toml::de::{DeTable, DeValue};

/// Where an input mistake was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A line and column in a file (1-based).
    File { line: usize, column: usize },
    /// A CSV data row (1-based, header excluded).
    Row(usize),
    /// A `--set` override.
    Set,
    /// The project as a whole (cross-field checks).
    Project,
}

/// One mistake in the input, naming the field and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: String,
    pub source: Source,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::File { line, column } => write!(f, "第{line}行第{column}列 ")?,
            Source::Row(r) => write!(f, "第{r}行 ")?,
            Source::Set => write!(f, "--set ")?,
            Source::Project => {}
        }
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// All the mistakes of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        if n > 1 {
            writeln!(f, "输入有{n}处错误:")?;
        }
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if n > 1 {
                write!(f, "  - ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Parses a project file. Top-level tables named in `reserved` (the
/// `[case]`/`[expect]` tables of test cases) are skipped.
pub fn from_toml(text: &str, reserved: &[&str]) -> Result<Project, InputErrors> {
    let doc = DeTable::parse(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        InputErrors(vec![InputError {
            field: String::new(),
            source: Source::File { line, column },
            message: format!("TOML 语法错误: {}", e.message()),
        }])
    })?;
    let mut walker = Walker {
        text,
        project: Project::default(),
        errors: Vec::new(),
        unlisted: 0,
    };
    for (key, value) in doc.get_ref().iter() {
        if reserved.contains(&key.get_ref().as_ref()) {
            continue;
        }
        walker.entry("", key.get_ref(), key.span().start, value);
    }
    walker.finish()
}

struct Walker<'t> {
    text: &'t str,
    project: Project,
    errors: Vec<InputError>,
    /// Mistakes past [`MAX_LISTED`], counted but not located.
    unlisted: usize,
}

/// Mistakes listed one by one; locating each costs a scan of the text, so a
/// file of a million bad keys must not be located a million times.
const MAX_LISTED: usize = 100;

impl Walker<'_> {
    fn error(&mut self, mut field: String, pos: usize, message: String) {
        // A path built from a huge key is cut, not echoed whole.
        if field.len() > 200 {
            field = format!("{}…", field.chars().take(100).collect::<String>());
        }
        if self.errors.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        let (line, column) = line_col(self.text, pos);
        self.errors.push(InputError {
            field,
            source: Source::File { line, column },
            message,
        });
    }

    /// One key of a table whose template path is `prefix`, at entry `index`
    /// of the enclosing array if any.
    fn entry(&mut self, prefix: &str, key: &str, pos: usize, value: &toml::Spanned<DeValue<'_>>) {
        self.entry_at(prefix, None, key, pos, value);
    }

    fn entry_at(
        &mut self,
        prefix: &str,
        index: Option<usize>,
        key: &str,
        pos: usize,
        value: &toml::Spanned<DeValue<'_>>,
    ) {
        let template = join(prefix, key);
        let shown = user_path(&template, index);
        if let Some(spec) = schema::by_path(&template) {
            let parsed = from_toml_value(spec, value.get_ref());
            match parsed {
                Ok(v) => self.project.set(spec.field, index, Some(v)),
                Err(msg) => self.error(shown, value.span().start, msg),
            }
            return;
        }
        let as_table = format!("{template}.");
        let as_array = format!("{template}[].");
        if FIELDS.iter().any(|s| s.path.starts_with(&as_table)) {
            match value.get_ref() {
                DeValue::Table(t) => self.table(&template, index, t),
                other => self.error(
                    shown,
                    value.span().start,
                    format!("应为表 [{template}], 实为{}", other.type_str()),
                ),
            }
        } else if FIELDS.iter().any(|s| s.path.starts_with(&as_array)) {
            match value.get_ref() {
                DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        match item.get_ref() {
                            DeValue::Table(t) => self.table(&format!("{template}[]"), Some(i), t),
                            other => self.error(
                                user_path(&format!("{template}[]"), Some(i)),
                                item.span().start,
                                format!("应为表 [[{template}]], 实为{}", other.type_str()),
                            ),
                        }
                    }
                }
                other => self.error(
                    shown,
                    value.span().start,
                    format!("应为表数组 [[{template}]], 实为{}", other.type_str()),
                ),
            }
        } else if self.errors.len() >= MAX_LISTED {
            self.unlisted += 1;
        } else {
            let message = unknown_key_message(prefix, key);
            self.error(shown, pos, message);
        }
    }

    fn table(&mut self, prefix: &str, index: Option<usize>, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            self.entry_at(prefix, index, key.get_ref(), key.span().start, value);
        }
    }

    fn finish(mut self) -> Result<Project, InputErrors> {
        self.project.drop_empty_records();
        self.errors.extend(cross_checks(&self.project));
        if self.errors.is_empty() {
            Ok(self.project)
        } else {
            self.errors.sort_by_key(|e| match e.source {
                Source::File { line, column } => (line, column),
                _ => (usize::MAX, 0),
            });
            if self.unlisted > 0 {
                self.errors.push(InputError {
                    field: String::new(),
                    source: Source::Project,
                    message: format!("另有{}处错误未列出", self.unlisted),
                });
            }
            Err(InputErrors(self.errors))
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn user_path(template: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => template.replacen("[]", &format!("[{}]", i + 1), 1),
        None => template.to_string(),
    }
}

/// Names the unknown key, the nearest valid key at that level, and the valid
/// keys there.
fn unknown_key_message(prefix: &str, key: &str) -> String {
    let keys = keys_at(prefix);
    let hint = match nearest(key, &keys) {
        Some(n) => format!("; 是否应为 {:?}?", join(prefix, n)),
        None => String::new(),
    };
    let level = if prefix.is_empty() {
        "顶层".to_string()
    } else {
        format!("[{}]", prefix.replace("[]", ""))
    };
    format!(
        "未知字段 {} (unknown key){hint} {level}可用: {}",
        shorten(key),
        keys.join(", ")
    )
}

/// The keys valid directly below a template prefix.
fn keys_at(prefix: &str) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for spec in FIELDS.iter() {
        let rest = if prefix.is_empty() {
            Some(spec.path)
        } else {
            spec.path
                .strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('.'))
        };
        if let Some(rest) = rest {
            let head = rest.split('.').next().unwrap_or(rest);
            let head = head.trim_end_matches("[]");
            if !keys.contains(&head) {
                keys.push(head);
            }
        }
    }
    keys
}

/// Converts a TOML value to a field's type. Numbers keep their literal text,
/// so a float never passes through binary floating point.
fn from_toml_value(spec: &FieldSpec, v: &DeValue<'_>) -> Result<Value, String> {
    let wrong = |found: &str| format!("类型不对: 应为{}, 实为{found}", value::expected(spec));
    match (v, spec.ty) {
        (DeValue::String(s), _) => parse_text(spec, s),
        (DeValue::Integer(i), Ty::Money | Ty::Int | Ty::Rate | Ty::Quantity(_)) => {
            if i.radix() != 10 {
                return Err(wrong("非十进制整数"));
            }
            parse_text(spec, i.as_str())
        }
        (DeValue::Float(x), Ty::Money | Ty::Rate | Ty::Quantity(_)) => parse_text(spec, x.as_str()),
        (DeValue::Float(_), Ty::Int) => Err("应为整数, 实为小数".to_string()),
        (DeValue::Boolean(b), Ty::Bool) => Ok(Value::Bool(*b)),
        (DeValue::Datetime(dt), Ty::Date) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                let text = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
                value::parse_date(&text).map(Value::Date)
            }
            _ => Err(wrong("带时间的日期时间")),
        },
        (DeValue::Array(items), Ty::MoneyList) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let one = match item.get_ref() {
                    DeValue::String(s) => crate::money::parse_money(s),
                    DeValue::Integer(n) if n.radix() == 10 => crate::money::parse_money(n.as_str()),
                    DeValue::Float(x) => crate::money::parse_money(x.as_str()),
                    other => Err(format!("应为金额, 实为{}", other.type_str())),
                };
                let d = one.map_err(|e| format!("第{}个: {e}", i + 1))?;
                let checked = check_range(schema_money(), Value::Num(d))
                    .map_err(|e| format!("第{}个: {e}", i + 1))?;
                if let Value::Num(d) = checked {
                    out.push(d);
                }
            }
            if out.len() > 100 {
                return Err("列表过长 (最多100项)".into());
            }
            Ok(Value::List(out))
        }
        (other, _) => Err(wrong(other.type_str())),
    }
}

/// Any plain money field, for checking list elements with money's limits.
fn schema_money() -> &'static FieldSpec {
    F::Principal.spec()
}

/// Converts a byte offset to a 1-based line and column (in characters).
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = text.get(..pos).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Applies `KEY=VALUE` overrides, read exactly like CSV cells; an empty value
/// removes the field.
pub fn apply_sets(project: &mut Project, sets: &[String]) -> Result<(), InputErrors> {
    let mut errors = Vec::new();
    for set in sets {
        let Some((key, text)) = set.split_once('=') else {
            errors.push(InputError {
                field: set.clone(),
                source: Source::Set,
                message: "应为 KEY=VALUE, 如 land.area_mu=120".into(),
            });
            continue;
        };
        let text = text.trim().trim_matches('"');
        match schema::parse_user_path(key) {
            Ok((spec, index)) => {
                let parsed = if text.is_empty() {
                    Ok(None)
                } else {
                    parse_text(spec, text).map(Some)
                };
                match parsed {
                    Ok(v) => project.set(spec.field, index, v),
                    Err(message) => errors.push(InputError {
                        field: key.trim().to_string(),
                        source: Source::Set,
                        message,
                    }),
                }
            }
            Err(message) => errors.push(InputError {
                field: key.trim().to_string(),
                source: Source::Set,
                message,
            }),
        }
    }
    project.drop_empty_records();
    errors.extend(cross_checks(project));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// Checks between fields: impossible orders of dates, deductions larger than
/// the investment, repeated tax years.
pub fn cross_checks(p: &Project) -> Vec<InputError> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: String| {
        errors.push(InputError {
            field: field.to_string(),
            source: Source::Project,
            message,
        })
    };
    let start = p.date(F::InvestmentStart);
    let permit = p.date(F::ConstructionPermitDate);
    if let Some(done) = p.date(F::CompletionDate) {
        for (name, earlier) in [
            ("project.investment_start", start),
            ("project.construction_permit_date", permit),
        ] {
            if let Some(e) = earlier
                && done < e
            {
                err(
                    F::CompletionDate.path(),
                    format!("竣工日期 {done} 早于 {name} ({e})"),
                );
            }
        }
    }
    if let (Some(s), Some(prod)) = (start, p.date(F::ProductionDate))
        && prod < s
    {
        err(
            F::ProductionDate.path(),
            format!("投产日期 {prod} 早于开始投资日期 {s}"),
        );
    }
    if let Some(total) = p.num(F::InvestmentTotal) {
        let deducted =
            p.num(F::Government).unwrap_or_default() + p.num(F::LocalBankLoans).unwrap_or_default();
        if deducted > total {
            err(
                F::Government.path(),
                format!(
                    "政府性投资与市县金融机构贷款之和 {} 元超过实际投资额 {} 元 (investment.total)",
                    crate::money::plain(deducted),
                    crate::money::plain(total)
                ),
            );
        }
    }
    let mut years: Vec<rust_decimal::Decimal> = Vec::new();
    for (i, r) in p.records(super::Group::TaxYears).iter().enumerate() {
        match r.num(F::TaxYear) {
            Some(y) if years.contains(&y) => err(
                &F::TaxYear.spec().display_path(Some(i)),
                format!("纳税年度 {y} 重复"),
            ),
            Some(y) => years.push(y),
            None => {}
        }
    }
    errors
}

/// The columns of a CSV header, resolved once for the whole file.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Per column: the field and its 0-based array index.
    fields: Vec<(F, Option<usize>)>,
    names: Vec<String>,
}

impl Columns {
    /// Resolves header names (dotted paths with 1-based indices); an unknown
    /// or repeated header is an error naming it and the nearest valid one.
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
    ) -> Result<Columns, InputErrors> {
        let mut fields = Vec::new();
        let mut names = Vec::new();
        let mut errors = Vec::new();
        for (i, h) in headers.into_iter().enumerate() {
            let name = h.trim().to_string();
            match schema::parse_user_path(&name) {
                Ok((spec, index)) if fields.contains(&(spec.field, index)) => {
                    errors.push(InputError {
                        field: name.clone(),
                        source: Source::Project,
                        message: format!("表头第{}列重复", i + 1),
                    })
                }
                Ok((spec, index)) => fields.push((spec.field, index)),
                Err(message) => errors.push(InputError {
                    field: name.clone(),
                    source: Source::Project,
                    message: format!("表头第{}列: {message}", i + 1),
                }),
            }
            names.push(name);
        }
        if errors.is_empty() {
            Ok(Columns { fields, names })
        } else {
            Err(InputErrors(errors))
        }
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The 0-based column holding a field that is not in an array.
    pub fn column_of(&self, field: F) -> Option<usize> {
        self.fields
            .iter()
            .position(|(f, index)| *f == field && index.is_none())
    }

    pub fn names(&self) -> &[String] {
        &self.names
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
    /// filled.
    pub fn project_into(
        &self,
        row: usize,
        cells: &[&str],
        project: &mut Project,
    ) -> Result<(), InputErrors> {
        project.clear();
        if cells.len() != self.fields.len() {
            return Err(InputErrors(vec![InputError {
                field: String::new(),
                source: Source::Row(row),
                message: format!("本行有{}列, 表头有{}列", cells.len(), self.fields.len()),
            }]));
        }
        let mut errors = Vec::new();
        for ((f, index), (cell, name)) in self.fields.iter().zip(cells.iter().zip(&self.names)) {
            let trimmed = trim_cell(cell);
            if trimmed.is_empty() {
                continue;
            }
            match value::parse_trimmed_text(f.spec(), trimmed) {
                Ok(v) => project.set(*f, *index, Some(v)),
                Err(message) => errors.push(InputError {
                    field: name.clone(),
                    source: Source::Row(row),
                    message: format!("{} ({message})", shorten(cell)),
                }),
            }
        }
        project.drop_empty_records();
        for mut e in cross_checks(project) {
            e.source = Source::Row(row);
            errors.push(e);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(errors))
        }
    }
}

/// A cell quoted for a message, cut short if long.
fn shorten(cell: &str) -> String {
    let short: String = cell.chars().take(40).collect();
    if short.len() < cell.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// `str::trim`, settled from the first and last characters in the usual
/// case of a cell with nothing to trim.
fn trim_cell(cell: &str) -> &str {
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
    fn reports_every_mistake_with_position_and_hint() {
        let text = "[land]\narea_muu = 100\nagreed_intensity = \"abc\"\n[project]\nname = 3\n";
        let errs = from_toml(text, &[]).unwrap_err().0;
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert_eq!(errs[0].field, "land.area_muu");
        assert_eq!(errs[0].source, Source::File { line: 2, column: 1 });
        assert!(errs[0].message.contains("land.area_mu"));
        assert_eq!(errs[1].field, "land.agreed_intensity");
        assert_eq!(errs[2].field, "project.name");
    }

    #[test]
    fn float_keeps_its_literal_digits() {
        let p = from_toml("[investment]\ntotal = 12345678901234.89\n", &[]).unwrap();
        assert_eq!(
            p.num(F::InvestmentTotal),
            Some(rust_decimal::dec!(12345678901234.89))
        );
    }

    #[test]
    fn arrays_and_sets() {
        let mut p = from_toml("[[loans]]\nprincipal = \"1亿\"\n", &[]).unwrap();
        apply_sets(&mut p, &["loans[2].principal=2亿".into()]).unwrap();
        assert_eq!(p.records(super::super::Group::Loans).len(), 2);
        let e = apply_sets(&mut p, &["land.area_mu=-1".into()]).unwrap_err();
        assert!(e.to_string().contains("land.area_mu"));
    }
}
