//! The git layer: the commits a run compares, the files that changed between them, and
//! blobs read from either side.
//!
//! base = merge-base(`--since` ref, head). Head is the working tree (committed, staged,
//! unstaged and untracked files), or a commit with `--head`, in which case every file is
//! read from that commit's tree and no work tree is needed (a bare repository works).

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::discover::FileRef;
use git2::{Delta, DiffOptions, ObjectType, Oid, Repository};

/// A repository opened for one run.
pub struct Repo {
    repo: Repository,
    /// The work tree, absent in a bare repository.
    workdir: Option<PathBuf>,
}

/// The commits a run compares.
#[derive(Clone)]
pub struct Range {
    /// The merge-base of the `--since` ref and head.
    pub base: Oid,
    /// The `--since` ref as the user wrote it, for messages.
    pub base_name: String,
    /// The commit the `--since` ref names: what the head would be merged into.
    pub tip: Oid,
    pub head: Head,
}

#[derive(Clone, Copy)]
pub enum Head {
    WorkTree,
    Commit(Oid),
}

/// What happened to one file since the base.
#[derive(Debug)]
pub struct FileChange {
    pub kind: FileChangeKind,
    /// Path at the base, repository-relative (absent for added files).
    pub old_path: Option<String>,
    /// Path at head, repository-relative (absent for deleted files).
    pub new_path: Option<String>,
    /// Contents at the base.
    pub old: Option<Vec<u8>>,
    /// Where to read the version at head (absent for deleted files).
    pub new: Option<FileRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChangeKind {
    Added,
    Modified,
    Deleted,
}

/// A history problem: the run cannot be done (exit 2).
#[derive(Debug)]
pub struct HistoryError(pub String);

impl std::fmt::Display for HistoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(super) fn err(message: impl Into<String>) -> HistoryError {
    HistoryError(message.into())
}

/// `what` went wrong because the clone is shallow; the fixes that work.
fn shallow(what: &str) -> HistoryError {
    err(format!(
        "{what}: it is shallow, and the history needed is cut off; fetch all of it with `git fetch --unshallow`, or in GitHub Actions set `fetch-depth: 0` on actions/checkout"
    ))
}

impl Repo {
    /// The repository that holds `cwd`.
    pub fn discover(cwd: &Path) -> Result<Self, HistoryError> {
        let repo = open_repository(cwd).map_err(|e| {
            if e.code() == git2::ErrorCode::NotFound {
                err(format!(
                    "{} is not in a git repository; `--since` compares with git history (run inside a clone, or drop `--since` for a full audit)",
                    cwd.display()
                ))
            } else {
                err(format!("cannot open the git repository: {}", e.message()))
            }
        })?;
        let workdir = repo.workdir().map(Path::to_path_buf);
        Ok(Self { repo, workdir })
    }

    pub fn workdir(&self) -> Option<&Path> {
        self.workdir.as_deref()
    }

    /// The git directory, to open more handles from other threads.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// Resolves `--since` and `--head` to the commits to compare.
    pub fn range(&self, since: &str, head: Option<&str>) -> Result<Range, HistoryError> {
        let head_commit = match head {
            Some(rev) => Some(self.commit(rev, "--head")?),
            None => None,
        };
        let head_oid = match head_commit {
            Some(oid) => oid,
            None => {
                if self.workdir.is_none() {
                    return Err(err(
                        "this is a bare repository with no work tree: name the commit to check with `--head REV`",
                    ));
                }
                self.head_commit()?
            }
        };
        let since_oid = self.commit(since, "--since")?;
        let base = self.repo.merge_base(since_oid, head_oid).map_err(|e| {
            if self.repo.is_shallow() {
                shallow(&format!(
                    "`{since}` and the checked commit have no common history in this clone"
                ))
            } else if e.code() == git2::ErrorCode::NotFound {
                err(format!(
                    "`{since}` and the checked commit have no common history, so there is no base to compare with"
                ))
            } else {
                err(format!("cannot find the merge-base of `{since}`: {}", e.message()))
            }
        })?;
        Ok(Range {
            base,
            base_name: since.to_string(),
            tip: since_oid,
            head: head_commit.map_or(Head::WorkTree, Head::Commit),
        })
    }

    fn head_commit(&self) -> Result<Oid, HistoryError> {
        match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map(|c| c.id())
                .map_err(|e| err(format!("cannot read HEAD: {}", e.message()))),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Err(err(
                "HEAD has no commits yet (unborn branch): commit something first, or name a commit with `--head`",
            )),
            Err(e) => Err(err(format!("cannot read HEAD: {}", e.message()))),
        }
    }

    /// The commit a revision names; `flag` says which option named it, for the message.
    pub fn commit(&self, rev: &str, flag: &str) -> Result<Oid, HistoryError> {
        let object = self
            .repo
            .revparse_single(rev)
            .map_err(|_| self.unresolved(rev, flag))?;
        object
            .peel_to_commit()
            .map(|c| c.id())
            .map_err(|_| err(format!("{flag} `{rev}` does not name a commit")))
    }

    /// Why a revision does not resolve, and what to do about it.
    fn unresolved(&self, rev: &str, flag: &str) -> HistoryError {
        let shallow_clone = self.repo.is_shallow();
        if shallow_clone && self.cut_off(rev) {
            return shallow(&format!(
                "the commit {flag} `{rev}` names is not in this clone"
            ));
        }
        let names = self.repo.remotes().ok();
        let remotes: Vec<&str> = names
            .as_ref()
            .map(|names| names.iter().flatten().flatten().collect())
            .unwrap_or_default();
        let tracked = remotes
            .iter()
            .map(|remote| format!("{remote}/{rev}"))
            .find(|name| self.repo.revparse_single(name).is_ok());
        let remote_branch = remotes
            .iter()
            .find(|remote| rev.starts_with(&format!("{remote}/")));
        let hint = match (tracked, remote_branch) {
            (Some(tracked), _) => format!("; did you mean `{tracked}`?"),
            // `git clone --depth` fetches one branch unless told otherwise.
            (None, Some(remote)) if shallow_clone => {
                let branch = &rev[remote.len() + 1..];
                format!(
                    "; this clone is shallow and holds only the branches it was made with: fetch it with the whole history (`git fetch --unshallow {remote} {branch}:refs/remotes/{remote}/{branch}`), or in GitHub Actions set `fetch-depth: 0` on actions/checkout"
                )
            }
            (None, Some(remote)) => {
                format!("; fetch the remote's branches first (`git fetch {remote}`)")
            }
            // A shallow clone made of one branch has no other: `main` may be missing too.
            (None, None) if shallow_clone => {
                let remote = remotes.first().copied().unwrap_or("origin");
                format!(
                    "; if it is a branch of `{remote}`, this clone lacks it (a shallow clone holds only the branches it was made with): fetch it with its history (`git fetch --unshallow {remote} {rev}:refs/remotes/{remote}/{rev}`) and pass `{flag} {remote}/{rev}`, or in GitHub Actions set `fetch-depth: 0` on actions/checkout"
                )
            }
            (None, None) => String::new(),
        };
        err(format!(
            "{flag} `{rev}` does not name a commit in this repository (a branch, tag, sha, or an expression like HEAD~3){hint}"
        ))
    }

    /// Whether this is a partial clone (`git clone --filter=blob:none`): its objects come
    /// from a promisor remote when git needs them, which libgit2 does not do.
    fn is_partial(&self) -> bool {
        let Ok(config) = self.repo.config() else {
            return false;
        };
        if config.get_string("extensions.partialclone").is_ok() {
            return true;
        }
        let Ok(entries) = config.entries(Some(r"remote\..*\.promisor")) else {
            return false;
        };
        let mut promisor = false;
        let _ = entries.for_each(|entry| {
            promisor |= entry.value().is_ok_and(|v| v.eq_ignore_ascii_case("true"));
        });
        promisor
    }

    /// `what` is not in this partial clone; the fixes that work.
    fn partial(&self, what: &str) -> HistoryError {
        err(format!(
            "cannot read {what}: this is a partial clone (made with `--filter`), whose files git fetches only when it needs them, and migcheck reads the repository without fetching; make it a full clone (`git config --unset remote.origin.partialclonefilter && git fetch --refetch origin`), or in GitHub Actions drop `filter:` from actions/checkout"
        ))
    }

    /// Whether a revision names something the edge of a shallow clone may have cut off: a
    /// full commit id, a ref whose commit is missing, or an ancestor of a ref (`main~40`).
    fn cut_off(&self, rev: &str) -> bool {
        let full_id = rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit());
        let start = rev.split(['~', '^']).next().unwrap_or(rev);
        let ancestor = start != rev && self.repo.revparse_single(start).is_ok();
        let missing_target = self
            .repo
            .resolve_reference_from_short_name(rev)
            .ok()
            .and_then(|reference| reference.target())
            .is_some_and(|oid| self.repo.find_object(oid, None).is_err());
        full_id || ancestor || missing_target
    }

    /// Every file `pathspecs` match (git pathspecs, where `*` crosses `/`) that changed
    /// between the base and head: added, modified or deleted. A file moved is deleted at
    /// one path and added at another; which migration it is decides what the move means,
    /// not how alike git finds the two texts (see `history::assemble`).
    pub fn changes(
        &self,
        range: &Range,
        pathspecs: &[String],
    ) -> Result<Vec<FileChange>, HistoryError> {
        let git = |e: git2::Error| {
            err(format!(
                "cannot compare with `{}`: {}",
                range.base_name,
                e.message()
            ))
        };
        if pathspecs.is_empty() {
            return Ok(Vec::new());
        }
        let base_tree = self
            .repo
            .find_commit(range.base)
            .and_then(|c| c.tree())
            .map_err(git)?;
        let mut options = DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .ignore_submodules(true);
        for pathspec in pathspecs {
            options.pathspec(pathspec);
        }
        // A file replaced by a symbolic link (or back) is one change, not a deletion and an
        // addition: the link is read through.
        options.include_typechange(true);
        let head_tree = match range.head {
            Head::WorkTree => None,
            Head::Commit(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .and_then(|c| c.tree())
                    .map_err(git)?,
            ),
        };
        let diff = match &head_tree {
            None => self
                .repo
                .diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options)),
            Some(head_tree) => {
                self.repo
                    .diff_tree_to_tree(Some(&base_tree), Some(head_tree), Some(&mut options))
            }
        }
        .map_err(git)?;

        // libgit2 takes a file a sparse checkout leaves out (a skip-worktree entry) for one
        // deleted from the work tree; git takes it as its index version.
        let skipped = match range.head {
            Head::WorkTree => self.skip_worktree_files()?,
            Head::Commit(_) => Vec::new(),
        };
        let skipped: std::collections::HashMap<PathBuf, Oid> = skipped
            .iter()
            .map(|(path, oid)| (crate::source::text_path(path), *oid))
            .collect();
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let mut kind = match delta.status() {
                Delta::Added | Delta::Untracked | Delta::Copied => FileChangeKind::Added,
                Delta::Modified | Delta::Typechange => FileChangeKind::Modified,
                Delta::Deleted => FileChangeKind::Deleted,
                _ => continue,
            };
            let kept = delta
                .old_file()
                .path()
                .and_then(|p| skipped.get(p).copied());
            match (kind, kept) {
                (_, Some(oid)) if oid == delta.old_file().id() => continue,
                (FileChangeKind::Deleted, Some(_)) => kind = FileChangeKind::Modified,
                _ => {}
            }
            // What a symbolic link leads to; a link that leads to no file is no file.
            let is_link = |file: &git2::DiffFile| file.mode() == git2::FileMode::Link;
            let mut old_blob = delta.old_file().id();
            if kind != FileChangeKind::Added && is_link(&delta.old_file()) {
                match delta
                    .old_file()
                    .path()
                    .and_then(|p| self.file_in_tree(&base_tree, p))
                {
                    Some(oid) => old_blob = oid,
                    None if kind == FileChangeKind::Deleted => continue,
                    None => kind = FileChangeKind::Added,
                }
            }
            let mut new_blob = kept.unwrap_or(delta.new_file().id());
            if kind != FileChangeKind::Deleted && is_link(&delta.new_file()) {
                let target = delta.new_file().path().and_then(|p| match &head_tree {
                    Some(tree) => self.file_in_tree(tree, p),
                    None => self
                        .workdir
                        .as_ref()
                        .is_some_and(|dir| {
                            std::fs::metadata(dir.join(p)).is_ok_and(|m| m.is_file())
                        })
                        .then_some(new_blob),
                });
                match target {
                    Some(oid) => new_blob = oid,
                    None if kind == FileChangeKind::Added => continue,
                    None => kind = FileChangeKind::Deleted,
                }
            }
            let path = |file: git2::DiffFile| file.path_bytes().map(crate::source::bytes_text);
            let old_path = (kind != FileChangeKind::Added)
                .then(|| path(delta.old_file()))
                .flatten();
            let new_path = match (kind, kept) {
                (FileChangeKind::Modified, Some(_)) => old_path.clone(),
                _ => (kind != FileChangeKind::Deleted)
                    .then(|| path(delta.new_file()))
                    .flatten(),
            };
            let old = match kind {
                FileChangeKind::Added => None,
                _ => Some(
                    self.repo
                        .find_blob(old_blob)
                        .map(|blob| blob.content().to_vec())
                        .map_err(|e| {
                            let path = old_path.as_deref().unwrap_or("?");
                            if self.is_partial() {
                                self.partial(&format!("{path} as `{}` has it", range.base_name))
                            } else {
                                err(format!("cannot read {path} at the base: {}", e.message()))
                            }
                        })?,
                ),
            };
            let new = new_path.as_ref().and_then(|path| match range.head {
                Head::WorkTree if kept.is_some() => Some(FileRef::Blob(new_blob)),
                Head::WorkTree => Some(FileRef::Disk(
                    self.workdir.as_ref()?.join(crate::source::text_path(path)),
                )),
                Head::Commit(_) => Some(FileRef::Blob(new_blob)),
            });
            changes.push(FileChange {
                kind,
                old_path,
                new_path,
                old,
                new,
            });
        }
        Ok(changes)
    }

    /// The files `pathspecs` match that the `--since` ref gained since the base (none when
    /// its tip is the base), with their contents: what a merge into it would bring.
    pub fn added_on_tip(
        &self,
        range: &Range,
        pathspecs: &[String],
    ) -> Result<Vec<(String, Vec<u8>)>, HistoryError> {
        if range.tip == range.base || pathspecs.is_empty() {
            return Ok(Vec::new());
        }
        let git = |e: git2::Error| {
            err(format!(
                "cannot compare `{}` with the base: {}",
                range.base_name,
                e.message()
            ))
        };
        let tree = |oid: Oid| self.repo.find_commit(oid).and_then(|c| c.tree());
        let (base_tree, tip_tree) = (
            tree(range.base).map_err(git)?,
            tree(range.tip).map_err(git)?,
        );
        let mut options = DiffOptions::new();
        options.ignore_submodules(true);
        for pathspec in pathspecs {
            options.pathspec(pathspec);
        }
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&base_tree), Some(&tip_tree), Some(&mut options))
            .map_err(git)?;
        let mut added = Vec::new();
        for delta in diff.deltas().filter(|d| d.status() == Delta::Added) {
            let Some(path) = delta.new_file().path_bytes() else {
                continue;
            };
            // What cannot be read is left out: the prediction is a courtesy, not a gate.
            if let Ok(bytes) = read_blob(self.git_dir(), delta.new_file().id()) {
                added.push((crate::source::bytes_text(path), bytes));
            }
        }
        Ok(added)
    }

    /// The blob at a repository path in a commit's tree, if there is one.
    pub fn blob_at(&self, commit: Oid, path: &str) -> Option<Oid> {
        let entry = self
            .repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .and_then(|tree| tree.get_path(&crate::source::text_path(path)))
            .ok()?;
        (entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())
    }

    /// The files of the index that a sparse checkout leaves out of the work tree
    /// (skip-worktree entries), by repository path, with their blob ids: they are unchanged,
    /// and part of the project all the same.
    pub fn skip_worktree_files(&self) -> Result<Vec<(String, Oid)>, HistoryError> {
        let index = self
            .repo
            .index()
            .map_err(|e| err(format!("cannot read the git index: {}", e.message())))?;
        // Only an index of version 3 or later has room for the flag.
        if index.version() < 3 {
            return Ok(Vec::new());
        }
        let skip = git2::IndexEntryExtendedFlag::SKIP_WORKTREE.bits();
        Ok(index
            .iter()
            .filter(|entry| entry.flags_extended & skip != 0)
            .map(|entry| (crate::source::bytes_text(&entry.path), entry.id))
            .collect())
    }

    /// The blob of the file at `path` in a tree, symbolic links followed within the tree as
    /// a checkout of it would; `None` when there is no file there, or a link leads out of the
    /// tree or round in a loop.
    fn file_in_tree(&self, tree: &git2::Tree, path: &Path) -> Option<Oid> {
        let mut path = path.to_path_buf();
        // Linux gives up after 40 links too.
        for _ in 0..40 {
            let entry = tree.get_path(&path).ok()?;
            if entry.kind() != Some(ObjectType::Blob) {
                return None;
            }
            if entry.filemode() != 0o120000 {
                return Some(entry.id());
            }
            let blob = self.repo.find_blob(entry.id()).ok()?;
            let target = Path::new(std::str::from_utf8(blob.content()).ok()?);
            let mut next = PathBuf::new();
            for part in path.parent()?.join(target).components() {
                match part {
                    std::path::Component::Normal(name) => next.push(name),
                    std::path::Component::CurDir => {}
                    std::path::Component::ParentDir if next.pop() => {}
                    _ => return None,
                }
            }
            path = next;
        }
        None
    }

    /// Every blob path in a commit's tree, with its id (for `--head`).
    pub fn tree_files(&self, commit: Oid) -> Result<Vec<(String, Oid)>, HistoryError> {
        let tree = self
            .repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| err(format!("cannot read the tree of {commit}: {}", e.message())))?;
        let mut files = Vec::new();
        let mut links = Vec::new();
        // Walked by hand: libgit2's walk gives up at a directory name that is not UTF-8.
        let mut trees = vec![(String::new(), tree.clone())];
        while let Some((dir, tree)) = trees.pop() {
            for entry in tree.iter() {
                let path = format!("{dir}{}", crate::source::bytes_text(entry.name_bytes()));
                match (entry.kind(), entry.filemode()) {
                    (Some(ObjectType::Tree), _) => {
                        let subtree = self.repo.find_tree(entry.id()).map_err(|e| {
                            err(format!("cannot read the tree of {commit}: {}", e.message()))
                        })?;
                        trees.push((format!("{path}/"), subtree));
                    }
                    (Some(ObjectType::Blob), 0o120000) => links.push(path),
                    (Some(ObjectType::Blob), _) => files.push((path, entry.id())),
                    _ => {}
                }
            }
        }
        // A link to a file is that file, as on disk.
        for path in links {
            if let Some(oid) = self.file_in_tree(&tree, &crate::source::text_path(&path)) {
                files.push((path, oid));
            }
        }
        Ok(files)
    }
}

/// The repository that holds `path`, found as git finds it. `Repository::discover` opens
/// the git directory it finds by its path alone, which loses the work tree of a `.git` file
/// pointing elsewhere (`git clone --separate-git-dir`): libgit2 then takes the git
/// directory's parent for the work tree.
pub fn open_repository(path: &Path) -> Result<Repository, git2::Error> {
    Repository::open_ext(
        path,
        git2::RepositoryOpenFlags::CROSS_FS,
        std::iter::empty::<&std::ffi::OsStr>(),
    )
}

thread_local! {
    static HANDLE: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
}

/// Reads a blob through a repository handle of this thread's own (a `Repository` is not
/// shared between threads).
pub fn read_blob(git_dir: &Path, oid: Oid) -> std::io::Result<Vec<u8>> {
    HANDLE.with(|handle| {
        let mut handle = handle.borrow_mut();
        if handle.as_ref().is_none_or(|(dir, _)| dir != git_dir) {
            let repo = Repository::open(git_dir).map_err(std::io::Error::other)?;
            *handle = Some((git_dir.to_path_buf(), repo));
        }
        let (_, repo) = handle.as_ref().expect("opened above");
        let (size, _) = repo
            .odb()
            .and_then(|odb| odb.read_header(oid))
            .map_err(std::io::Error::other)?;
        if size as u64 > crate::source::MAX_FILE_BYTES {
            return Err(crate::source::too_large());
        }
        let blob = repo.find_blob(oid).map_err(std::io::Error::other)?;
        Ok(blob.content().to_vec())
    })
}
