//! migcheck: static safety checks for Django and Alembic database migrations.
//!
//! The pipeline runs one way: cli → config → discover → parse+extract → rules → render.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod graph;
pub mod history;
pub mod hook;
pub mod init;
pub mod model;
mod pipeline;
pub mod registry;
pub use source::read_file;
pub mod render;
pub mod rules;
pub mod settings;
pub mod source;
mod state;
pub mod suppress;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, DebugCommand, Format, HookCommand};
use crate::diagnostic::Report;
use crate::registry::Severity;
use crate::settings::Overrides;

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

impl From<history::HistoryError> for Error {
    fn from(error: history::HistoryError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<discover::DiscoverError> for Error {
    fn from(error: discover::DiscoverError) -> Self {
        Error::Usage(error.to_string())
    }
}

/// Replaces the file at `path` with `contents` at once: written to a new file beside it,
/// then renamed over it, so that a reader sees the old text or the new, never a part, and a
/// symbolic link at `path` is replaced, not written through. The new file gets `mode` (Unix
/// permissions), else those of the file it replaces, else read-write for its owner and
/// readable by all.
pub fn write_atomically(path: &Path, contents: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".migcheck-")
        .tempfile_in(dir)?;
    file.write_all(contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let existing = std::fs::symlink_metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|metadata| metadata.permissions().mode() & 0o7777);
        let mode = mode.or(existing).unwrap_or(0o644);
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What to check, and how.
#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
    /// Check this commit instead of the working tree.
    pub head: Option<String>,
    /// Report the findings the baseline accepts too (to write a new baseline).
    pub no_baseline: bool,
    /// Show a progress line on standard error while many files are parsed.
    pub progress: bool,
    /// Give every finding its fingerprint: the baseline file, SARIF and GitLab reports use
    /// them (a baseline file, when there is one, asks for them by itself).
    pub fingerprints: bool,
    /// Leave findings without their source line: only the human format shows it, and it
    /// costs reading each file with findings once more.
    pub no_snippets: bool,
    /// Paths that hold no migration at all are an error (a wrong path would pass).
    pub require_migrations: bool,
    /// Read every migration in full, not only for the graph's view (`--full-read`).
    pub full_read: bool,
}

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
            let migrations = read_migrations(paths, config, head, |run| run.extract().migrations)?;
            let graph = graph::Graph::build(&migrations);
            render::graph::render(&graph, &migrations, format, out)?;
            Ok(0)
        }
        Some(Command::Debug(DebugCommand::Model {
            paths,
            config,
            head,
        })) => {
            let mut migrations = read_migrations(paths, config, head, pipeline::Run::models)?;
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

/// Whether output to a stream gets colour: `--color always|never`, else the environment
/// (`NO_COLOR` set turns it off; `FORCE_COLOR`, or `CLICOLOR_FORCE` other than `0`, on;
/// `TERM=dumb` off), else whether the stream is a terminal.
pub fn color(choice: ColorChoice, terminal: bool) -> bool {
    color_with(choice, terminal, &|name| std::env::var_os(name))
}

/// [`color`], with the environment read by `var`.
fn color_with(
    choice: ColorChoice,
    terminal: bool,
    var: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    let set = |name: &str| var(name).filter(|value| !value.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto
            if set("FORCE_COLOR").is_some()
                || set("CLICOLOR_FORCE").is_some_and(|value| value != "0") =>
        {
            true
        }
        ColorChoice::Auto => terminal && set("TERM").is_none_or(|term| term != "dumb"),
    }
}

/// Checks the migrations under `options.paths` (default: `cwd`): one run per configuration
/// the paths find, in one report.
pub fn check(options: &CheckOptions, cwd: &Path) -> Result<Report, Error> {
    let mut merged: Option<Report> = None;
    for run in pipeline::Run::prepare_all(options, cwd)? {
        let report = run.install(|| run.check())?;
        pipeline::drop_later(run);
        match &mut merged {
            Some(merged) => merged.merge(report),
            None => merged = Some(report),
        }
    }
    Ok(merged.unwrap_or_default())
}

/// The migrations of `paths` (each run of their configurations in its own thread pool), as
/// `read` reads them: for `migcheck graph` and `migcheck debug model`.
fn read_migrations(
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    head: Option<String>,
    read: impl Fn(&pipeline::Run) -> Vec<model::Migration> + Sync,
) -> Result<Vec<model::Migration>, Error> {
    let cwd = std::env::current_dir()?;
    let options = CheckOptions {
        paths,
        config,
        head,
        ..CheckOptions::default()
    };
    let mut migrations = Vec::new();
    for run in pipeline::Run::prepare_all(&options, &cwd)? {
        migrations.extend(run.install(|| Ok(read(&run)))?);
    }
    Ok(migrations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_the_environment_then_the_terminal() {
        let with = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.into())
            }
        };
        let auto = |terminal, vars| color_with(ColorChoice::Auto, terminal, &with(vars));
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("TERM", "dumb")]));
        assert!(auto(true, &[("TERM", "xterm-256color")]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]));
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
        let never = color_with(ColorChoice::Never, true, &with(&[("FORCE_COLOR", "1")]));
        let always = color_with(ColorChoice::Always, false, &with(&[("NO_COLOR", "1")]));
        assert!(!never && always);
    }
}
