//! History: what happened since the base commit to the migrations that were there.
//!
//! Two layers. [`git`] knows commits and files: the range a run compares, which files
//! changed, blobs at either side. [`assemble`] knows migrations: it reads each changed
//! file's base version and pairs the base's migrations with the head's by the identity the
//! framework records in the database (a Django migration's app label and name, an Alembic
//! revision's id within its chain), never by how alike git finds two texts. What it
//! produces, [`crate::model::HistoryChange`], is all the history rules see.

pub mod assemble;
mod conflict;
mod git;

use std::path::{Path, PathBuf};

pub use assemble::{AtHead, Diff, History};
pub use git::{
    FileChange, FileChangeKind, Head, HistoryError, Range, Repo, open_repository, read_blob,
};

use crate::discover;

/// Where the run stands in the repository.
#[derive(Clone)]
pub struct Checkout {
    /// The repository's top directory, spelt as the working directory is (the working
    /// directory itself in a bare repository).
    pub top: PathBuf,
    pub cwd: PathBuf,
}

impl Checkout {
    pub fn new(repo: Option<&Repo>, from_commit: bool, cwd: &Path) -> Self {
        let workdir = repo.and_then(|repo| repo.workdir());
        let in_git_dir = repo.is_some_and(|repo| {
            let (Ok(git_dir), Ok(cwd)) = (repo.git_dir().canonicalize(), cwd.canonicalize()) else {
                return false;
            };
            cwd.starts_with(git_dir)
        });
        // The working directory's depth below the top, to step up from it: the top found
        // this way is spelt as `cwd` is, symbolic links and all.
        let depth = workdir.filter(|_| !in_git_dir).and_then(|workdir| {
            let workdir = workdir.canonicalize().ok()?;
            let real = cwd.canonicalize().ok()?;
            Some(real.strip_prefix(workdir).ok()?.components().count())
        });
        let top = match (depth, workdir) {
            (Some(depth), _) => cwd.ancestors().nth(depth).unwrap_or(cwd).to_path_buf(),
            (None, Some(workdir)) if !from_commit => workdir.to_path_buf(),
            _ => cwd.to_path_buf(),
        };
        Self {
            top,
            cwd: cwd.to_path_buf(),
        }
    }

    /// Where a repository path is, for directory names and for the scope.
    pub fn absolute(&self, repo_path: &str) -> PathBuf {
        self.top.join(crate::source::text_path(repo_path))
    }

    /// Repository paths of directories (spelt as [`Checkout::absolute`] gives them), for
    /// git's pathspecs; those outside the repository left out.
    pub fn repo_paths(&self, directories: &[PathBuf]) -> Vec<String> {
        directories
            .iter()
            .filter_map(|dir| dir.strip_prefix(&self.top).ok())
            .map(crate::source::path_text)
            .filter(|dir| !dir.is_empty())
            .collect()
    }

    /// A repository path as shown to the user, in scope or not.
    pub fn show(&self, repo_path: &str) -> String {
        let relative = discover::relative_to(&self.absolute(repo_path), &self.cwd);
        discover::display_path(&relative, &self.cwd)
    }
}

/// The history a run judges: the base's migrations paired with the head's
/// ([`assemble::assemble`]), and what a merge into the `--since` ref's tip would conflict on
/// ([`conflict::predict`]).
pub fn judge(diff: &Diff, head: &AtHead) -> History {
    let mut history = assemble::assemble(diff, head);
    history.conflicts = conflict::predict(diff, head, &history.new);
    history
}
