//! migcheck: static safety checks for Django and Alembic database migrations.
//!
//! The pipeline runs one way: cli → config → discover → parse+extract → rules → render.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
mod error;
pub mod extract;
pub mod frameworks;
pub mod graph;
pub mod history;
pub mod hook;
pub mod init;
pub mod model;
mod pipeline;
mod progress;
pub mod registry;
pub use source::read_file;
pub mod render;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

use std::io::{IsTerminal, Write};

pub use crate::error::Error;
pub use crate::pipeline::{CheckOptions, check};
pub use crate::render::color;
pub use crate::source::write_atomically;

use crate::cli::{CheckArgs, Cli, Command, DebugCommand, Format, HookCommand};

use crate::registry::Severity;
use crate::settings::Overrides;

/// Runs the command line; returns the exit code (0 clean, 1 error findings).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Rule { code }) => {
            let rule = registry::Rule::from_code_or_name(&code).ok_or_else(|| {
                let hint = registry::suggest(&code)
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
            for &rule in registry::ALL {
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
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // clap_complete panics when a write fails: it writes to memory, we write out.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "migcheck", &mut script);
            out.write_all(&script)?;
            Ok(0)
        }
        Some(Command::Man { dir }) => {
            let command = <Cli as clap::CommandFactory>::command();
            let Some(dir) = dir else {
                clap_mangen::Man::new(command).render(out)?;
                return Ok(0);
            };
            std::fs::create_dir_all(&dir)
                .and_then(|()| clap_mangen::generate_to(command, &dir))
                .map_err(|e| {
                    Error::Usage(format!(
                        "cannot write the man pages to {}: {e}",
                        dir.display()
                    ))
                })?;
            writeln!(
                out,
                "wrote migcheck.1 and a migcheck-<subcommand>.1 page per subcommand to {}",
                dir.display()
            )?;
            Ok(0)
        }
        Some(Command::Baseline(args)) => {
            let cwd = std::env::current_dir()?;
            if args.since.is_some() {
                return Err(Error::Usage(
                    "`migcheck baseline` accepts the findings of a full audit of every migration; drop `--since`".to_string(),
                ));
            }
            // A full audit, whatever the configuration's `since` says.
            let mut options = CheckOptions {
                no_baseline: true,
                fingerprints: true,
                ..check_options(args)
            };
            options.overrides.no_since = true;
            for run in pipeline::Run::prepare_all(&options, &cwd)? {
                let report = run.install(|| run.check())?;
                let path = &run.settings.baseline;
                baseline::write(path, &report.diagnostics, &cwd).map_err(|e| {
                    Error::Usage(format!(
                        "cannot write the baseline to {}: {e}",
                        discover::display_path(path, &cwd)
                    ))
                })?;
                writeln!(
                    out,
                    "wrote {} to {}; later runs report only new findings",
                    match report.diagnostics.len() {
                        1 => "1 finding".to_string(),
                        n => format!("{n} findings"),
                    },
                    discover::display_path(path, &cwd)
                )?;
            }
            Ok(0)
        }
        Some(Command::Graph {
            paths,
            format,
            config,
            head,
        }) => {
            let migrations =
                pipeline::read_migrations(paths, config, head, |run| run.extract().migrations)?;
            let graph = graph::Graph::build(&migrations);
            render::graph::render(&graph, &migrations, format, out)?;
            Ok(0)
        }
        Some(Command::Debug(DebugCommand::Model {
            paths,
            config,
            head,
        })) => {
            let mut migrations =
                pipeline::read_migrations(paths, config, head, pipeline::Run::models)?;
            migrations.sort_by(|a, b| a.path.cmp(&b.path));
            for mut migration in migrations {
                // The digest is the file's text, not what was read from it.
                migration.digest = 0;
                writeln!(out, "{migration:#?}")?;
            }
            Ok(0)
        }
        Some(Command::Init(args)) => init::run(args, &std::env::current_dir()?, out),
        Some(Command::Hook(command)) => {
            let cwd = std::env::current_dir()?;
            match command {
                HookCommand::Install { force, chain } => hook::install(&cwd, force, chain, out),
                HookCommand::Uninstall => hook::uninstall(&cwd, out),
                HookCommand::PrePush { remote, .. } => {
                    hook::pre_push(&cwd, remote.as_deref(), &mut std::io::stdin().lock(), out)
                }
            }
        }
        None => run_check(cli.check, out),
    }
}

fn check_options(args: CheckArgs) -> CheckOptions {
    CheckOptions {
        paths: args.paths,
        overrides: Overrides {
            select: args.select,
            ignore: args.ignore,
            since: args.since,
            no_since: args.no_since,
            ignore_suppressions: args.ignore_suppressions,
        },
        config: args.config,
        jobs: args.jobs.map(pipeline::bounded_jobs),
        head: args.head,
        no_baseline: false,
        progress: false,
        fingerprints: false,
        no_snippets: false,
        require_migrations: !args.allow_empty,
        full_read: args.full_read,
    }
}

fn run_check(args: CheckArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let cwd = std::env::current_dir()?;
    let (format, color_choice, exit_zero, quiet, statistics) = (
        args.format,
        args.color,
        args.exit_zero,
        args.quiet,
        args.statistics,
    );
    if statistics && !matches!(format, Format::Human | Format::Json) {
        return Err(Error::Usage(format!(
            "--statistics works with --format human or --format json, not with --format {}, which lists each finding: drop --statistics, or use --format json for counts per rule that a program can read",
            format.name()
        )));
    }
    let show_settings = args.show_settings;
    let options = CheckOptions {
        // For people at a terminal only: never in machine formats or logs.
        progress: format == Format::Human && !quiet && std::io::stderr().is_terminal(),
        fingerprints: matches!(format, Format::Sarif | Format::Gitlab),
        no_snippets: format != Format::Human,
        ..check_options(args)
    };
    if show_settings {
        let options = CheckOptions {
            require_migrations: false,
            ..options
        };
        let runs = pipeline::Run::prepare_all(&options, &cwd)?;
        for (index, run) in runs.iter().enumerate() {
            if index > 0 {
                writeln!(out)?;
            }
            out.write_all(run.describe().as_bytes())?;
        }
        return Ok(0);
    }
    let report = check(&options, &cwd)?;
    if !report.held.is_empty() {
        // A standard error that cannot be written to loses the note, not the run.
        let mut stderr = std::io::stderr();
        let _ = writeln!(
            stderr,
            "migcheck: note: the head's configuration would loosen the check; held at the base's value (`--show-settings` shows every setting):"
        );
        for held in &report.held {
            let _ = writeln!(stderr, "  {held}");
        }
    }
    let render_options = render::RenderOptions {
        color: color(color_choice, std::io::stdout().is_terminal()),
        quiet,
        statistics,
    };
    render::render(&report, format, render_options, out)?;
    let failed = report.count(Severity::Error) > 0;
    Ok(u8::from(failed && !exit_zero))
}
