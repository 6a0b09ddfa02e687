//! The values of choice fields: each stable English key with the Chinese
//! label people see and may type, and the lookup of that label.

use super::FieldSpec;

/// One value of a choice field: the stable English key scripts and rules use,
/// and the Chinese label people see and may type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label_zh: &'static str,
}

const fn choice(value: &'static str, label_zh: &'static str) -> Choice {
    Choice { value, label_zh }
}

pub(super) const TOP_RANKS: &[Choice] = &[
    choice("world500", "世界500强"),
    choice("china500", "中国500强"),
    choice("industry20", "行业20强"),
];
/// Land-use classes of GB 50137 (城市用地分类与规划建设用地标准) and M0.
pub(super) const LAND_USES: &[Choice] = &[
    choice("M0", "新型产业用地(M0)"),
    choice("M1", "一类工业用地(M1)"),
    choice("M2", "二类工业用地(M2)"),
    choice("M3", "三类工业用地(M3)"),
];
pub(super) const SUPPLIES: &[Choice] = &[
    choice("transfer", "出让"),
    choice("flexible_transfer", "弹性出让"),
    choice("lease_then_transfer", "先租后让"),
    choice("long_term_lease", "长期租赁"),
];
pub(super) const STRUCTURES: &[Choice] = &[
    choice("light_steel", "轻钢结构"),
    choice("mixed", "混合结构"),
    choice("other", "其他结构"),
];
pub(super) const BOARDS: &[Choice] = &[choice("main", "主板"), choice("neeq", "新三板")];

/// The Chinese label of a choice field's value (`transfer` → `出让`); `None`
/// for a value the field does not have or a field that is not a choice.
pub fn choice_label(spec: &FieldSpec, value: &str) -> Option<&'static str> {
    spec.ty
        .choices()
        .iter()
        .find(|c| c.value == value)
        .map(|c| c.label_zh)
}

/// Every choice of every choice field, for naming a key where the field is
/// not known (a criterion's value, a rule's parameters).
const ALL: &[&[Choice]] = &[TOP_RANKS, LAND_USES, SUPPLIES, STRUCTURES, BOARDS];

/// The Chinese label of a choice key of any field (`world500` → `世界500强`).
pub fn any_choice_label(value: &str) -> Option<&'static str> {
    ALL.iter()
        .flat_map(|cs| cs.iter())
        .find(|c| c.value == value)
        .map(|c| c.label_zh)
}

/// `text` with every choice key written as a word (`light_steel 40元/m²`)
/// replaced by its Chinese label (`轻钢结构 40元/m²`), for officers. Land-use
/// codes (M0 …) are left as written: their labels carry them.
pub fn choice_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match any_choice_label(word) {
            Some(l) if !word.starts_with('M') => out.push_str(l),
            _ => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::Field;

    #[test]
    fn choice_words_in_text() {
        assert_eq!(
            choice_words("light_steel 40元/m²; mixed 30元/m²; M0"),
            "轻钢结构 40元/m²; 混合结构 30元/m²; M0"
        );
    }

    #[test]
    fn choice_labels() {
        let supply = Field::Supply.spec();
        assert_eq!(
            choice_label(supply, "lease_then_transfer"),
            Some("先租后让")
        );
        assert_eq!(choice_label(supply, "出让"), None);
        assert_eq!(choice_label(Field::AreaMu.spec(), "x"), None);
    }
}
