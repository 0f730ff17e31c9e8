//! SQL inside migrations (`RunSQL`, `op.execute`, `.execute(...)`, `text(...)`): split into
//! statements with sqlparser's tokenizer (it knows quotes, comments and `$$` bodies), each
//! statement parsed on its own so one that sqlparser rejects (`DO $$ ... $$`, `REINDEX`)
//! hides nothing after it. A statement sqlparser cannot parse is read by a token scan.

use sqlparser::ast::{self, FromTable, ObjectName, TableFactor, TableObject};
use sqlparser::dialect::{Dialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::model::{SqlStatement, SqlVerb};

/// The statements of a piece of SQL; nested bodies (`DO $$ ... $$`) are read as SQL too.
pub fn statements(sql: &str) -> Vec<SqlStatement> {
    let dialect = PostgreSqlDialect {};
    let mut out = Vec::new();
    collect(sql, &dialect, 0, &mut out);
    out
}

fn collect(sql: &str, dialect: &dyn Dialect, depth: usize, out: &mut Vec<SqlStatement>) {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize() else {
        // Not even tokens (an unterminated quote): one opaque statement.
        out.push(SqlStatement {
            verb: SqlVerb::Other,
            tables: Vec::new(),
            parsed: false,
        });
        return;
    };
    for statement in tokens.split(|token| *token == Token::SemiColon) {
        let significant: Vec<&Token> = statement
            .iter()
            .filter(|token| !matches!(token, Token::Whitespace(_) | Token::EOF))
            .collect();
        if significant.is_empty() {
            continue;
        }
        let text: String = statement.iter().map(ToString::to_string).collect();
        let parsed = Parser::parse_sql(dialect, &text)
            .ok()
            .and_then(|mut parsed| (parsed.len() == 1).then(|| parsed.remove(0)));
        out.push(match parsed.as_ref().and_then(from_ast) {
            Some(statement) => statement,
            None => scan(&significant, parsed.is_some()),
        });
        // PL/pgSQL and other bodies hide statements in dollar-quoted strings.
        if depth < 4 {
            for token in &significant {
                if let Token::DollarQuotedString(body) = token {
                    collect(&body.value, dialect, depth + 1, out);
                }
            }
        }
    }
}

fn name(object: &ObjectName) -> String {
    object
        .0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident.value.clone())
        .unwrap_or_default()
}

fn table_of(table: &ast::TableWithJoins) -> Option<String> {
    match &table.relation {
        TableFactor::Table { name: object, .. } => Some(name(object)),
        _ => None,
    }
}

fn from_ast(statement: &ast::Statement) -> Option<SqlStatement> {
    let (verb, tables) = match statement {
        ast::Statement::Insert(insert) => match &insert.table {
            TableObject::TableName(object) => (SqlVerb::Insert, vec![name(object)]),
            _ => (SqlVerb::Insert, Vec::new()),
        },
        ast::Statement::Update(update) => (
            SqlVerb::Update,
            table_of(&update.table).into_iter().collect(),
        ),
        ast::Statement::Delete(delete) => {
            let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
            let mut tables: Vec<String> = delete.tables.iter().map(name).collect();
            if tables.is_empty() {
                tables = from.iter().filter_map(table_of).collect();
            }
            (SqlVerb::Delete, tables)
        }
        ast::Statement::Truncate(truncate) => (
            SqlVerb::Truncate,
            truncate.table_names.iter().map(|t| name(&t.name)).collect(),
        ),
        ast::Statement::Drop {
            object_type: ast::ObjectType::Table,
            names,
            ..
        } => (SqlVerb::DropTable, names.iter().map(name).collect()),
        _ => (SqlVerb::Other, Vec::new()),
    };
    Some(SqlStatement {
        verb,
        tables,
        parsed: true,
    })
}

/// The verb and target tables of a statement from its tokens.
fn scan(tokens: &[&Token], parsed: bool) -> SqlStatement {
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Word(word)) if word.quote_style.is_none() => word.value.to_ascii_uppercase(),
        _ => String::new(),
    };
    // A possibly qualified name starting at `i`: its last part, and the index after it.
    let object = |mut i: usize| -> Option<(String, usize)> {
        let mut last = None;
        loop {
            match tokens.get(i) {
                Some(Token::Word(word)) => last = Some(word.value.clone()),
                _ => return last.map(|name| (name, i)),
            }
            i += 1;
            if tokens.get(i) != Some(&&Token::Period) {
                return last.map(|name| (name, i));
            }
            i += 1;
        }
    };
    let skip = |mut i: usize, words: &[&str]| {
        while words.contains(&word(i).as_str()) {
            i += 1;
        }
        i
    };
    // The verb starts the statement, or follows a PL/pgSQL block word (`BEGIN DELETE ...`,
    // `IF ... THEN UPDATE ...`) or an opening parenthesis (`WITH x AS (DELETE ...)`); not
    // `FOR UPDATE` nor `ON DELETE`.
    let starts_statement = |i: usize| {
        i == 0
            || tokens[i - 1] == &Token::LParen
            || matches!(
                word(i - 1).as_str(),
                "BEGIN" | "THEN" | "ELSE" | "LOOP" | "DO" | "EXECUTE"
            )
    };
    let found = (0..tokens.len())
        .filter(|&i| starts_statement(i))
        .find_map(|i| {
            Some(match word(i).as_str() {
                "INSERT" => (SqlVerb::Insert, skip(i + 1, &["INTO", "IGNORE"])),
                "UPDATE" => (SqlVerb::Update, skip(i + 1, &["ONLY"])),
                "DELETE" => (SqlVerb::Delete, skip(i + 1, &["FROM", "ONLY"])),
                "TRUNCATE" => (SqlVerb::Truncate, skip(i + 1, &["TABLE", "ONLY"])),
                "DROP" if word(i + 1) == "TABLE" => {
                    (SqlVerb::DropTable, skip(i + 2, &["IF", "EXISTS"]))
                }
                _ => return None,
            })
        });
    let Some((verb, start)) = found else {
        return SqlStatement {
            verb: SqlVerb::Other,
            tables: Vec::new(),
            parsed,
        };
    };
    let mut tables = Vec::new();
    let mut i = start;
    while let Some((table, next)) = object(i) {
        tables.push(table);
        // TRUNCATE and DROP TABLE take lists.
        if matches!(verb, SqlVerb::Truncate | SqlVerb::DropTable)
            && tokens.get(next) == Some(&&Token::Comma)
        {
            i = skip(next + 1, &["ONLY"]);
        } else {
            break;
        }
    }
    SqlStatement {
        verb,
        tables,
        parsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(sql: &str) -> Vec<(SqlVerb, Vec<String>, bool)> {
        statements(sql)
            .into_iter()
            .map(|s| (s.verb, s.tables, s.parsed))
            .collect()
    }

    #[test]
    fn parsed_statements() {
        assert_eq!(
            summary("DELETE FROM django_migrations WHERE app = 'shop'; SELECT 1"),
            [
                (SqlVerb::Delete, vec!["django_migrations".to_string()], true),
                (SqlVerb::Other, vec![], true),
            ]
        );
        assert_eq!(
            summary("UPDATE public.alembic_version SET version_num = 'x'"),
            [(SqlVerb::Update, vec!["alembic_version".to_string()], true)]
        );
        assert_eq!(
            summary(
                "INSERT INTO \"django_migrations\" (app, name, applied) VALUES ('a', 'b', now())"
            ),
            [(SqlVerb::Insert, vec!["django_migrations".to_string()], true)]
        );
        assert_eq!(
            summary("TRUNCATE alembic_version, other"),
            [(
                SqlVerb::Truncate,
                vec!["alembic_version".to_string(), "other".to_string()],
                true
            )]
        );
    }

    #[test]
    fn unparsable_statements_are_scanned_and_do_not_hide_the_next() {
        let sql = "DO $$ BEGIN DELETE FROM django_migrations WHERE id = 1; END $$;\nDROP TABLE IF EXISTS alembic_version";
        let found = summary(sql);
        assert!(found.contains(&(
            SqlVerb::Delete,
            vec!["django_migrations".to_string()],
            false
        )));
        assert!(found.contains(&(
            SqlVerb::DropTable,
            vec!["alembic_version".to_string()],
            true
        )));
    }

    #[test]
    fn token_scan_finds_verbs_where_statements_start() {
        let found = summary("IF found THEN UPDATE alembic_version SET version_num = 'x'; END IF");
        assert_eq!(
            found[0],
            (SqlVerb::Update, vec!["alembic_version".to_string()], false)
        );
        let found = summary("SELECT * FROM django_migrations FOR UPDATE");
        assert_eq!(found[0].0, SqlVerb::Other);
    }

    #[test]
    fn quotes_and_comments_are_not_statements() {
        let found =
            summary("-- DELETE FROM django_migrations;\nSELECT 'DELETE FROM alembic_version; x'");
        assert_eq!(found, [(SqlVerb::Other, vec![], true)]);
    }
}
