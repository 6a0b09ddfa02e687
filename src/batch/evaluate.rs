//! Evaluating rows on a worker: a chunk's records parsed into projects,
//! evaluated as the output format needs, and handed to its encoder; a
//! failing or panicking row becomes its error.

use super::{
    Chunk, FinishedChunk, Options, QUOTED_ERRORS, QUOTED_EXAMPLES, RowError, RowExample, flatten,
    one_line,
};
use crate::engine::{self};
use crate::input::workbook::ROW_ERROR_MARK;
use crate::model::Status;
use crate::model::batch_row::{Base, BatchRow, RowOutcome};
use crate::project::Project;
use crate::project::parse::Columns;
use crate::render::row_sink::{Needs, RowEncoder};
use crate::rules::RuleSet;
use csv::ByteRecord;

/// What every worker reads: the rules, columns, options and what the
/// output format needs evaluated.
pub(super) struct RowContext<'a> {
    rules: &'a RuleSet,
    /// The rules before a revision (`--baseline-rules`).
    baseline: Option<&'a RuleSet>,
    columns: &'a Columns,
    needs: Needs,
    /// The rules a row of this header can put in play.
    plan: engine::RulePlan,
    eval: engine::Options,
    /// The column of `project.id`, if the header has one.
    id_column: Option<usize>,
    /// The column of `project.name`, if the header has one.
    name_column: Option<usize>,
    /// The rows are a workbook sheet's: a last cell behind
    /// [`ROW_ERROR_MARK`] is the sheet reader's word that the row failed.
    pub(super) workbook_rows: bool,
}

/// A row's project id and amounts (what [`RowOutcome::Amounts`] holds).
type AmountsRow = Box<(Option<String>, engine::Amounts)>;

/// What a worker keeps from row to row of a chunk, emptied by each row: no
/// allocation of a project's slots and texts, a row's amounts or its
/// outcomes per row.
struct Reused<'a> {
    project: Project,
    /// The last encoded row's amounts, filled again by the next row.
    spare: Option<AmountsRow>,
    scratch: engine::Scratch<'a>,
}

/// Project ids that mark a row as an example, not a project (the template's
/// own are `示例-1`, `示例-2`).
pub(super) const EXAMPLE_PREFIXES: [&str; 3] = ["示例", "例:", "例："];

impl<'a> RowContext<'a> {
    pub(super) fn new(
        (rules, baseline): (&'a RuleSet, Option<&'a RuleSet>),
        columns: &'a Columns,
        opts: &Options,
        needs: Needs,
    ) -> Self {
        RowContext {
            rules,
            baseline,
            columns,
            needs,
            plan: engine::RulePlan::for_fields(rules, |f| columns.sets(f)),
            eval: engine::Options {
                as_of: opts.as_of,
                today: opts.today,
                strict: opts.strict,
                texts: needs.texts,
                checklist: needs.checklist,
            },
            workbook_rows: false,
            id_column: column_of(columns, crate::project::Field::ProjectId),
            name_column: column_of(columns, crate::project::Field::ProjectName),
        }
    }

    /// Evaluates a chunk's rows and encodes them with `encoder`.
    pub(super) fn chunk<E: RowEncoder>(
        &self,
        encoder: &E,
        chunk: Chunk,
    ) -> FinishedChunk<E::Chunk> {
        let mut errors = Vec::new();
        let mut errors_total = 0;
        let mut empty_total = 0;
        let mut examples_total = 0;
        let mut out_of_scope_total = 0;
        let mut examples = Vec::new();
        let mut output = encoder.chunk(chunk.records.len());
        let mut reused = Reused {
            project: Project::default(),
            spare: None,
            scratch: engine::Scratch::default(),
        };
        for (i, record) in chunk.records.iter().enumerate() {
            let row = chunk.first_row + i as u64;
            let input_line = chunk.lines.get(i).copied().unwrap_or(0);
            let (outcome, baseline) = self.row(row, record, &mut reused);
            let batch_row = BatchRow {
                row,
                line: input_line,
                outcome,
                baseline,
            };
            match &batch_row.outcome {
                RowOutcome::Failed { message, .. } => {
                    errors_total += 1;
                    if errors.len() < QUOTED_ERRORS {
                        errors.push(RowError {
                            row,
                            line: input_line,
                            message: message.clone(),
                        });
                    }
                }
                RowOutcome::Empty => empty_total += 1,
                RowOutcome::Example { id } => {
                    examples_total += 1;
                    if examples.len() < QUOTED_EXAMPLES {
                        examples.push(RowExample {
                            row,
                            line: input_line,
                            id: id.clone(),
                        });
                    }
                }
                other if other.out_of_scope() => out_of_scope_total += 1,
                _ => {}
            }
            encoder.row(&mut output, &batch_row);
            if let RowOutcome::Amounts(done) = batch_row.outcome {
                reused.spare = Some(done);
            }
        }
        FinishedChunk {
            seq: chunk.seq,
            rows: chunk.records.len() as u64,
            output,
            errors_total,
            empty_total,
            examples_total,
            out_of_scope_total,
            errors,
            examples,
            end_byte: chunk.end_byte,
            records: chunk.records,
        }
    }

    /// Parses and evaluates one row (and under the baseline rules, when
    /// given); never panics out (a panic in the engine becomes this row's
    /// error).
    fn row(
        &self,
        row: u64,
        record: &ByteRecord,
        reused: &mut Reused<'a>,
    ) -> (RowOutcome, Option<Base>) {
        if self.may_be_example(record)
            && let Some(id) = self.id_cell(record)
            && EXAMPLE_PREFIXES.iter().any(|p| id.starts_with(p))
        {
            return (RowOutcome::Example { id }, None);
        }
        // A panic may leave `reused` half filled: every row empties it first.
        let run = std::panic::AssertUnwindSafe(|| self.row_inner(row, record, reused));
        let message = match std::panic::catch_unwind(run) {
            Ok(Ok(outcome)) => return outcome,
            Ok(Err(message)) => message,
            Err(_) => "内部错误 (bug): 计算本行时程序出错".into(),
        };
        let failed = RowOutcome::Failed {
            message,
            id: self.id_cell(record),
            name: text_cell(record, self.name_column, crate::project::Field::ProjectName),
        };
        (failed, None)
    }

    /// Whether the id cell holds the character every example prefix has
    /// (例): only then is the id read as text, which allocates it.
    fn may_be_example(&self, record: &ByteRecord) -> bool {
        const MARK: &[u8] = "例".as_bytes();
        self.id_column
            .and_then(|c| record.get(c))
            .is_some_and(|cell| cell.windows(MARK.len()).any(|w| w == MARK))
    }

    /// A row's project id: its cell, read as the project file would read it,
    /// when it is there and valid (whatever else is wrong in the row).
    fn id_cell(&self, record: &ByteRecord) -> Option<String> {
        text_cell(record, self.id_column, crate::project::Field::ProjectId)
    }

    fn row_inner(
        &self,
        row: u64,
        record: &ByteRecord,
        reused: &mut Reused<'a>,
    ) -> Result<(RowOutcome, Option<Base>), String> {
        if self.workbook_rows
            && let Some(last) = record.iter().next_back()
            && let Some(message) = last.strip_prefix(ROW_ERROR_MARK)
        {
            return Err(String::from_utf8_lossy(message).into_owned());
        }
        // One UTF-8 check of the whole row (SIMD: a row is mostly Chinese
        // text and digits, where the standard check goes byte by byte); a
        // cell is then a slice of it (a cell cut inside a character falls
        // back to the checks cell by cell, which name the bad byte).
        // The cells of a row of usual width are listed on the stack.
        const ON_STACK: usize = 128;
        if record.len() <= ON_STACK
            && let Ok(whole) = simdutf8::basic::from_utf8(record.as_slice())
        {
            let mut cells = [""; ON_STACK];
            let mut n = 0;
            for (i, slot) in cells.iter_mut().take(record.len()).enumerate() {
                match record.range(i).and_then(|r| whole.get(r)) {
                    Some(cell) => *slot = cell,
                    None => break,
                }
                n += 1;
            }
            if n == record.len() {
                return self.evaluate_row(row, &cells[..n], reused);
            }
        }
        let mut cells = Vec::with_capacity(record.len());
        if let Ok(whole) = simdutf8::basic::from_utf8(record.as_slice()) {
            for i in 0..record.len() {
                match record.range(i).and_then(|r| whole.get(r)) {
                    Some(cell) => cells.push(cell),
                    None => break,
                }
            }
        }
        if cells.len() == record.len() {
            return self.evaluate_row(row, &cells, reused);
        }
        cells.clear();
        for (i, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(s) => cells.push(s),
                Err(e) => {
                    let name = self
                        .columns
                        .names()
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("第{}列", i + 1));
                    return Err(format!(
                        "{name}: 不是 UTF-8 文本 (第{}字节处无效); 请以 UTF-8 编码保存 CSV",
                        e.valid_up_to() + 1
                    ));
                }
            }
        }
        self.evaluate_row(row, &cells, reused)
    }

    /// Parses and evaluates one row's cells, under the rules and then under
    /// the baseline rules when given.
    fn evaluate_row(
        &self,
        row: u64,
        cells: &[&str],
        reused: &mut Reused<'a>,
    ) -> Result<(RowOutcome, Option<Base>), String> {
        let Reused {
            project,
            spare,
            scratch,
        } = reused;
        // A row of empty cells (also with the wrong number of them) is a
        // blank line of the spreadsheet, not a project.
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok((RowOutcome::Empty, None));
        }
        let row_usize = usize::try_from(row).unwrap_or(usize::MAX);
        self.columns
            .project_into(row_usize, cells, project)
            .map_err(|e| one_line(&e))?;
        // Cells the cell parser reads as empty (`-`, `无`) count likewise.
        if project.is_empty() {
            return Ok((RowOutcome::Empty, None));
        }
        let project = &*project;
        let outcome = self.evaluate_project(project, spare, scratch)?;
        let base = match &self.baseline {
            Some(rules) => Some(self.evaluate_baseline(rules, project)?),
            None => None,
        };
        Ok((outcome, base))
    }

    /// The project under the baseline rules: its amounts, or for a workbook
    /// its report without texts (the budget needs the schedule). A mistake
    /// is the row's, saying which rules gave it.
    fn evaluate_baseline(&self, rules: &RuleSet, project: &Project) -> Result<Base, String> {
        let named =
            |e: &dyn std::fmt::Display| flatten(&format!("按基准规则 (--baseline-rules): {e}"));
        let eval = engine::Options {
            texts: false,
            checklist: false,
            ..self.eval
        };
        let base = if self.needs.baseline_report {
            Base::Report(Box::new(
                engine::evaluate(rules, project, eval).map_err(|e| named(&e))?,
            ))
        } else {
            Base::Amounts(Box::new(
                engine::evaluate_amounts(rules, project, eval).map_err(|e| named(&e))?,
            ))
        };
        let statuses: Vec<Status> = match &base {
            Base::Amounts(a) => a.items.iter().map(|(s, _)| *s).collect(),
            Base::Report(r) => r.items.iter().map(|i| i.status).collect(),
        };
        self.strict_check(statuses.into_iter(), rules)
            .map_err(|e| named(&e))?;
        Ok(base)
    }

    /// The project under the rules; amounts only are written into `spare`
    /// (a row already encoded) when there is one.
    fn evaluate_project(
        &self,
        project: &Project,
        spare: &mut Option<AmountsRow>,
        scratch: &mut engine::Scratch<'a>,
    ) -> Result<RowOutcome, String> {
        if !self.needs.report {
            let mut done = spare.take().unwrap_or_else(|| {
                Box::new((
                    None,
                    engine::Amounts {
                        items: Vec::with_capacity(self.rules.item_rules().count()),
                        totals: Default::default(),
                        notes: Vec::new(),
                        out_of_scope: false,
                    },
                ))
            });
            let (id, amounts) = &mut *done;
            // Every field of `amounts` is set again (or the row fails).
            let (rules, plan) = (self.rules, &self.plan);
            engine::evaluate_amounts_into(amounts, rules, plan, project, self.eval, scratch)
                .map_err(|e| flatten(&e.to_string()))?;
            let statuses = amounts.items.iter().map(|(s, _)| *s);
            self.strict_check(statuses, self.rules)?;
            match project.text(crate::project::Field::ProjectId) {
                Some(text) => {
                    let id = id.get_or_insert_with(String::new);
                    id.clear();
                    id.push_str(text);
                }
                None => *id = None,
            }
            return Ok(RowOutcome::Amounts(done));
        }
        let mut report = engine::evaluate_planned(self.rules, &self.plan, project, self.eval)
            .map_err(|e| flatten(&e.to_string()))?;
        // The full calc JSON, next tiers included (the items and workbook
        // outputs show none, and searching them re-evaluates the row).
        if self.needs.next_tiers {
            engine::next_tier::annotate(self.rules, project, self.eval, &mut report)
                .map_err(|e| flatten(&e.to_string()))?;
        }
        self.strict_check(report.items.iter().map(|i| i.status), self.rules)?;
        Ok(RowOutcome::Ok(Box::new(report)))
    }

    /// In strict mode a row with items needing input fails; `statuses` are
    /// the items' in the order of `rules`' item rules, which name them (a
    /// CSV batch's items carry no labels).
    fn strict_check(
        &self,
        statuses: impl Iterator<Item = Status>,
        rules: &RuleSet,
    ) -> Result<(), String> {
        if !self.eval.strict {
            return Ok(());
        }
        let labels: Vec<&str> = statuses
            .zip(rules.item_rules())
            .filter(|(s, _)| *s == Status::NeedsInput)
            .map(|(_, rule)| rule.label.as_str())
            .collect();
        if labels.is_empty() {
            return Ok(());
        }
        Err(crate::render::labels::strict_refusal(&labels))
    }
}

/// The column of a field without index, if the header has one.
fn column_of(columns: &Columns, field: crate::project::Field) -> Option<usize> {
    (0..columns.len()).find(|&i| {
        columns
            .column(i)
            .is_some_and(|c| c.field == field && c.index.is_none())
    })
}

/// A text field's cell, read as the project file would read it, when it is
/// there and valid.
fn text_cell(
    record: &ByteRecord,
    column: Option<usize>,
    field: crate::project::Field,
) -> Option<String> {
    let cell = record.get(column?)?;
    let text = std::str::from_utf8(cell).ok()?;
    match crate::project::value::parse_cell(field.spec(), text) {
        Ok(Some(crate::project::value::Value::Text(t))) if !t.is_empty() => Some(t),
        _ => None,
    }
}
