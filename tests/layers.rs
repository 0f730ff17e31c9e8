//! The crate's modules sit in layers, and a module names only modules of the layers below its
//! own: no import runs back up, so there is no cycle. docs/architecture.md draws the same
//! layers; a change that needs an import upward moves the thing imported down instead.

use std::collections::BTreeSet;
use std::path::Path;

/// Bottom first. Modules on one line are independent of each other.
const LAYERS: &[&[&str]] = &[
    &["source", "progress"],
    &["discover", "model"],
    &["config"],
    &["registry"],
    &["diagnostic"],
    &["suppress"],
    &["extract"],
    &["baseline", "graph"],
    &["frameworks", "render", "rules"],
    &["cli", "history"],
    &["error"],
    &["settings"],
    &["pipeline"],
    &["hook"],
    &["init"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules a file names through `crate::`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The items of the group at its own depth: `a::{b, c}, d` names `a` and `d`.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        named.insert(identifier(&group[i..]));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            named.insert(identifier(rest));
        }
    }
    named
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_runs_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_str().unwrap().trim_end_matches(".rs");
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer(module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for named in named_modules(&text) {
            if named == module {
                continue;
            }
            match layer(&named) {
                Some(theirs) if theirs < own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` names `crate::{named}`, which is not below it",
                    relative.display()
                )),
                None => wrong.push(format!(
                    "{}: `crate::{named}` has no layer",
                    relative.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let module = name.trim_end_matches(".rs");
        if module != "lib" && module != "main" && layer(module).is_none() {
            missing.push(module.to_string());
        }
    }
    assert!(missing.is_empty(), "modules with no layer: {missing:?}");
}

#[test]
fn the_reader_of_imports_sees_groups_and_paths() {
    let named = named_modules(
        "use crate::model::{A, B};\nuse crate::{source::Span, registry::{self, Rule}};\nlet x = crate::graph::Graph::new();",
    );
    let named: Vec<_> = named.iter().map(String::as_str).collect();
    assert_eq!(named, ["graph", "model", "registry", "source"]);
}
