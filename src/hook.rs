//! The git pre-push hook: `migcheck hook install|uninstall`, and the check it runs.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use git2::Repository;

use crate::error::Error;

/// The line that marks a hook as migcheck's own.
const MARKER: &str = "# migcheck pre-push hook";
/// Where an existing hook is kept when `--chain` installs in front of it.
const CHAINED: &str = "pre-push.migcheck-chained";

fn open(cwd: &Path) -> Result<Repository, Error> {
    crate::history::open_repository(cwd).map_err(|_| {
        Error::Usage(format!(
            "{} is not in a git repository; run `migcheck hook` inside the repository",
            cwd.display()
        ))
    })
}

/// The hooks directory: `core.hooksPath` (relative to the work tree), else the `hooks`
/// directory of the repository's common git directory, which every worktree shares (git
/// never runs hooks from a linked worktree's own git directory).
fn hooks_dir(repo: &Repository) -> Result<PathBuf, Error> {
    let unreadable = |e: git2::Error| {
        Error::Usage(format!(
            "cannot read core.hooksPath from the git configuration: {}; set it to a directory git can read (`git config core.hooksPath .githooks`) or unset it",
            e.message()
        ))
    };
    let config = repo.config().map_err(unreadable)?;
    let configured = match config.get_path("core.hooksPath") {
        Ok(path) => Some(path),
        Err(e) if e.code() == git2::ErrorCode::NotFound => None,
        Err(e) => return Err(unreadable(e)),
    };
    Ok(match configured {
        Some(path) if path.is_absolute() => path,
        Some(path) => repo.workdir().unwrap_or(repo.path()).join(path),
        None => repo.commondir().join("hooks"),
    })
}

/// The hook script. It runs a hook kept aside by `--chain` first, whenever one is there.
fn script() -> String {
    let binary = std::env::current_exe()
        .ok()
        .map(|path| path.to_string_lossy().replace('\'', "'\\''"))
        .unwrap_or_else(|| "migcheck".to_string());
    let find = find_migcheck(&binary);
    format!(
        "#!/bin/sh\n{MARKER}: checks the migrations in the commits being pushed.\n# Written by `migcheck hook install`; `migcheck hook uninstall` removes it.\n# Skip it once with `git push --no-verify`.\n{find}input=$(cat)\nif [ -x \"$(dirname \"$0\")/{CHAINED}\" ]; then\n    printf '%s\\n' \"$input\" | \"$(dirname \"$0\")/{CHAINED}\" \"$@\" || exit $?\nfi\nprintf '%s\\n' \"$input\" | \"$migcheck\" hook pre-push \"$@\"\n"
    )
}

/// The script's lines that set `$migcheck`: the `migcheck` on `PATH`, else the binary that
/// installed the hook (`binary`, quoted for single quotes). With neither, a command that
/// says how to reinstall and lets the push go: a hook that cannot run must not block every
/// push with "command not found" (CI is the gate).
fn find_migcheck(binary: &str) -> String {
    format!(
        "if command -v migcheck >/dev/null 2>&1; then\n    migcheck=migcheck\nelif [ -x '{binary}' ]; then\n    migcheck='{binary}'\nelse\n    migcheck=missing\n    missing() {{\n        cat >/dev/null\n        printf \"migcheck pre-push hook: migcheck is neither on PATH nor at %s, where it was when the hook was installed, so this push is not checked. Install it again (pip install migcheck-cli) and run: migcheck hook install\\n\" '{binary}' >&2\n    }}\nfi\n"
    )
}

/// Where a hook that `--force` replaces is kept.
const REPLACED: &str = "pre-push.migcheck-replaced";

/// Whether the file at `path` is a hook migcheck wrote (read as bytes: a hook need not be
/// text).
fn is_ours(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| {
        bytes
            .windows(MARKER.len())
            .any(|window| window == MARKER.as_bytes())
    })
}

/// Whether anything is at `path`: a file, a directory, or a link, dangling or not.
fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// `dir/name`, or `dir/name.2`, `dir/name.3`, … : the first that is not taken.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    std::iter::once(dir.join(name))
        .chain((2..).map(|n| dir.join(format!("{name}.{n}"))))
        .find(|path| !taken(path))
        .expect("an unbounded range of names")
}

/// Installs the hook. A hook of someone else's is never lost: `--chain` keeps it to run
/// first, `--force` moves it aside; the hook's place is replaced, never written through (a
/// link there may lead out of the repository, or to a tracked file).
pub fn install(cwd: &Path, force: bool, chain: bool, out: &mut dyn Write) -> Result<u8, Error> {
    let repo = open(cwd)?;
    let dir = hooks_dir(&repo)?;
    std::fs::create_dir_all(&dir)?;
    let hook = dir.join("pre-push");
    let chained = dir.join(CHAINED);
    let mut moved = None;
    if taken(&hook) && !is_ours(&hook) {
        if chain {
            if taken(&chained) {
                return Err(Error::Usage(format!(
                    "{} exists and was not written by migcheck, and {} already holds a hook chained earlier: only one runs before migcheck; move one of them elsewhere (or merge them into one) and install again",
                    hook.display(),
                    chained.display()
                )));
            }
            std::fs::rename(&hook, &chained)?;
        } else if force {
            let aside = free_name(&dir, REPLACED);
            std::fs::rename(&hook, &aside)?;
            moved = Some(aside);
        } else {
            return Err(Error::Usage(format!(
                "{} exists and was not written by migcheck; `--chain` runs it before migcheck, `--force` replaces it (moving it aside)",
                hook.display()
            )));
        }
    }
    crate::source::write_atomically(&hook, script().as_bytes(), Some(0o755))?;
    writeln!(out, "installed the pre-push hook in {}", hook.display())?;
    if let Some(aside) = moved {
        writeln!(out, "moved the previous hook to {}", aside.display())?;
    }
    // A hook chained by an earlier install stays chained.
    if taken(&chained) {
        writeln!(out, "it runs the previous hook ({CHAINED}) first")?;
    }
    Ok(0)
}

pub fn uninstall(cwd: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    let repo = open(cwd)?;
    let dir = hooks_dir(&repo)?;
    let hook = dir.join("pre-push");
    match taken(&hook) {
        true if is_ours(&hook) => {
            std::fs::remove_file(&hook)?;
            let chained = dir.join(CHAINED);
            if taken(&chained) {
                std::fs::rename(&chained, &hook)?;
                writeln!(
                    out,
                    "removed migcheck's pre-push hook; restored the previous one"
                )?;
            } else {
                writeln!(out, "removed migcheck's pre-push hook")?;
            }
            Ok(0)
        }
        true => Err(Error::Usage(format!(
            "{} was not written by migcheck; leaving it alone",
            hook.display()
        ))),
        false => {
            writeln!(out, "no pre-push hook to remove")?;
            Ok(0)
        }
    }
}

/// One line git gives a pre-push hook.
#[derive(Debug, PartialEq, Eq)]
pub struct Push {
    pub local_ref: String,
    pub local_sha: String,
    pub remote_ref: String,
    pub remote_sha: String,
}

impl Push {
    /// A line as git writes it; a ref name need not be UTF-8 (it is only shown).
    fn parse(line: &[u8]) -> Option<Push> {
        let line = String::from_utf8_lossy(line);
        let mut words = line.split_whitespace();
        let push = Push {
            local_ref: words.next()?.to_string(),
            local_sha: words.next()?.to_string(),
            remote_ref: words.next()?.to_string(),
            remote_sha: words.next()?.to_string(),
        };
        Some(push)
    }
}

/// The push the pre-commit framework describes in its environment when it runs a hook at the
/// `pre-push` stage (it reads git's lines itself): `(remote, push)`.
pub fn pre_commit_push(var: impl Fn(&str) -> Option<String>) -> Option<(Option<String>, Push)> {
    let var = |name: &str| var(name).filter(|value| !value.is_empty());
    let local_sha = var("PRE_COMMIT_TO_REF")?;
    let push = Push {
        local_ref: var("PRE_COMMIT_LOCAL_BRANCH").unwrap_or_else(|| local_sha.clone()),
        remote_ref: var("PRE_COMMIT_REMOTE_BRANCH").unwrap_or_default(),
        // No base given: pre-commit checks every file; we compare with the default branch.
        remote_sha: var("PRE_COMMIT_FROM_REF").unwrap_or_else(|| "0".repeat(40)),
        local_sha,
    };
    Some((var("PRE_COMMIT_REMOTE_NAME"), push))
}

fn is_zero(sha: &str) -> bool {
    sha.bytes().all(|b| b == b'0')
}

/// What to check for one pushed ref: `(since, head)`; `None` for a deletion, or when the
/// remote has the commit already.
///
/// A migration on the remote's default branch may have run on a database; one only on an
/// unmerged branch has not, and fixing it is fine. So a push to any other branch is compared
/// with the default branch (its merge-base, as CI compares a pull request), and a push to
/// the default branch with what the remote had.
pub fn plan(repo: &Repository, remote: &str, push: &Push) -> Option<(Option<String>, String)> {
    // A tag can name a tree or a blob: no migrations are pushed in it.
    let commit = |sha: &str| {
        repo.revparse_single(sha)
            .and_then(|object| object.peel_to_commit())
            .is_ok()
    };
    if is_zero(&push.local_sha) || push.local_sha == push.remote_sha || !commit(&push.local_sha) {
        return None;
    }
    let default = default_branch(repo, remote);
    let to_default = default.as_deref().is_some_and(|branch| {
        let name = branch.strip_prefix(&format!("{remote}/")).unwrap_or(branch);
        push.remote_ref == format!("refs/heads/{name}")
    });
    let remote_sha =
        (!is_zero(&push.remote_sha) && commit(&push.remote_sha)).then(|| push.remote_sha.clone());
    let since = if to_default {
        remote_sha.or(default)
    } else {
        default.or(remote_sha)
    };
    Some((since, push.local_sha.clone()))
}

/// The branch new work is compared with: the remote's default branch (`origin/HEAD`), else
/// the first of `origin/main`, `origin/master`, `main`, `master` that exists; as a short name
/// such as `origin/main`.
pub fn default_branch(repo: &Repository, remote: &str) -> Option<String> {
    let default = repo
        .find_reference(&format!("refs/remotes/{remote}/HEAD"))
        .ok()
        .and_then(|r| r.symbolic_target().ok().flatten().map(str::to_string))
        .map(|target| {
            target
                .strip_prefix("refs/remotes/")
                .unwrap_or(&target)
                .to_string()
        });
    default
        .into_iter()
        .chain([
            format!("{remote}/main"),
            format!("{remote}/master"),
            "main".to_string(),
            "master".to_string(),
        ])
        .find(|rev| repo.revparse_single(rev).is_ok())
}

/// Reads the pushed refs and checks each; 1 when any has an error finding.
pub fn pre_push(
    cwd: &Path,
    remote: Option<&str>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    let repo = open(cwd)?;
    let pushes: Vec<(Option<String>, Push)> = match pre_commit_push(|name| std::env::var(name).ok())
    {
        Some(push) => vec![push],
        None => input
            .split(b'\n')
            .filter_map(|line| line.map(|line| Push::parse(&line)).transpose())
            .map(|push| push.map(|push| (None, push)))
            .collect::<Result<_, _>>()?,
    };
    // Nothing on standard input: run by hand, or by pre-commit's `--all-files`.
    let pushes = match pushes.is_empty() {
        true => vec![head_push(&repo, remote)?],
        false => pushes,
    };
    let mut failed = false;
    for (named, push) in pushes {
        let remote = named.as_deref().or(remote).unwrap_or("origin");
        let Some((since, head)) = plan(&repo, remote, &push) else {
            continue;
        };
        if since.is_none() {
            writeln!(
                std::io::stderr(),
                "migcheck: no base found for {} (no {remote}/HEAD, main or master); checking every migration",
                push.local_ref
            )?;
        }
        let options = crate::pipeline::CheckOptions {
            overrides: crate::settings::Overrides {
                since,
                ..Default::default()
            },
            head: Some(head),
            ..Default::default()
        };
        let report = crate::pipeline::check(&options, cwd)?;
        if !report.diagnostics.is_empty() {
            writeln!(out, "migcheck: {} -> {}", push.local_ref, push.remote_ref)?;
            let options = crate::render::RenderOptions {
                color: crate::render::color(
                    crate::render::ColorChoice::Auto,
                    std::io::IsTerminal::is_terminal(&std::io::stderr()),
                ),
                ..Default::default()
            };
            crate::render::render(&report, crate::render::Format::Human, options, out)?;
        }
        failed |= report.count(crate::registry::Severity::Error) > 0;
    }
    if failed {
        writeln!(
            out,
            "migcheck: push blocked; fix the findings above, or skip the check once with `git push --no-verify`"
        )?;
    }
    Ok(u8::from(failed))
}

/// What to check when the hook is given no refs (run by hand, or by `pre-commit run
/// --hook-stage pre-push --all-files`): HEAD, as a push of its branch to its upstream would
/// be checked (without an upstream, as a push of a new branch: against the remote's default
/// branch). Says on standard error what HEAD is compared with; with nothing to compare it
/// with, the run cannot be done.
fn head_push(repo: &Repository, remote: Option<&str>) -> Result<(Option<String>, Push), Error> {
    let head = repo.head().map_err(|_| {
        Error::Usage(
            "the pre-push hook got no refs on standard input, and HEAD has no commits to check"
                .to_string(),
        )
    })?;
    let local_sha = head
        .peel_to_commit()
        .map_err(|e| Error::Usage(format!("cannot read HEAD: {}", e.message())))?
        .id()
        .to_string();
    let branch = head
        .is_branch()
        .then(|| head.shorthand().ok().map(str::to_string))
        .flatten();
    let local_ref = head.name().ok().unwrap_or("HEAD").to_string();
    let upstream = branch.as_ref().and_then(|name| {
        let upstream = repo
            .find_branch(name, git2::BranchType::Local)
            .ok()?
            .upstream()
            .ok()?;
        let upstream_name = upstream.get().name().ok()?.to_string();
        let sha = upstream.get().target()?.to_string();
        let remote = repo.branch_upstream_remote(&local_ref).ok()?;
        let remote = remote.as_str().ok()?.to_string();
        let short = upstream_name.strip_prefix("refs/remotes/")?.to_string();
        let branch = short.strip_prefix(&format!("{remote}/"))?.to_string();
        Some((remote, short, branch, sha))
    });
    let (remote, push, upstream) = match upstream {
        Some((remote, short, branch, sha)) => (
            remote,
            Push {
                // Checked all the same when the upstream has it already (what `git push`
                // would skip): that is what a check by hand is for.
                remote_sha: if sha == local_sha {
                    "0".repeat(40)
                } else {
                    sha
                },
                local_ref,
                local_sha,
                remote_ref: format!("refs/heads/{branch}"),
            },
            Some(short),
        ),
        None => (
            remote.unwrap_or("origin").to_string(),
            Push {
                remote_ref: format!("refs/heads/{}", branch.as_deref().unwrap_or("HEAD")),
                local_ref,
                remote_sha: "0".repeat(40),
                local_sha,
            },
            None,
        ),
    };
    let what = match &branch {
        Some(branch) => format!("HEAD ({branch})"),
        None => "HEAD".to_string(),
    };
    let since = plan(repo, &remote, &push).and_then(|(since, _)| since);
    let Some(since) = since else {
        return Err(Error::Usage(format!(
            "the pre-push hook got no refs on standard input, and {what} has no upstream and `{remote}` no default branch (no {remote}/HEAD, main or master) to compare it with; check it with `migcheck --since REF --head HEAD`"
        )));
    };
    let how = match &upstream {
        Some(upstream) => format!("as a push to its upstream {upstream} would be"),
        None => format!(
            "as a new branch: {what} has no upstream, and {since} is the remote's default branch"
        ),
    };
    eprintln!(
        "migcheck: no refs on standard input (not run by `git push`): checking {what} against {since}, {how}"
    );
    Ok((Some(remote), push))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_push_pre_commit_describes() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert!(pre_commit_push(env(&[])).is_none());
        let (remote, push) = pre_commit_push(env(&[
            ("PRE_COMMIT_FROM_REF", "aaaa"),
            ("PRE_COMMIT_TO_REF", "bbbb"),
            ("PRE_COMMIT_REMOTE_NAME", "upstream"),
            ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/feature"),
            ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/feature"),
        ]))
        .unwrap();
        assert_eq!(remote.as_deref(), Some("upstream"));
        assert_eq!(push.remote_sha, "aaaa");
        assert_eq!(push.local_sha, "bbbb");
        // pre-commit leaves the base out when it would check every file.
        let (remote, push) = pre_commit_push(env(&[("PRE_COMMIT_TO_REF", "bbbb")])).unwrap();
        assert_eq!(remote, None);
        assert!(is_zero(&push.remote_sha));
    }

    #[test]
    fn parses_git_push_lines() {
        let push = Push::parse(b"refs/heads/feature 1111 refs/heads/feature 0000").unwrap();
        assert_eq!(push.local_ref, "refs/heads/feature");
        assert!(is_zero(&push.remote_sha));
        assert!(Push::parse(b"").is_none());
    }
}
