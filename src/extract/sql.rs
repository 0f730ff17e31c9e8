//! SQL inside migrations (`RunSQL`, `op.execute`, `.execute(...)`, `text(...)`): split into
//! statements with sqlparser's tokenizer (it knows quotes, comments and `$$` bodies), each
//! statement parsed on its own so one that sqlparser rejects (`DO $$ ... $$`, `REINDEX`)
//! hides nothing after it. A statement sqlparser cannot parse is read by a token scan.

use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnOption, FromTable, ObjectName,
    RenameTableNameKind, SetExpr, TableConstraint, TableFactor, TableObject,
};
use sqlparser::dialect::{
    Dialect as SqlparserDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::model::{
    ConstraintKind, Dialect, ModelOptions, OpKind, SqlStatement, SqlVerb, TypeChange,
};

/// The statements of a piece of SQL; nested bodies (`DO $$ ... $$`) are read as SQL too.
pub fn statements(sql: &str, dialect: Dialect) -> Vec<SqlStatement> {
    let parser: Box<dyn SqlparserDialect> = match dialect {
        Dialect::Postgresql => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Generic => Box::new(GenericDialect {}),
    };
    let mut out = Vec::new();
    collect(sql, parser.as_ref(), 0, &mut out);
    out
}

fn collect(sql: &str, dialect: &dyn SqlparserDialect, depth: usize, out: &mut Vec<SqlStatement>) {
    // Quotes the dialect does not expect (`'it\'s'` in PostgreSQL) stop its tokenizer: then
    // the generic one's, then bare words, so that a write is still seen.
    let tokenized = Tokenizer::new(dialect, sql)
        .tokenize()
        .or_else(|_| Tokenizer::new(&GenericDialect {}, sql).tokenize());
    let (tokens, tokenized) = match tokenized {
        Ok(tokens) => (tokens, true),
        Err(_) => (words(sql), false),
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
        let parsed = tokenized
            .then(|| Parser::parse_sql(dialect, &text).ok())
            .flatten()
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

/// SQL as bare tokens: words, and the punctuation the token scan reads; quotes dropped.
fn words(sql: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in sql.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            tokens.push(Token::make_word(&std::mem::take(&mut word), None));
        }
        match c {
            '.' => tokens.push(Token::Period),
            ',' => tokens.push(Token::Comma),
            '(' => tokens.push(Token::LParen),
            ')' => tokens.push(Token::RParen),
            ';' => tokens.push(Token::SemiColon),
            _ => {}
        }
    }
    tokens
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
    let operations = operations(statement);
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
        ast::Statement::Query(query) => match query_write(query) {
            Some(write) => return Some(write),
            None => (SqlVerb::Select, Vec::new()),
        },
        _ => (SqlVerb::Other, Vec::new()),
    };
    let limited_to = match statement {
        ast::Statement::Delete(delete) => delete.selection.as_ref().map(limits),
        _ => None,
    };
    Some(SqlStatement {
        verb,
        tables,
        parsed: true,
        operations,
        limited_to: limited_to.unwrap_or_default(),
    })
}

/// The columns a `WHERE` holds to literal values, each with the values it allows:
/// `app = 'a'`, `app IN ('a', 'b')`, joined by `AND`, or by `OR` on the same column.
fn limits(condition: &ast::Expr) -> Vec<(String, Vec<String>)> {
    use ast::{BinaryOperator, Expr, InTarget};
    let column = |expr: &Expr| match expr {
        Expr::Identifier(ident) => Some(ident.value.to_lowercase()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|ident| ident.value.to_lowercase()),
        _ => None,
    };
    let literal = |expr: &Expr| match expr {
        Expr::Value(value) => value.clone().into_string(),
        _ => None,
    };
    match condition {
        Expr::Nested(inner) => limits(inner),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => [limits(left), limits(right)].concat(),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => {
            let right = limits(right);
            limits(left)
                .into_iter()
                .filter_map(|(column, mut values)| {
                    let (_, more) = right.iter().find(|(other, _)| *other == column)?;
                    values.extend(more.iter().cloned());
                    Some((column, values))
                })
                .collect()
        }
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => column(left)
            .zip(literal(right))
            .or_else(|| column(right).zip(literal(left)))
            .map(|(column, value)| vec![(column, vec![value])])
            .unwrap_or_default(),
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => {
            let values: Option<Vec<String>> = list.iter().map(literal).collect();
            column(expr)
                .zip(values)
                .map(|(column, values)| vec![(column, values)])
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// The write a query makes: in its body, or in a `WITH` part
/// (`WITH d AS (DELETE FROM ... RETURNING *) SELECT ...`).
fn query_write(query: &ast::Query) -> Option<SqlStatement> {
    let body = match &*query.body {
        SetExpr::Insert(statement) | SetExpr::Update(statement) | SetExpr::Delete(statement) => {
            from_ast(statement)
        }
        _ => None,
    };
    body.or_else(|| {
        query
            .with
            .iter()
            .flat_map(|with| &with.cte_tables)
            .find_map(|cte| query_write(&cte.query))
    })
}

/// What a parsed statement does to the schema or data.
fn operations(statement: &ast::Statement) -> Vec<OpKind> {
    match statement {
        ast::Statement::CreateTable(create) => vec![OpKind::CreateTable {
            table: name(&create.name),
            fields: Vec::new(),
            options: ModelOptions::default(),
        }],
        ast::Statement::Drop {
            object_type: ast::ObjectType::Table,
            names,
            ..
        } => names
            .iter()
            .map(|object| OpKind::DropTable {
                table: name(object),
            })
            .collect(),
        ast::Statement::Drop {
            object_type: ast::ObjectType::Index,
            names,
            ..
        } => names
            .iter()
            .map(|object| OpKind::DropIndex {
                name: Some(name(object)),
                table: None,
                concurrently: false,
            })
            .collect(),
        ast::Statement::CreateIndex(index) => vec![OpKind::CreateIndex {
            table: Some(name(&index.table_name)),
            name: index.name.as_ref().map(name),
            columns: index
                .columns
                .iter()
                .map(ToString::to_string)
                .chain(index.predicate.iter().map(ToString::to_string))
                .collect(),
            concurrently: index.concurrently,
        }],
        ast::Statement::Update(update) => table_of(&update.table)
            .map(|table| OpKind::DataChange {
                table,
                verb: SqlVerb::Update,
                bounded: update.selection.is_some(),
            })
            .into_iter()
            .collect(),
        ast::Statement::Delete(delete) => {
            let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
            from.iter()
                .filter_map(table_of)
                .map(|table| OpKind::DataChange {
                    table,
                    verb: SqlVerb::Delete,
                    bounded: delete.selection.is_some() || delete.using.is_some(),
                })
                .collect()
        }
        ast::Statement::AlterTable(alter) => {
            let table = name(&alter.name);
            alter
                .operations
                .iter()
                .filter_map(|operation| alter_table(&table, operation))
                .collect()
        }
        _ => Vec::new(),
    }
}

fn alter_table(table: &str, operation: &AlterTableOperation) -> Option<OpKind> {
    let table = table.to_string();
    Some(match operation {
        AlterTableOperation::AddColumn { column_def, .. } => {
            let has = |wanted: fn(&ColumnOption) -> bool| {
                column_def
                    .options
                    .iter()
                    .any(|option| wanted(&option.option))
            };
            OpKind::AddColumn {
                table,
                column: column_def.name.value.clone(),
                nullable: !has(|o| {
                    matches!(o, ColumnOption::NotNull | ColumnOption::PrimaryKey(_))
                }),
                db_default: has(|o| matches!(o, ColumnOption::Default(_))),
                app_default: false,
                field: None,
            }
        }
        AlterTableOperation::DropColumn { column_names, .. } => OpKind::DropColumn {
            table,
            column: column_names.first()?.value.clone(),
        },
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => OpKind::RenameColumn {
            table,
            column: old_column_name.value.clone(),
            new_name: new_column_name.value.clone(),
        },
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
            OpKind::RenameTable {
                table,
                new_name: name(new),
            }
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let column = column_name.value.clone();
            match op {
                AlterColumnOperation::SetNotNull => OpKind::AlterColumn {
                    table,
                    column,
                    nullable: Some(false),
                    was_nullable: None,
                    type_change: None,
                    field: None,
                },
                AlterColumnOperation::SetDataType { data_type, .. } => OpKind::AlterColumn {
                    table,
                    column,
                    nullable: None,
                    was_nullable: None,
                    type_change: Some(TypeChange {
                        from: None,
                        to: data_type.to_string(),
                    }),
                    field: None,
                },
                _ => return None,
            }
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => {
            let (kind, constraint_name) = match constraint {
                TableConstraint::ForeignKey(fk) => (ConstraintKind::ForeignKey, fk.name.as_ref()),
                TableConstraint::Check(check) => (ConstraintKind::Check, check.name.as_ref()),
                TableConstraint::Unique(unique) => (ConstraintKind::Unique, unique.name.as_ref()),
                _ => (ConstraintKind::Other, None),
            };
            OpKind::AddConstraint {
                table,
                name: constraint_name.map(|ident| ident.value.clone()),
                kind,
                validated: !not_valid,
            }
        }
        _ => return None,
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
            operations: scan_index(&word, &object),
            limited_to: Vec::new(),
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
    let bounded = (start..tokens.len()).any(|i| word(i) == "WHERE");
    let operations = match verb {
        SqlVerb::Update | SqlVerb::Delete => tables
            .iter()
            .map(|table| OpKind::DataChange {
                table: table.clone(),
                verb,
                bounded,
            })
            .collect(),
        SqlVerb::DropTable => tables
            .iter()
            .map(|table| OpKind::DropTable {
                table: table.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    SqlStatement {
        verb,
        tables,
        parsed,
        operations,
        limited_to: Vec::new(),
    }
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] ...` and `DROP INDEX [CONCURRENTLY] ...`, which
/// sqlparser does not take in every form.
fn scan_index(
    word: &dyn Fn(usize) -> String,
    object: &dyn Fn(usize) -> Option<(String, usize)>,
) -> Vec<OpKind> {
    let skip = |mut i: usize, words: &[&str]| {
        while words.contains(&word(i).as_str()) {
            i += 1;
        }
        i
    };
    match (word(0).as_str(), word(1).as_str()) {
        ("CREATE", "INDEX" | "UNIQUE") => {
            let at = skip(1, &["UNIQUE", "INDEX"]);
            let concurrently = word(at) == "CONCURRENTLY";
            let at = skip(at, &["CONCURRENTLY", "IF", "NOT", "EXISTS"]);
            let (name, at) = match word(at).as_str() {
                "ON" => (None, at),
                _ => match object(at) {
                    Some((name, next)) => (Some(name), next),
                    None => (None, at),
                },
            };
            let table = (word(at) == "ON")
                .then(|| object(skip(at + 1, &["ONLY"])).map(|(table, _)| table))
                .flatten();
            vec![OpKind::CreateIndex {
                table,
                name,
                columns: Vec::new(),
                concurrently,
            }]
        }
        ("DROP", "INDEX") => {
            let concurrently = word(2) == "CONCURRENTLY";
            let at = skip(2, &["CONCURRENTLY", "IF", "EXISTS"]);
            vec![OpKind::DropIndex {
                name: object(at).map(|(name, _)| name),
                table: None,
                concurrently,
            }]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(sql: &str) -> Vec<(SqlVerb, Vec<String>, bool)> {
        statements(sql, Dialect::Postgresql)
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
                (SqlVerb::Select, vec![], true),
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
    fn writes_in_with_parts_are_seen() {
        let found = summary(
            "WITH gone AS (DELETE FROM alembic_version WHERE version_num = 'x' RETURNING *) SELECT count(*) FROM gone",
        );
        assert_eq!(
            found,
            [(SqlVerb::Delete, vec!["alembic_version".to_string()], true)]
        );
    }

    #[test]
    fn quotes_the_dialect_does_not_know_do_not_hide_writes() {
        let found = summary(
            "UPDATE notes SET body = 'it\\'s' WHERE id = 1; DELETE FROM django_migrations WHERE app = 'notes'",
        );
        assert!(
            found
                .iter()
                .any(|(verb, tables, _)| *verb == SqlVerb::Delete
                    && tables == &["django_migrations".to_string()]),
            "{found:?}"
        );
    }

    #[test]
    fn token_scan_finds_verbs_where_statements_start() {
        let found = summary("IF found THEN UPDATE alembic_version SET version_num = 'x'; END IF");
        assert_eq!(
            found[0],
            (SqlVerb::Update, vec!["alembic_version".to_string()], false)
        );
        let found = summary("SELECT * FROM django_migrations FOR UPDATE");
        assert_eq!(found[0].0, SqlVerb::Select);
    }

    #[test]
    fn quotes_and_comments_are_not_statements() {
        let found =
            summary("-- DELETE FROM django_migrations;\nSELECT 'DELETE FROM alembic_version; x'");
        assert_eq!(found, [(SqlVerb::Select, vec![], true)]);
    }
}
