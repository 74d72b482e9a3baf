//! Test support: the README sections that print a table the code defines.

use std::path::Path;

/// Checks that the README section between `<!-- NAME:start -->` and `<!-- NAME:end -->`
/// is `expected`; with `UPDATE_README=1` in the environment, writes it instead.
pub(crate) fn check_section(name: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).expect("the workspace README");
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
        std::fs::write(&path, updated).expect("README written");
        return;
    }
    assert_eq!(
        &readme[from..to],
        expected,
        "README section `{name}` differs from the code; run `UPDATE_README=1 cargo test -p payments-wire` to rewrite it"
    );
}
