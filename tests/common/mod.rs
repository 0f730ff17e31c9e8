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
            ..Default::default()
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

/// Runs git in `dir` with a fixed identity; panics when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=migcheck",
            "-c",
            "user.email=migcheck@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Writes (or, for `None`, deletes) files under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, Option<&str>)]) {
    for (path, contents) in files {
        let path = dir.join(path);
        match contents {
            Some(contents) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, contents).unwrap();
            }
            None => std::fs::remove_file(path).unwrap(),
        }
    }
}

/// Copies the files under `from` into `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A repository whose `main` holds `base/` of a fixture and whose work tree (on branch
/// `feature`, uncommitted) holds `head/`. With a `tip/`, `main` gains its files in a commit
/// made after the branch.
pub fn history_fixture(fixture: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    copy_tree(&fixture.join("base"), dir.path());
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    // What `main` gained after the branch was made (for MC305).
    let tip = fixture.join("tip");
    if tip.is_dir() {
        copy_tree(&tip, dir.path());
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-qm", "meanwhile"]);
        git(dir.path(), &["checkout", "-qb", "feature", "HEAD~1"]);
    } else {
        git(dir.path(), &["checkout", "-qb", "feature"]);
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != ".git" {
            std::fs::remove_dir_all(entry.path())
                .or_else(|_| std::fs::remove_file(entry.path()))
                .unwrap();
        }
    }
    copy_tree(&fixture.join("head"), dir.path());
    dir
}

/// Every file under `dir`, with its contents, to see that nothing changed.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(false)
        .build()
        .flatten()
    {
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let path = entry.path().strip_prefix(dir).unwrap();
            files.push((
                path.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    files.sort();
    files
}
