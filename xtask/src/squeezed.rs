//! [`squeezed`]: generated code as the passes' tests compare it.

/// `file` printed as `cargo xtask codegen` prints it, without any whitespace.
pub fn squeezed(file: &syn::File) -> String {
    prettyplease::unparse(file)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
