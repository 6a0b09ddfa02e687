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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::F;

    #[test]
    fn choice_labels() {
        let supply = F::Supply.spec();
        assert_eq!(
            choice_label(supply, "lease_then_transfer"),
            Some("先租后让")
        );
        assert_eq!(choice_label(supply, "出让"), None);
        assert_eq!(choice_label(F::AreaMu.spec(), "x"), None);
    }
}
