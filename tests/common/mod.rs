//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use migcheck::cli::Format;
use migcheck::diagnostic::Report;
use migcheck::render::{RenderOptions, render};
use migcheck::settings::Overrides;
use migcheck::{CheckOptions, check};

/// The repository root (where `cargo test` runs).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Checks `paths` (relative to the repository root) with only `select` rules.
pub fn check_paths(paths: &[&str], select: &[&str]) -> Report {
    let options = CheckOptions {
        paths: paths.iter().map(PathBuf::from).collect(),
        overrides: Overrides {
            select: Some(select.iter().map(|s| s.to_string()).collect()),
            ignore: Vec::new(),
        },
        ..CheckOptions::default()
    };
    check(&options, &root()).expect("check runs")
}

/// The human output without colour.
pub fn human(report: &Report) -> String {
    let mut out = Vec::new();
    render(report, Format::Human, RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Runs the built `migcheck` binary in `dir` with colour and configuration from the
/// environment kept out.
pub fn migcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migcheck"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("migcheck runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes files into a fresh temporary directory: `(relative path, contents)`.
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}
