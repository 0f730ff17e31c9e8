//! What a revision's text says of the database it runs on, by a byte search over the whole
//! file: cheap enough for the graph's read, which sees every revision before any is checked.
//! Keyword arguments only a database's dialect reads (`mysql_engine=`,
//! `postgresql_using=`, `sqlite_autoincrement=`) say the revision was written for it; a
//! database named in a string literal (`dialect.name == "sqlite"`) says it runs there too.
//! Comments are skipped; strings are not told apart from code (a docstring that writes
//! `mysql_engine=` counts, which is rare and says the same).

use crate::model::{Dialect, DialectWords};

/// The keyword prefixes of each database's dialect in SQLAlchemy and Alembic.
const KEYWORDS: &[(&str, Dialect)] = &[
    ("postgresql_", Dialect::Postgresql),
    ("mysql_", Dialect::Mysql),
    ("mariadb_", Dialect::Mysql),
    ("sqlite_", Dialect::Sqlite),
];

/// Database names as SQLAlchemy's `dialect.name` gives them (and `postgres`, as written).
const NAMES: &[(&str, Dialect)] = &[
    ("postgresql", Dialect::Postgresql),
    ("postgres", Dialect::Postgresql),
    ("mysql", Dialect::Mysql),
    ("mariadb", Dialect::Mysql),
    ("sqlite", Dialect::Sqlite),
];

pub fn dialect_words(text: &str) -> DialectWords {
    let bytes = text.as_bytes();
    let mut words = DialectWords::default();
    for &(prefix, dialect) in KEYWORDS {
        if words.keywords.iter().any(|(seen, _)| *seen == dialect) {
            continue;
        }
        for at in memchr::memmem::find_iter(bytes, prefix.as_bytes()) {
            if let Some(keyword) = keyword_at(bytes, at, prefix.len()) {
                words.keywords.push((dialect, keyword.to_string()));
                break;
            }
        }
    }
    for &(name, dialect) in NAMES {
        if words.named.contains(&dialect) {
            continue;
        }
        let found = [b'\'', b'"'].iter().any(|&quote| {
            let quoted = [&[quote], name.as_bytes(), &[quote]].concat();
            memchr::memmem::find_iter(bytes, &quoted).any(|at| !in_comment(bytes, at))
        });
        if found {
            words.named.push(dialect);
        }
    }
    words
}

/// The keyword argument `prefix...=` that starts at `at`, if one does (not `==`, not part
/// of a longer name or an attribute, not in a comment).
fn keyword_at(bytes: &[u8], at: usize, prefix: usize) -> Option<&str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if at > 0 && (word(bytes[at - 1]) || bytes[at - 1] == b'.') {
        return None;
    }
    let end = at
        + prefix
        + bytes[at + prefix..]
            .iter()
            .take_while(|&&b| word(b))
            .count();
    if end == at + prefix {
        return None;
    }
    let rest = &bytes[end..];
    let spaces = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    if rest.get(spaces) != Some(&b'=') || rest.get(spaces + 1) == Some(&b'=') {
        return None;
    }
    if in_comment(bytes, at) {
        return None;
    }
    std::str::from_utf8(&bytes[at..end]).ok()
}

/// Whether a `#` comes before `at` on its line.
fn in_comment(bytes: &[u8], at: usize) -> bool {
    let line = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1);
    memchr::memchr(b'#', &bytes[line..at]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_names() {
        let words = dialect_words(
            "op.create_table('t', sa.Column('id'), mysql_engine='InnoDB', mysql_charset = 'utf8')\n\
             # postgresql_using='gin'\n\
             is_sqlite_x = 1\nif x.mysql_y == 2: pass\nsqlite_on == 1\n\
             if bind.dialect.name == \"sqlite\":\n",
        );
        assert_eq!(
            words.keywords,
            vec![(Dialect::Mysql, "mysql_engine".to_string())]
        );
        assert_eq!(words.named, vec![Dialect::Sqlite]);
        let words = dialect_words("op.create_index('i', 't', ['a'], postgresql_concurrently=True)");
        assert_eq!(
            words.keywords,
            vec![(Dialect::Postgresql, "postgresql_concurrently".to_string())]
        );
        assert!(dialect_words("mysql_=1 # 'mysql'").keywords.is_empty());
        assert!(dialect_words("x = 1 # 'mysql'").named.is_empty());
    }
}
