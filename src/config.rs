//! Configuration: `[tool.migcheck]` in `pyproject.toml`, or `migcheck.toml` / `.migcheck.toml`,
//! found by walking up from each checked path to the repository's top. Command-line flags
//! override it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The configuration as written, before flags apply.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run instead of the default set.
    pub select: Option<Vec<String>>,
    /// Rules to run in addition.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per rule: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityLevel>,
    /// Glob patterns of paths not to check, replacing the default excludes.
    pub exclude: Option<Vec<String>>,
    /// Glob patterns of paths not to check, in addition.
    #[serde(default)]
    pub extend_exclude: Vec<String>,
    #[serde(default)]
    pub django: DjangoConfig,
    /// The default `--since`: the ref to compare with.
    pub since: Option<String>,
    /// The baseline file, relative to the configuration file.
    pub baseline: Option<PathBuf>,
    /// Rules not to run on files matching a glob (relative to the configuration file).
    #[serde(default)]
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// The database: `postgresql`, `mysql`, `sqlite` or `generic`; unset, the revisions'
    /// own words decide, else PostgreSQL.
    pub dialect: Option<crate::model::Dialect>,
    /// The database of the migrations matching a glob (relative to the configuration file),
    /// where it is not `dialect`.
    #[serde(default)]
    pub per_file_dialect: BTreeMap<String, crate::model::Dialect>,
    #[serde(default)]
    pub history: HistoryConfig,
    /// Every suppression comment must say why after it.
    #[serde(default)]
    pub require_suppression_reason: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct HistoryConfig {
    /// Migration class attributes whose edits are not semantic (django-safemigrate's `safe`).
    #[serde(default)]
    pub ignore_attributes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DjangoConfig {
    /// App label per app directory (the directory that holds `migrations/`), relative to the
    /// configuration file.
    #[serde(default)]
    pub app_labels: BTreeMap<String, String>,
    /// Field classes that are always nullable (a project's `NullCharField`): dotted paths
    /// (`oscar.models.fields.NullCharField`) or class names.
    #[serde(default)]
    pub nullable_fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    Error,
    Warning,
    Info,
    Off,
}

/// Every key the configuration accepts, by table, for "did you mean".
const KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "select",
            "extend-select",
            "ignore",
            "severity",
            "exclude",
            "extend-exclude",
            "django",
            "since",
            "history",
            "dialect",
            "baseline",
            "per-file-ignores",
            "per-file-dialect",
            "require-suppression-reason",
        ],
    ),
    ("django", &["app-labels", "nullable-fields"]),
    ("history", &["ignore-attributes"]),
];

/// A configuration file that was found and read.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// The file it came from, as messages name it (`feature:pyproject.toml` when read from
    /// a commit).
    pub path: PathBuf,
    /// Relative paths in it are relative to this directory.
    pub root: PathBuf,
}

/// What went wrong reading a configuration file. Always exit 2.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Reads `--config FILE` (relative to `cwd`), or the nearest configuration at or above
/// `start`, up to the top of the git repository that holds it; `None` when there is none.
pub fn load(
    explicit: Option<&Path>,
    start: &Path,
    cwd: &Path,
) -> Result<Option<Loaded>, ConfigError> {
    let read = |path: &Path| {
        crate::source::read_text(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        })
    };
    if let Some(path) = explicit {
        let path = cwd.join(path);
        return parse_explicit(&read(&path)?, &path, &path).map(Some);
    }
    let on_disk = |path: &Path| match path.is_file() {
        true => read(path).map(|text| Some((text, path.to_path_buf()))),
        false => Ok(None),
    };
    let top = crate::discover::repository_top(start);
    let dirs = start
        .ancestors()
        .take_while(|dir| top.is_none_or(|top| dir.starts_with(top)));
    nearest(dirs, &on_disk)
}

/// The configuration a `--config FILE` names: a `pyproject.toml` must have the table.
pub fn parse_explicit(text: &str, path: &Path, shown: &Path) -> Result<Loaded, ConfigError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    parse(text, path, shown, is_pyproject)?.ok_or_else(|| ConfigError {
        path: shown.to_path_buf(),
        message: "has no [tool.migcheck] table".to_string(),
    })
}

/// A file's text and the name messages give it, if it exists.
pub type FileText = Option<(String, PathBuf)>;

/// The nearest configuration in `dirs` (nearest first): `migcheck.toml`, `.migcheck.toml`,
/// or a `pyproject.toml` with a `[tool.migcheck]` table. `read` gives a file's text.
pub fn nearest<'a>(
    dirs: impl Iterator<Item = &'a Path>,
    read: &dyn Fn(&Path) -> Result<FileText, ConfigError>,
) -> Result<Option<Loaded>, ConfigError> {
    for dir in dirs {
        for (name, is_pyproject) in [
            ("migcheck.toml", false),
            (".migcheck.toml", false),
            ("pyproject.toml", true),
        ] {
            let path = dir.join(name);
            if let Some((text, shown)) = read(&path)?
                && let Some(loaded) = parse(&text, &path, &shown, is_pyproject)?
            {
                return Ok(Some(loaded));
            }
        }
    }
    Ok(None)
}

/// A configuration file's text; `path` is where it is, `shown` how messages name it.
pub(crate) fn parse(
    text: &str,
    path: &Path,
    shown: &Path,
    is_pyproject: bool,
) -> Result<Option<Loaded>, ConfigError> {
    let error = |message: String| ConfigError {
        path: shown.to_path_buf(),
        message,
    };
    let mut table: toml::Table = toml::from_str(text).map_err(|e| error(toml_message(&e)))?;
    if is_pyproject {
        let tool = table.remove("tool");
        let section = tool
            .and_then(|tool| match tool {
                toml::Value::Table(mut tool) => tool.remove("migcheck"),
                _ => None,
            })
            .and_then(|section| match section {
                toml::Value::Table(section) => Some(section),
                _ => None,
            });
        match section {
            Some(section) => table = section,
            None => return Ok(None),
        }
    }
    let prefix = if is_pyproject { "tool.migcheck." } else { "" };
    check_keys(&table, "", prefix).map_err(error)?;
    let config = Config::deserialize(toml::Value::Table(table))
        .map_err(|e| error(value_error(text, is_pyproject, &e)))?;
    Ok(Some(Loaded {
        config,
        path: shown.to_path_buf(),
        root: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
    }))
}

fn toml_message(error: &toml::de::Error) -> String {
    error.message().trim().to_string()
}

/// A bad value's message, naming the key: the error is found again by deserializing the
/// file's text, which keeps the position.
fn value_error(text: &str, is_pyproject: bool, error: &toml::de::Error) -> String {
    #[derive(Deserialize)]
    struct Tool {
        #[allow(dead_code)]
        migcheck: Config,
    }
    #[derive(Deserialize)]
    struct Pyproject {
        #[allow(dead_code)]
        tool: Tool,
    }
    let located = if is_pyproject {
        toml::from_str::<Pyproject>(text).err()
    } else {
        toml::from_str::<Config>(text).err()
    };
    let message = toml_message(error).replace('\n', " ");
    let Some(span) = located.and_then(|e| e.span()) else {
        return message;
    };
    let before = &text[..span.start.min(text.len())];
    let line_number = before.matches('\n').count() + 1;
    let line = text.lines().nth(line_number - 1).unwrap_or_default();
    let key = line
        .split('=')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches('"');
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|header| header.trim_matches(|c| c == '[' || c == ']').to_string());
    let key = match table {
        Some(table) if !key.is_empty() => format!("{table}.{key}"),
        _ => key.to_string(),
    };
    format!("bad value for `{key}` (line {line_number}): {message}")
}

/// Unknown keys are an error that names the key and the closest valid one.
fn check_keys(table: &toml::Table, name: &str, prefix: &str) -> Result<(), String> {
    let Some((_, known)) = KEYS.iter().find(|(table, _)| *table == name) else {
        return Ok(());
    };
    for (key, value) in table {
        let full = if name.is_empty() {
            format!("{prefix}{key}")
        } else {
            format!("{prefix}{name}.{key}")
        };
        if !known.contains(&key.as_str()) {
            let hint = closest(key, known.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!("unknown key `{full}`{hint}"));
        }
        if let toml::Value::Table(inner) = value {
            check_keys(inner, key, prefix)?;
        }
    }
    Ok(())
}

/// The longest word, and the most candidates, [`closest`] compares: the edit distance costs
/// the product of two words' lengths, and names come from files a pull request can write.
const CLOSEST_MAX_LEN: usize = 100;
const CLOSEST_MAX_CANDIDATES: usize = 1000;

/// The candidate most like `word`, if any is close enough to be a likely typo. Words over
/// [`CLOSEST_MAX_LEN`] bytes are never alike, and only the first
/// [`CLOSEST_MAX_CANDIDATES`] candidates of a likely length are compared.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    if word.len() > CLOSEST_MAX_LEN {
        return None;
    }
    // Within 0.6 of each other, neither is more than two and a half times the other's length.
    let likely = |candidate: &&str| {
        candidate.len() <= CLOSEST_MAX_LEN
            && candidate.len() * 5 >= word.len() * 2
            && word.len() * 5 >= candidate.len() * 2
    };
    candidates
        .filter(likely)
        .take(CLOSEST_MAX_CANDIDATES)
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(
                    &word.to_ascii_lowercase(),
                    &candidate.to_ascii_lowercase(),
                ),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn finds_pyproject_section_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "pyproject.toml",
            "[tool.migcheck]\nignore = [\"MC201\"]\n",
        );
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let loaded = load(None, &nested, &nested).unwrap().unwrap();
        assert_eq!(loaded.config.ignore, vec!["MC201"]);
        assert_eq!(loaded.root, dir.path());
    }

    #[test]
    fn pyproject_without_section_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "pyproject.toml", "[project]\nname = \"x\"\n");
        assert!(load(None, dir.path(), dir.path()).unwrap().is_none());
    }

    #[test]
    fn unknown_key_names_the_closest() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "migcheck.toml", "selct = [\"MC201\"]\n");
        let error = load(None, dir.path(), dir.path()).unwrap_err();
        assert_eq!(error.message, "unknown key `selct`; did you mean `select`?");
        write(dir.path(), "migcheck.toml", "[django]\napp-label = {}\n");
        let error = load(None, dir.path(), dir.path()).unwrap_err();
        assert_eq!(
            error.message,
            "unknown key `django.app-label`; did you mean `app-labels`?"
        );
    }

    #[test]
    fn bad_value_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "migcheck.toml",
            "[severity]\nMC201 = \"loud\"\n",
        );
        let error = load(None, dir.path(), dir.path()).unwrap_err();
        assert!(error.message.contains("loud"), "{}", error.message);
    }
}
