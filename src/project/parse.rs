//! Reading a project from a TOML file, a CSV row or `--set` overrides. Every
//! mistake is collected, so one run reports them all, each naming the field.

pub use super::columns::{Column, Columns};
use super::schema::{self, FIELDS, FieldSpec, FieldType, nearest};
use super::value::{self, Value, parse_cell, parse_text};
use super::{Field, Project};
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
            // A field path is shown with its Chinese header before it:
            // `实际投资额 (investment.total)`.
            write!(
                f,
                "{}: {}",
                schema::field_display(&self.field),
                self.message
            )
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
            message: toml_message_zh(e.message()),
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

/// A TOML syntax error said in Chinese, the parser's own words kept in
/// brackets for whoever needs them.
pub(crate) fn toml_message_zh(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            "string values must be quoted",
            "文字、带单位或千分位的数值、非 2023-05-01 写法的日期须加引号, 如 total = \"3000万\"、supply = \"出让\"、production_date = \"2023/5/1\"",
        ),
        ("duplicate key", "同一字段写了两次"),
        ("duplicate table", "同一节写了两次"),
        ("unclosed array table", "表数组的节名缺少 ]]"),
        ("unclosed table", "节名缺少 ]"),
        ("unclosed array", "列表缺少 ]"),
        ("unclosed inline table", "内联表缺少 }"),
        ("invalid basic string", "文字缺少结尾的双引号"),
        ("invalid literal string", "文字缺少结尾的单引号"),
        ("missing assignment", "应为 字段 = 值"),
        ("missing value", "等号后缺少值"),
        ("missing comma", "列表的各项之间缺少逗号"),
        (
            "invalid unquoted key",
            "字段名无效: 只用英文字段名, 如 area_mu",
        ),
        (
            "leading zero",
            "数字不能以0开头; 日期请写成 2023-05-01 或加引号",
        ),
        ("key with no value", "应为 字段 = 值"),
        (
            "invalid date",
            "日期写法无效: 不加引号时须写成 2023-05-01, 其他写法请加引号, 如 \"2023年5月1日\"",
        ),
        ("invalid time", "日期后的时间无效: 只写日期, 如 2023-05-01"),
        (
            "invalid number",
            "数字写法无效; 带单位或千分位的金额请加引号, 如 \"1,200,000\"",
        ),
        (
            "invalid integer",
            "整数写法无效; 带单位或千分位的数请加引号",
        ),
        ("invalid float", "小数写法无效; 带单位或千分位的数请加引号"),
        (
            "unexpected key or value",
            "一行只能写一个 字段 = 值; 带千分位的数请加引号, 如 \"1,000\"",
        ),
    ];
    let zh = KNOWN
        .iter()
        .find(|(en, _)| message.contains(en))
        .map_or("此处无法解析", |(_, zh)| zh);
    format!("TOML 语法错误: {zh} ({})", message.escape_debug())
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
                Ok(v) => self.project.set(spec.field, index, v),
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
                    format!("应为表 [{template}], 实为{}", toml_type(other)),
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
                                format!("应为表 [[{template}]], 实为{}", toml_type(other)),
                            ),
                        }
                    }
                }
                other => self.error(
                    shown,
                    value.span().start,
                    format!("应为表数组 [[{template}]], 实为{}", toml_type(other)),
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
        self.errors.extend(self.project.resolve_dollars());
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

/// A TOML value's type as an officer reads it (toml's own names are English).
fn toml_type(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "文本",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "是/否 (true/false)",
        DeValue::Datetime(_) => "日期时间",
        DeValue::Array(_) => "数组 [..]",
        DeValue::Table(_) => "表 {..}",
    }
}

/// Converts a TOML value to a field's type (`None`: a blank string, as in a
/// cell). Numbers keep their literal text, so a float never passes through
/// binary floating point.
fn from_toml_value(spec: &FieldSpec, v: &DeValue<'_>) -> Result<Option<Value>, String> {
    match (v, spec.ty) {
        (DeValue::String(s), _) => parse_cell(spec, s),
        _ => toml_non_string(spec, v).map(Some),
    }
}

fn toml_non_string(spec: &FieldSpec, v: &DeValue<'_>) -> Result<Value, String> {
    let wrong = |found: &str| format!("类型不对: 应为{}, 实为{found}", value::expected(spec));
    match (v, spec.ty) {
        (
            DeValue::Integer(i),
            FieldType::Money | FieldType::Int | FieldType::Rate | FieldType::Quantity(_),
        ) => {
            if i.radix() != 10 {
                return Err(wrong("非十进制整数"));
            }
            parse_text(spec, i.as_str())
        }
        (DeValue::Float(x), FieldType::Money | FieldType::Rate | FieldType::Quantity(_)) => {
            parse_text(spec, x.as_str())
        }
        (DeValue::Float(_), FieldType::Int) => Err("应为整数, 实为小数".to_string()),
        (DeValue::Boolean(b), FieldType::Bool) => Ok(Value::Bool(*b)),
        (DeValue::Datetime(dt), FieldType::Date) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                let text = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
                value::parse_date(&text).map(Value::Date)
            }
            _ => Err(wrong("带时间的日期时间")),
        },
        (DeValue::Array(items), FieldType::MoneyList) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let d = match item.get_ref() {
                    DeValue::String(s) => value::parse_list_element(spec, s, i),
                    DeValue::Integer(n) if n.radix() == 10 => {
                        value::parse_list_element(spec, n.as_str(), i)
                    }
                    DeValue::Float(x) => value::parse_list_element(spec, x.as_str(), i),
                    other => Err(format!("第{}个: 应为金额, 实为{}", i + 1, toml_type(other))),
                }?;
                out.push(d);
            }
            if out.len() > 100 {
                return Err("列表过长 (最多100项)".into());
            }
            Ok(Value::List(out))
        }
        (other, _) => Err(wrong(toml_type(other))),
    }
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
        match field_key(key) {
            Ok((spec, index)) => {
                let parsed = parse_cell(spec, text);
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
    errors.extend(project.resolve_dollars());
    errors.extend(cross_checks(project));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// The field a `--set` key (or any key a user types) names: a dotted path,
/// or a Chinese column header (`贷款2本金`) as in a batch sheet.
pub fn field_key(key: &str) -> Result<(&'static FieldSpec, Option<usize>), String> {
    let key = key.trim();
    if key.is_ascii() {
        return schema::parse_user_path(key);
    }
    match super::columns::resolve_header_unit(key)? {
        (_, _, Some(u)) => Err(format!(
            "{key:?}: --set 的字段名不带单位; 请把单位写在值里, 如 {}=5000{}",
            key.split(['(', '（']).next().unwrap_or(key).trim(),
            u.name
        )),
        (c, _, None) if c.element.is_none() => Ok((c.field.spec(), c.index)),
        (c, _, None) => Err(format!(
            "{key:?} 是列表的一项; --set 请给整个列表, 如 {}=1亿;8000万",
            c.field.spec().display_path(c.index)
        )),
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
    let start = p.date(Field::InvestmentStart);
    let permit = p.date(Field::ConstructionPermitDate);
    if let Some(done) = p.date(Field::CompletionDate) {
        for (name, earlier) in [
            ("project.investment_start", start),
            ("project.construction_permit_date", permit),
        ] {
            if let Some(e) = earlier
                && done < e
            {
                err(
                    Field::CompletionDate.path(),
                    format!("竣工日期 {done} 早于 {name} ({e})"),
                );
            }
        }
    }
    if let (Some(s), Some(prod)) = (start, p.date(Field::ProductionDate))
        && prod < s
    {
        err(
            Field::ProductionDate.path(),
            format!("投产日期 {prod} 早于开始投资日期 {s}"),
        );
    }
    if let Some(total) = p.num(Field::InvestmentTotal) {
        let deducted = p.num(Field::Government).unwrap_or_default()
            + p.num(Field::LocalBankLoans).unwrap_or_default();
        if deducted > total {
            err(
                Field::Government.path(),
                format!(
                    "政府性投资与市县金融机构贷款之和 {} 元超过实际投资额 {} 元 (investment.total)",
                    crate::money::plain(deducted),
                    crate::money::plain(total)
                ),
            );
        }
    }
    // A few years (a CSV row's) are checked against the earlier ones; many
    // (a long project file) through a set, not quadratically.
    let tax_years = p.records(super::Group::TaxYears);
    let mut years: std::collections::HashSet<rust_decimal::Decimal> =
        std::collections::HashSet::new();
    for (i, r) in tax_years.iter().enumerate() {
        let Some(y) = r.num(Field::TaxYear) else {
            continue;
        };
        let repeated = if tax_years.len() <= 16 {
            tax_years[..i]
                .iter()
                .any(|e| e.num(Field::TaxYear) == Some(y))
        } else {
            !years.insert(y)
        };
        if repeated {
            err(
                &Field::TaxYear.spec().display_path(Some(i)),
                format!("纳税年度 {y} 重复"),
            );
        }
    }
    errors
}

/// A cell quoted for a message, cut short if long.
pub(super) fn shorten(cell: &str) -> String {
    let short: String = cell.chars().take(40).collect();
    if short.len() < cell.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A repeated tax year is named at each repeat, with few years (checked
    /// against the earlier ones) and with many (through a set) alike.
    #[test]
    fn repeated_tax_years_are_named_however_many_years() {
        for years in [
            vec![2021, 2022, 2021, 2021],
            (2000..2020).chain([2005, 2005]).collect(),
        ] {
            let text: String = years
                .iter()
                .map(|y| format!("[[tax_years]]\nyear = {y}\n"))
                .collect();
            let errs = from_toml(&text, &[]).unwrap_err().0;
            let repeats: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
            let n = years.len();
            assert_eq!(
                repeats,
                [n - 2, n - 1].map(|i| format!("tax_years[{}].year", i + 1)),
                "{errs:?}"
            );
        }
    }

    #[test]
    fn toml_syntax_errors_are_said_in_chinese() {
        for text in [
            "[investment]\ntotal = 3000万\n",
            "[project\n",
            "[land]\narea_mu = 1\narea_mu = 2\n",
            "[project]\nproduction_date = 2023-5-1\n",
            "[land]\narea_mu = 1,000\n",
        ] {
            let e = from_toml(text, &[]).unwrap_err().to_string();
            assert!(
                e.contains("TOML 语法错误: ") && !e.contains("此处无法解析"),
                "{e}"
            );
        }
    }

    #[test]
    fn float_keeps_its_literal_digits() {
        let p = from_toml("[investment]\ntotal = 12345678901234.89\n", &[]).unwrap();
        assert_eq!(
            p.num(Field::InvestmentTotal),
            Some(rust_decimal::dec!(12345678901234.89))
        );
    }

    #[test]
    fn arrays_and_sets() {
        let mut p = from_toml("[[loans]]\nprincipal = \"1亿\"\n", &[]).unwrap();
        apply_sets(&mut p, &["loans[2].principal=2亿".into()]).unwrap();
        assert_eq!(p.records(super::super::Group::Loans).len(), 2);
        apply_sets(
            &mut p,
            &["贷款3本金=¥3亿".into(), "供地方式=先租后让".into()],
        )
        .unwrap();
        assert_eq!(p.records(super::super::Group::Loans).len(), 3);
        assert_eq!(p.text(Field::Supply), Some("lease_then_transfer"));
        apply_sets(&mut p, &["供地方式=无".into()]).unwrap();
        assert_eq!(p.text(Field::Supply), None);
        let e = apply_sets(&mut p, &["land.area_mu=-1".into()]).unwrap_err();
        assert!(e.to_string().contains("land.area_mu"));
    }
}
