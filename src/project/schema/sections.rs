//! The sections of a project file, and the repeated ones ([`Group`]) with the
//! array a field's path puts it in.

/// Repeated sections (`[[loans]]`, `[[tax_years]]`, `[[factory.buildings]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Buildings,
    Loans,
    TaxYears,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Buildings, Group::Loans, Group::TaxYears];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The array's path as written in files: `loans`, `factory.buildings`.
    pub const fn path(self) -> &'static str {
        match self {
            Group::Buildings => "factory.buildings",
            Group::Loans => "loans",
            Group::TaxYears => "tax_years",
        }
    }
}

/// The array a path is in: it starts with the array's path and `[].`.
pub(super) const fn group_of_path(path: &str) -> Option<Group> {
    let mut i = 0;
    while i < Group::ALL.len() {
        let g = Group::ALL[i];
        if starts_with(path.as_bytes(), g.path().as_bytes(), b"[].") {
            return Some(g);
        }
        i += 1;
    }
    None
}

/// Whether `s` starts with `head` followed by `tail` (usable in a const).
const fn starts_with(s: &[u8], head: &[u8], tail: &[u8]) -> bool {
    if s.len() < head.len() + tail.len() {
        return false;
    }
    let mut i = 0;
    while i < head.len() + tail.len() {
        let want = if i < head.len() {
            head[i]
        } else {
            tail[i - head.len()]
        };
        if s[i] != want {
            return false;
        }
        i += 1;
    }
    true
}

/// The sections a project file may hold, in template order.
pub const SECTIONS: &[(&str, &str)] = &[
    ("project", "项目"),
    ("enterprise", "企业"),
    ("investment", "投资"),
    ("land", "土地"),
    ("factory", "厂房"),
    ("loans", "贷款"),
    ("tax_years", "纳税年度"),
    ("listing", "上市"),
    ("utilities", "水电气热及网络(年度)"),
    ("employment", "用工"),
    ("compliance", "合规(暂停兑现)"),
    ("factory.rented", "租赁厂房"),
    ("factory.buildings", "新建厂房 (每栋一节)"),
    ("headquarters", "总部经济企业 (43号 四(五))"),
    ("introducer", "引资者 (43号 二(四)、四(一))"),
    ("annual_investment", "当年实际投资 (43号 四(二))"),
    (
        "support",
        "重点扶持与上级扶持 (43号 二(三)、四(八)、四(九))",
    ),
    ("transformation", "市域内企业转型 (43号 四(十))"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::schema::{FIELDS, Field};

    #[test]
    fn groups_follow_paths() {
        for s in FIELDS.iter() {
            let expected = s.path.split_once("[].").map(|(head, _)| head);
            assert_eq!(s.group().map(Group::path), expected, "{}", s.path);
        }
        assert_eq!(Field::Principal.spec().group(), Some(Group::Loans));
        assert_eq!(Field::ProjectId.spec().group(), None);
    }
}
