//! The README table, rendered from the expectations and checked against the README.

use payments_sandbox::FaultSpec;

use crate::*;

/// The matrix as the README prints it: one row per operation, one column per fault.
pub(crate) fn readme_table() -> String {
    let mut table = String::from("| operation | request | safety |");
    for fault in FAULTS {
        table.push_str(&format!(" `{}` |", fault.label()));
    }
    table.push_str("\n|---|---|---|");
    table.push_str(&"---|".repeat(FAULTS.len()));
    table.push('\n');
    for op in OPS {
        let safety = op.safety();
        table.push_str(&format!(
            "| {} | `{}` | {} |",
            op.name(),
            op.route(),
            safety.label()
        ));
        for fault in FAULTS {
            table.push_str(&format!(" {} |", cell(safety, expected(safety, fault))));
        }
        table.push('\n');
    }
    table
}

/// The README prints the matrix this test checks; `UPDATE_README=1 cargo test -p payments
/// --test fault_matrix` rewrites it.
#[test]
pub(crate) fn the_readme_prints_this_matrix() {
    // The column headers are the faults in the sandbox's `--fault` syntax.
    for fault in FAULTS {
        let spec: FaultSpec = format!("GET /x={}", fault.label())
            .parse()
            .expect("a fault spec");
        assert_eq!(spec.faults, [fault.fault()], "{}", fault.label());
    }
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    payments_wire::__test_support::check_readme_section(&readme, "fault-matrix", &readme_table());
}
