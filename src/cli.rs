//! Command-line flags and subcommands. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::render::{ColorChoice, Format};

/// Static safety checks for Django and Alembic database migrations.
#[derive(Debug, Parser)]
#[command(name = "migcheck", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check migrations (the default command).
    Check(CheckArgs),
    /// Print the documentation of one rule.
    Rule {
        /// A rule code (MC201) or name (runpython-without-reverse).
        code: String,
    },
    /// List every rule with its code, name, default severity and summary.
    Rules,
    /// Accept today's findings: write them to the baseline file, so later runs show only new
    /// ones.
    Baseline(CheckArgs),
    /// Print each Django app's and Alembic script directory's migration graph.
    Graph {
        /// Files or directories to read [default: .]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = crate::render::graph::GraphFormat::Text)]
        format: crate::render::graph::GraphFormat,
        /// Configuration file to use instead of the one found above the working directory.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Read the tree of this commit instead of the working tree.
        #[arg(long, value_name = "REV")]
        head: Option<String>,
    },
    /// Set a project up: write a starter configuration, offer the pre-push hook, and print
    /// the "Migration safety" section for AGENTS.md.
    Init(InitArgs),
    /// Install or remove the git pre-push hook.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print what migcheck reads, for bug reports and for developing migcheck.
    #[command(subcommand)]
    Debug(DebugCommand),
    /// Print a shell completion script: `migcheck completions bash > /etc/bash_completion.d/migcheck`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `migcheck man > migcheck.1`; with `--dir`, write it and a
    /// page per subcommand.
    Man {
        /// Write migcheck.1 and a migcheck-<subcommand>.1 page per subcommand to this directory
        /// (made if missing).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project's directory [default: .]
    pub path: Option<PathBuf>,
    /// Install the git pre-push hook without asking.
    #[arg(long, conflicts_with = "no_hook")]
    pub hook: bool,
    /// Neither ask about nor install the pre-push hook.
    #[arg(long)]
    pub no_hook: bool,
    /// Print only the AGENTS.md section; write nothing.
    #[arg(long)]
    pub agents_md: bool,
    /// The branch agents compare with [default: the remote's default branch, e.g. origin/main]
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the model extracted from each migration: what every rule sees of it.
    Model {
        /// Files or directories to read [default: .]
        paths: Vec<PathBuf>,
        /// Configuration file to use instead of the one found above the working directory.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Read the tree of this commit instead of the working tree.
        #[arg(long, value_name = "REV")]
        head: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Write the pre-push hook (honours core.hooksPath).
    Install {
        /// Replace a pre-push hook that migcheck did not write.
        #[arg(long)]
        force: bool,
        /// Keep an existing pre-push hook and run it before migcheck.
        #[arg(long, conflicts_with = "force")]
        chain: bool,
    },
    /// Remove the pre-push hook migcheck wrote (restoring a chained one).
    Uninstall,
    /// Run by the hook: reads git's pre-push lines on standard input and checks the commits
    /// being pushed.
    #[command(hide = true)]
    PrePush {
        /// The remote's name.
        remote: Option<String>,
        /// The remote's URL.
        url: Option<String>,
    },
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]
    pub paths: Vec<PathBuf>,
    /// Compare with this git ref (branch, tag, sha, HEAD~3): report edited, deleted and renamed
    /// migrations, and run content rules on new migrations only.
    #[arg(long, value_name = "REF")]
    pub since: Option<String>,
    /// Compare with nothing, whatever the configuration's `since` says: a full audit.
    #[arg(long, conflicts_with = "since")]
    pub no_since: bool,
    /// Check this commit instead of the working tree (works in a bare repository).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Rules to run instead of the configured set: codes, code prefixes, names or ALL.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Option<Vec<String>>,
    /// Rules not to run.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Configuration file to use instead of the one found above the working directory.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour the output (for `auto`: NO_COLOR in the environment turns it off,
    /// FORCE_COLOR or CLICOLOR_FORCE on, TERM=dumb off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Threads for parsing and checking, at most 4 per core [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Exit 0 even when there are error findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print findings only, no summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Set every `# migcheck: ignore` comment aside: report what they would suppress (as
    /// ruff's `--ignore-noqa`).
    #[arg(long)]
    pub ignore_suppressions: bool,
    /// Read every migration in full, also those only the graph needs (which are otherwise
    /// read by a line scan): to check that the scan changes nothing.
    #[arg(long, hide = true)]
    pub full_read: bool,
    /// Run even when the paths hold no migration at all (by default that is an error: a
    /// wrong path would pass).
    #[arg(long)]
    pub allow_empty: bool,
    /// Print the settings the run would use (with `--since`: the base's and the head's
    /// combined, and what the head tried to loosen) and check nothing.
    #[arg(long)]
    pub show_settings: bool,
    /// Print the number of findings per rule instead of each finding (with --format human or
    /// json).
    #[arg(long)]
    pub statistics: bool,
}
