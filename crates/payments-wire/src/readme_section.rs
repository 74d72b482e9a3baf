//! Test support: the README sections that print a table the code defines (the retry
//! table, the fault matrix), kept in step by the tests that define them.

use std::path::Path;

/// Checks that the section of the markdown file `path` between `<!-- NAME:start -->` and
/// `<!-- NAME:end -->` is `expected`; with `UPDATE_README=1` in the environment, writes it
/// instead. Panics (it is meant for tests) when they differ or a marker is missing.
#[allow(
    clippy::expect_used,
    reason = "test support: a missing or unwritable README fails the test"
)]
pub fn check_readme_section(path: &Path, name: &str, expected: &str) {
    let readme = std::fs::read_to_string(path).expect("the README");
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README has no `{}` marker", start.trim()))
        + start.len();
    let to = from
        + readme[from..]
            .find(&end)
            .unwrap_or_else(|| panic!("README has no `{end}` marker"));
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{expected}{}", &readme[..from], &readme[to..]);
        std::fs::write(path, updated).expect("README written");
        return;
    }
    assert_eq!(
        &readme[from..to],
        expected,
        "README section `{name}` differs from the code; run the test with `UPDATE_README=1` to rewrite it"
    );
}
