//! `cargo xtask codegen [--check]`: `specs/<provider>.yaml` -> `crates/<provider>-client/src/generated.rs`
//! (the client) and operations.rs (its operations table, [`operations`]).

use std::fs;
use std::path::{Path, PathBuf};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use schemars::schema::{InstanceType, SchemaObject};

use crate::{
    api_version, client_new, header_params, hook_calls, normalize, operations, own_servers,
    rebuilt_request, request_url, success_read,
};

/// Type that every generated client carries as its `inner` state; each client crate
/// defines it in its hand-written `auth` module together with `impl ClientHooks`.
const INNER_TYPE: &str = "crate::auth::Auth";

/// Regenerates (or, with `check`, verifies) every client whose spec is in `specs/`.
pub fn run(root: &Path, check: bool, only: &[&str]) -> Result<(), String> {
    let specs = specs(root)?;
    if specs.is_empty() {
        return Err("no specs found in specs/".into());
    }
    let mut stale = Vec::new();
    for (provider, spec_path) in specs {
        if !only.is_empty() && !only.contains(&provider.as_str()) {
            continue;
        }
        let dir = root
            .join("crates")
            .join(format!("{provider}-client"))
            .join("src");
        let code = generate(&spec_path, &provider)?;
        let table = operations::generate(&spec_path, &provider, &code)?;
        for (out, code) in [
            (dir.join("generated.rs"), code),
            (dir.join("operations.rs"), table),
        ] {
            let current = fs::read_to_string(&out).unwrap_or_default();
            if current == code {
                println!("{provider}: up to date ({})", rel(root, &out));
                continue;
            }
            if check {
                println!(
                    "{provider}: {} differs from {}",
                    rel(root, &out),
                    rel(root, &spec_path)
                );
                print_diff(&current, &code, &rel(root, &out));
                stale.push(rel(root, &out));
            } else {
                fs::write(&out, code).map_err(|e| format!("writing {}: {e}", out.display()))?;
                println!("{provider}: wrote {}", rel(root, &out));
            }
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "generated code is stale: {}; run `cargo xtask codegen`",
            stale.join(", ")
        ))
    }
}

fn specs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let dir = root.join("specs");
    let entries = fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    let mut specs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    specs.sort();
    Ok(specs)
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Generates the formatted source of one client from its spec.
fn generate(spec_path: &Path, provider: &str) -> Result<String, String> {
    let text = fs::read_to_string(spec_path)
        .map_err(|e| format!("reading {}: {e}", spec_path.display()))?;
    let mut doc: serde_json::Value = serde_yaml::from_str(&text)
        .map_err(|e| format!("{}: not valid YAML: {e}", spec_path.display()))?;
    let replacements =
        normalize::normalize(&mut doc).map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let on_own_servers = own_servers::operations(&doc);
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc)
        .map_err(|e| format!("{}: not an OpenAPI 3.0 document: {e}", spec_path.display()))?;

    let inner: proc_macro2::TokenStream =
        INNER_TYPE.parse().map_err(|e| format!("inner type: {e}"))?;
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(inner)
        .with_derive("PartialEq")
        // Money and rates: `type: number, format: decimal` is an exact Decimal, read and
        // written as a JSON number.
        .with_conversion(
            string_format(InstanceType::Number, "decimal"),
            "::rust_decimal::Decimal",
            [TypeImpl::Display, TypeImpl::FromStr, TypeImpl::Default].into_iter(),
        )
        // Date-times without a zone (Craftgate): `type: string, format: local-date-time`.
        .with_conversion(
            string_format(InstanceType::String, "local-date-time"),
            "::chrono::NaiveDateTime",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    for r in &replacements {
        settings.with_replacement(&r.schema, &r.rust_type, std::iter::empty());
    }
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("{}: progenitor: {e}", spec_path.display()))?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    api_version::strip(&mut file);
    if client_new::strip(&mut file) != 1 {
        return Err(format!(
            "{}: expected one generated `Client::new` to take out",
            spec_path.display()
        ));
    }
    if let Err(problems) = header_params::into_request(&mut file) {
        return Err(format!(
            "{}: header parameters in a shape xtask/src/header_params.rs does not know: {problems:?}",
            spec_path.display()
        ));
    }
    match hook_calls::by_value(&mut file) {
        (0, _) => {
            return Err(format!(
                "{}: no generated hook calls to rewrite",
                spec_path.display()
            ));
        }
        (_, 0) => {}
        (_, left) => {
            return Err(format!(
                "{}: {left} calls of the `pre` hook in a shape xtask/src/hook_calls.rs does not know",
                spec_path.display()
            ));
        }
    }
    if success_read::reroute(&mut file) == 0 {
        return Err(format!(
            "{}: no generated success read to reroute",
            spec_path.display()
        ));
    }
    let urls = request_url::on_origin(&mut file, &on_own_servers);
    if urls.urls == 0 || !urls.not_understood.is_empty() {
        return Err(format!(
            "{}: {} URLs built on the origin; a URL in a shape xtask/src/request_url.rs does not know in {:?}",
            spec_path.display(),
            urls.urls,
            urls.not_understood
        ));
    }
    if !urls.own_missing.is_empty() {
        return Err(format!(
            "{}: no URL to build on their own servers found for {:?}",
            spec_path.display(),
            urls.own_missing
        ));
    }
    let rebuilt = rebuilt_request::as_closures(&mut file);
    if rebuilt.sends == 0 || !rebuilt.not_understood.is_empty() {
        return Err(format!(
            "{}: {} requests built by a closure; a `send` in a shape xtask/src/rebuilt_request.rs does not know in {:?}",
            spec_path.display(),
            rebuilt.sends,
            rebuilt.not_understood
        ));
    }
    Ok(format!(
        "// @generated by `cargo xtask codegen` from specs/{provider}.yaml with progenitor 0.15.1.\n\
         // Do not edit by hand: change the spec (or xtask/src/normalize.rs) and regenerate.\n\n{}",
        prettyplease::unparse(&file)
    ))
}

fn string_format(instance: InstanceType, format: &str) -> SchemaObject {
    SchemaObject {
        instance_type: Some(instance.into()),
        format: Some(format.to_string()),
        ..Default::default()
    }
}

fn print_diff(old: &str, new: &str, name: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &format!("{name} (checked in)"),
            &format!("{name} (from spec)")
        )
    );
}
