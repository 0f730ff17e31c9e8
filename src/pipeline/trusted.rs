//! What a run under `--since` trusts: the configuration and the baseline as the base commit
//! has them, and the configuration committed in a tree (`--head`). The change under check can
//! tighten the check, never loosen it.

use std::path::{Path, PathBuf};

use super::{BaselineAtBase, CheckOptions, Project};
use crate::discover;
use crate::error::Error;
use crate::settings::Settings;
use crate::source::read_text;
use crate::{config, history};

/// The configuration committed in a commit's tree (`lookup` finds a repository path's
/// blob in it): the nearest at or above `start`, as on disk. Messages name it
/// `rev:path`.
pub(super) fn tree_config(
    repo: &history::Repo,
    rev: &str,
    lookup: &dyn Fn(&str) -> Option<git2::Oid>,
    top: &Path,
    start: &Path,
) -> Result<Option<config::Loaded>, Error> {
    let in_tree = |path: &Path| {
        let Some(repo_path) = path.strip_prefix(top).ok().and_then(Path::to_str) else {
            return Ok(None);
        };
        let Some(oid) = lookup(repo_path) else {
            return Ok(None);
        };
        let shown = PathBuf::from(format!("{rev}:{repo_path}"));
        let text = blob_text(repo, oid).ok_or_else(|| config::ConfigError {
            path: shown.clone(),
            message: "cannot read it as UTF-8 text".to_string(),
        })?;
        Ok(Some((text, shown)))
    };
    let dirs = start.ancestors().take_while(|dir| dir.starts_with(top));
    Ok(config::nearest(dirs, &in_tree)?)
}

fn blob_text(repo: &history::Repo, oid: git2::Oid) -> Option<String> {
    history::read_blob(repo.git_dir(), oid)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

/// A commit's id as messages give it.
pub(super) fn short(oid: git2::Oid) -> String {
    oid.to_string()[..12].to_string()
}

/// The settings of a run under `--since`: the configuration at the base and the head's
/// combined ([`crate::settings::combine`]), what the head tried to loosen, and the baseline
/// file as the base has it. A `--config` file outside the repository is the job's own, not
/// the change's: it is used as it is.
pub(super) fn trusted(
    repo: &history::Repo,
    range: &history::Range,
    head: Settings,
    options: &CheckOptions,
    project: &Project,
    checkout: &history::Checkout,
    head_files: Option<&[(String, git2::Oid)]>,
) -> Result<
    (
        Settings,
        Vec<crate::diagnostic::Held>,
        Option<BaselineAtBase>,
    ),
    Error,
> {
    let base = short(range.base);
    let at_base = |path: &str| repo.blob_at(range.base, path);
    let repo_path = |path: &Path| {
        path.strip_prefix(&checkout.top)
            .ok()
            .and_then(Path::to_str)
            .map(str::to_string)
    };
    let base_config = match &options.config {
        Some(explicit) => {
            let path = discover::absolute(explicit, &checkout.cwd);
            let Some(inside) = repo_path(&path) else {
                return Ok((head, Vec::new(), None));
            };
            let shown = PathBuf::from(format!("{base}:{inside}"));
            match at_base(&inside) {
                Some(oid) => {
                    let text = blob_text(repo, oid).ok_or_else(|| {
                        Error::Usage(format!("{}: cannot read it as UTF-8 text", shown.display()))
                    })?;
                    Some(config::parse_explicit(&text, &path, &shown)?)
                }
                None => None,
            }
        }
        None => tree_config(repo, &base, &at_base, &checkout.top, &project.start)?,
    };
    let base_settings = Settings::resolve(base_config.as_ref(), &options.overrides, &checkout.cwd)
        .map_err(Error::Usage)?;
    let (settings, mut held) = crate::settings::combine(base_settings, head);

    let Some(baseline) = repo_path(&settings.baseline) else {
        return Ok((settings, held, None));
    };
    let committed = at_base(&baseline).and_then(|oid| blob_text(repo, oid));
    let at_head = match head_files {
        Some(files) => files
            .iter()
            .find(|(path, _)| *path == baseline)
            .and_then(|(_, oid)| blob_text(repo, *oid)),
        None => read_text(&settings.baseline).ok(),
    };
    if at_head.is_some() && at_head != committed {
        held.push(crate::diagnostic::Held {
            key: "baseline".to_string(),
            message: format!(
                "`{}` differs from the base's; the base's is used, so a change cannot accept its own findings",
                discover::display_path(&settings.baseline, &checkout.cwd)
            ),
        });
    }
    Ok((
        settings,
        held,
        Some((PathBuf::from(format!("{base}:{baseline}")), committed)),
    ))
}
