//! The hand-worked case files of `tests/cases/`, run through the real binary
//! exactly as a staff member editing `rules/` would run them.

use crate::util::bin;

#[test]
fn every_hand_worked_case_passes() {
    let out = bin()
        .args(["test", "tests/cases"])
        .output()
        .expect("run test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "case failures:\n{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

/// `not_missing` and `warnings_not_contain` catch what they forbid (a case
/// that asserts nothing the program can break would prove nothing).
#[test]
fn forbidding_keys_fail_when_the_program_does_the_forbidden_thing() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A loan without its term (and no explicit no): the term is asked for.
    let asks = "[[loans]]\nprincipal = \"1000万\"\nstart_date = 2023-07-01\n\
                [expect.items.loan_interest]\nnot_missing = [\"loans[1].term_months\"]\n";
    // 12000亩 is flagged (reading 12).
    let flags = "[land]\narea_mu = 12000\n[expect]\nwarnings_not_contain = [\"用地面积\"]\n";
    // Neither key refused as unknown, and each passes where nothing is forbidden.
    let fine = "[land]\narea_mu = 10000\n[[loans]]\nprincipal = \"1000万\"\nstart_date = 2023-07-01\n\
                new_loan = false\n[expect]\nwarnings_not_contain = [\"用地面积\"]\n\
                [expect.items.loan_interest]\nnot_missing = [\"loans[1].term_months\"]\n";
    for (name, text) in [
        ("asks.toml", asks),
        ("flags.toml", flags),
        ("fine.toml", fine),
    ] {
        std::fs::write(dir.path().join(name), text).expect("write case");
    }
    let out = bin()
        .arg("test")
        .arg(dir.path())
        .output()
        .expect("run test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("1 passed, 2 failed"), "{stdout}");
    assert!(stdout.contains("not_missing"), "{stdout}");
    assert!(
        stdout.contains("warnings 不应包含 \"用地面积\""),
        "{stdout}"
    );
}
