//! migcheck: static safety checks for Django and Alembic database migrations.
//!
//! The pipeline runs one way: cli → config → discover → parse+extract → rules → render.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod model;
pub mod render;
pub mod rules;
pub mod settings;
pub mod source;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cli::{CheckArgs, Cli, ColorChoice, Command};
use crate::diagnostic::{Report, Severity};
use crate::extract::Extracted;
use crate::settings::{Overrides, Settings};

/// Why a run could not be done: exit 2.
#[derive(Debug)]
pub enum Error {
    /// A message for the user: bad flag value, bad configuration, missing path.
    Usage(String),
    /// Reading or writing failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Io(error) => write!(f, "{error}"),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl From<config::ConfigError> for Error {
    fn from(error: config::ConfigError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<discover::DiscoverError> for Error {
    fn from(error: discover::DiscoverError) -> Self {
        Error::Usage(error.to_string())
    }
}

/// What to check, and how.
#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
}

/// Runs the command line; returns the exit code (0 clean, 1 error findings).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Rule { code }) => {
            let rule = rules::Rule::from_code_or_name(&code).ok_or_else(|| {
                let hint = rules::suggest(&code)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "unknown rule `{code}`{hint} (`migcheck rules` lists them)"
                ))
            })?;
            out.write_all(rule.doc().as_bytes())?;
            Ok(0)
        }
        Some(Command::Rules) => {
            for &rule in rules::ALL {
                let severity = if rule.enabled_by_default() {
                    rule.default_severity().as_str()
                } else {
                    "off"
                };
                writeln!(
                    out,
                    "{}  {:<28} {:<8} {}",
                    rule.code(),
                    rule.name(),
                    severity,
                    rule.summary()
                )?;
            }
            Ok(0)
        }
        Some(Command::Check(args)) => run_check(args, out),
        None => run_check(cli.check, out),
    }
}

fn run_check(args: CheckArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let cwd = std::env::current_dir()?;
    let options = CheckOptions {
        paths: args.paths,
        overrides: Overrides {
            select: args.select,
            ignore: args.ignore,
        },
        config: args.config,
        jobs: args.jobs,
    };
    let report = check(&options, &cwd)?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let render_options = render::RenderOptions {
        color,
        quiet: args.quiet,
        statistics: args.statistics,
    };
    render::render(&report, args.format, render_options, out)?;
    let failed = report.count(Severity::Error) > 0;
    Ok(u8::from(failed && !args.exit_zero))
}

/// Checks the migrations under `options.paths` (default: `cwd`).
pub fn check(options: &CheckOptions, cwd: &Path) -> Result<Report, Error> {
    let loaded = config::load(options.config.as_deref(), cwd)?;
    let settings =
        Settings::resolve(loaded.as_ref(), &options.overrides, cwd).map_err(|e| match &loaded {
            Some(loaded) => Error::Usage(format!("{}: {e}", loaded.path.display())),
            None => Error::Usage(e),
        })?;
    let paths = if options.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options.paths.clone()
    };
    let candidates = discover::discover(&paths, cwd, &settings.excludes)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        // Deeply nested source recurses deeply in the parser.
        .stack_size(64 << 20)
        .build()
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
    pool.install(|| {
        let extracted: Vec<Extracted> = candidates
            .par_iter()
            .map(|candidate| extract::extract(candidate, std::fs::read(&candidate.file)))
            .collect();

        let mut report = Report {
            files: candidates.len(),
            ..Report::default()
        };
        let mut migrations = Vec::new();
        for outcome in extracted {
            match outcome {
                Extracted::Migration(migration) => migrations.push(*migration),
                Extracted::Broken(diagnostic) => report.diagnostics.push(*diagnostic),
                Extracted::NotMigration => {}
            }
        }
        report.migrations = migrations.len();

        let mut labels = apps_py_labels(&candidates);
        labels.extend(settings.app_labels.clone());
        extract::django::resolve_app_labels(&mut migrations, &labels);

        let findings: Vec<_> = migrations
            .par_iter()
            .flat_map_iter(|migration| {
                let mut out = Vec::new();
                rules::check_migration(migration, &settings.rules, &mut out);
                out
            })
            .collect();
        report.diagnostics.extend(findings);
        finish(&mut report, &settings);
        Ok(report)
    })
}

/// The `label` of each Django app's AppConfig, per `migrations/` directory.
fn apps_py_labels(candidates: &[discover::Candidate]) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    for place in candidates.iter().filter_map(|c| c.django.as_ref()) {
        if labels.contains_key(&place.directory) {
            continue;
        }
        let label = std::fs::read_to_string(&place.apps_py)
            .ok()
            .and_then(|text| extract::apps_py_label(&text));
        if let Some(label) = label {
            labels.insert(place.directory.clone(), label);
        }
    }
    labels
}

/// Applies rule selection and severities, and puts findings in output order.
fn finish(report: &mut Report, settings: &Settings) {
    report
        .diagnostics
        .retain(|d| settings.rules.contains(&d.rule));
    for diagnostic in &mut report.diagnostics {
        diagnostic.severity = settings.severity(diagnostic.rule);
    }
    report.diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then(a.message.cmp(&b.message))
    });
    report.diagnostics.dedup();
}
