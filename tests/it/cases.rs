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
