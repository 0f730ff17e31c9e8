//! A migration read for the graph alone (with `--since`, one that did not change) must give
//! the graph exactly what a full read gives: name, place, dependencies, replaced migrations,
//! revision ids, branch labels and where findings about it point.
//!
//! The corpus is every fixture under `testdata/`; `MIGCHECK_GRAPH_CORPUS=dir1:dir2` adds
//! other checkouts (real projects, say) to compare on.

mod common;

use std::path::{Path, PathBuf};

use migcheck::discover::{Excludes, PathScope, discover};
use migcheck::extract::{Extracted, Options};
use migcheck::frameworks::{extract, extract_for_graph, graph_facts};

fn compare(root: &Path) -> (usize, usize) {
    let excludes = Excludes {
        globs: globset::GlobSet::empty(),
        patterns: Vec::new(),
        root: root.to_path_buf(),
        defaults: true,
        narrowed_by: None,
    };
    let scope = PathScope::new(&[], root, &excludes);
    let candidates = discover(&scope).expect("discovery runs").candidates;
    let (mut compared, mut scanned) = (0, 0);
    for candidate in &candidates {
        let read = || migcheck::read_file(&root.join(&candidate.path));
        let full = extract(candidate, read(), Options::default());
        let graph = extract_for_graph(candidate, read(), Options::default());
        match (&full, &graph) {
            (Extracted::Migration(full), Extracted::Migration(graph)) => {
                assert_eq!(graph_facts(full), graph_facts(graph), "{}", candidate.path);
                assert_eq!(full.digest, graph.digest, "{}", candidate.path);
                compared += 1;
                // A scanned migration has no operations left.
                if graph.forward.is_empty() && !full.forward.is_empty() {
                    scanned += 1;
                }
            }
            // A file that does not parse as a whole, its graph attributes still readable:
            // that it does not parse is a finding only for a file that changed, and one that
            // did not keeps its place in the graph.
            (Extracted::Broken(_), Extracted::Migration(_)) => {}
            (Extracted::Migration(_), _) | (_, Extracted::Migration(_)) => {
                panic!(
                    "{}: one read finds a migration, the other not",
                    candidate.path
                )
            }
            _ => {}
        }
    }
    (compared, scanned)
}

#[test]
fn the_graph_scan_gives_the_graph_what_a_full_read_gives() {
    let (compared, scanned) = compare(&common::root().join("testdata"));
    assert!(compared > 100, "{compared} migrations compared");
    assert!(scanned > 50, "only {scanned} were read as scanned");
    if let Some(dirs) = std::env::var_os("MIGCHECK_GRAPH_CORPUS") {
        for dir in std::env::split_paths(&dirs) {
            let (compared, scanned) = compare(&PathBuf::from(&dir));
            eprintln!(
                "{}: {compared} compared, {scanned} as scanned",
                dir.display()
            );
        }
    }
}

/// The output of a run is byte for byte the same with every migration read in full
/// (`--full-read`): on the demo and every rule's fixtures, a full audit in each format that
/// names findings, and a `--since` run of each history scenario.
#[test]
fn the_line_scan_changes_no_output() {
    let root = common::root();
    let same = |dir: &Path, args: &[&str]| {
        let scanned = common::migcheck(dir, args);
        let mut full_args = args.to_vec();
        full_args.push("--full-read");
        let full = common::migcheck(dir, &full_args);
        assert_eq!(
            (scanned.status.code(), common::stdout(&scanned)),
            (full.status.code(), common::stdout(&full)),
            "{} {args:?}",
            dir.display()
        );
    };
    for format in ["json", "human", "sarif"] {
        same(
            &root,
            &["--select", "ALL", "--format", format, "testdata/demo"],
        );
    }
    let rules = root.join("testdata/rules");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    fixtures.sort();
    for fixture in fixtures {
        if fixture.join("base").is_dir() {
            let repo = common::history_fixture(&fixture);
            same(
                repo.path(),
                &["--select", "ALL", "--since", "main", "--format", "json"],
            );
        } else {
            let path = fixture
                .strip_prefix(&root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            same(&root, &["--select", "ALL", "--format", "json", &path]);
        }
    }
}
