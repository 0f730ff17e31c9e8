//! SQL inside migrations (`RunSQL`, `op.execute`, `.execute(...)`, `text(...)`): split into
//! statements with sqlparser's tokenizer (it knows quotes, comments and `$$` bodies), each
//! statement parsed on its own so one that sqlparser rejects (`DO $$ ... $$`, `REINDEX`)
//! hides nothing after it. A statement sqlparser cannot parse is read by a token scan.

use std::ops::Range;

use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnOption, FromTable, ObjectName,
    RenameTableNameKind, SetExpr, TableConstraint, TableFactor, TableObject,
};
use sqlparser::dialect::{
    Dialect as SqlparserDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use crate::model::{
    ColumnSpec, ConstraintKind, Dialect, FieldIndex, ModelOptions, OpKind, SqlStatement, SqlVerb,
    TypeChange, Unfollowed, computed_name,
};

/// The statements of a piece of SQL, each with where it is in the text (bytes, from its
/// first token to its last); nested bodies (`DO $$ ... $$`) are read as SQL too, and are
/// where the statement that holds them is.
pub fn statements(sql: &str, dialect: Dialect) -> Vec<(Range<usize>, SqlStatement)> {
    template_statements(sql, &[], dialect)
}

/// [`statements`] of a template: SQL with blanks ([`blank`]) that the values `blanks` name
/// (their source text) fill in when it runs. A name with a blank in it is a computed name
/// (`model::computed_name`). A blank could be a whole clause (`f"DELETE FROM {table}
/// {where}"`): a statement is read for what it does only when sqlparser reads it with each
/// blank as a name, and never a blank as an alias; else only its verb and tables are known.
pub fn template_statements(
    sql: &str,
    blanks: &[String],
    dialect: Dialect,
) -> Vec<(Range<usize>, SqlStatement)> {
    let parser: Box<dyn SqlparserDialect> = match dialect {
        Dialect::Postgresql => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Generic => Box::new(GenericDialect {}),
    };
    let mut out = Vec::new();
    collect(sql, blanks, parser.as_ref(), None, 0, &mut out);
    out
}

/// What stands for the `index`th blank of a template in its SQL: a name in every dialect,
/// so that `{schema}.orders` still reads as a table's.
pub fn blank(index: usize) -> String {
    format!("{BLANK}{index}__")
}

const BLANK: &str = "__blank_";

fn collect(
    sql: &str,
    blanks: &[String],
    dialect: &dyn SqlparserDialect,
    within: Option<&Range<usize>>,
    depth: usize,
    out: &mut Vec<(Range<usize>, SqlStatement)>,
) {
    // Quotes the dialect does not expect (`'it\'s'` in PostgreSQL) stop its tokenizer: then
    // the generic one's, then bare words, so that a write is still seen.
    let tokenized = Tokenizer::new(dialect, sql)
        .tokenize_with_location()
        .or_else(|_| Tokenizer::new(&GenericDialect {}, sql).tokenize_with_location());
    let (tokens, tokenized) = match tokenized {
        Ok(tokens) => (tokens, true),
        Err(_) => (
            words(sql).into_iter().map(TokenWithSpan::wrap).collect(),
            false,
        ),
    };
    let lines = Lines::of(sql);
    for statement in tokens.split(|token| token.token == Token::SemiColon) {
        let significant: Vec<&TokenWithSpan> = statement
            .iter()
            .filter(|token| !matches!(token.token, Token::Whitespace(_) | Token::EOF))
            .collect();
        let (Some(first), Some(last)) = (significant.first(), significant.last()) else {
            continue;
        };
        let range = match within {
            Some(range) => range.clone(),
            None => lines.range(first.span.start, last.span.end, sql.len()),
        };
        let tokens: Vec<&Token> = significant.iter().map(|token| &token.token).collect();
        let words = Words(&tokens);
        // sqlparser took a blank for an alias (`DELETE FROM t {where}`).
        let mut blank_alias = false;
        let mut found = match words.statement() {
            Some(found) => found,
            None => {
                // The statement's own tokens, not its text tokenized again.
                let parsed = tokenized
                    .then(|| {
                        Parser::new(dialect)
                            .with_tokens_with_locations(statement.to_vec())
                            .parse_statements()
                            .ok()
                    })
                    .flatten()
                    .and_then(|mut parsed| (parsed.len() == 1).then(|| parsed.remove(0)));
                blank_alias =
                    !blanks.is_empty() && parsed.as_ref().is_some_and(reads_blank_as_alias);
                match parsed.as_ref().and_then(from_ast) {
                    Some(statement) => statement,
                    None => scan(&words, parsed.is_some()),
                }
            }
        };
        found.command = words.command();
        if !blanks.is_empty() {
            fill_blanks(&mut found, &tokens, blank_alias, blanks);
        }
        out.push((range.clone(), found));
        // PL/pgSQL and other bodies hide statements in dollar-quoted strings.
        if depth < 4 {
            for token in &tokens {
                if let Token::DollarQuotedString(body) = token {
                    collect(&body.value, blanks, dialect, Some(&range), depth + 1, out);
                }
            }
        }
    }
}

/// Where blanks are in a name or an expression: each blank's index and byte range.
fn blanks_in(text: &str) -> Vec<(usize, Range<usize>)> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices(BLANK) {
        let digits = &text[start + BLANK.len()..];
        let count = digits.bytes().take_while(u8::is_ascii_digit).count();
        if count > 0
            && digits[count..].starts_with("__")
            && let Ok(index) = digits[..count].parse()
        {
            found.push((index, start..start + BLANK.len() + count + 2));
        }
    }
    found
}

/// `text` with each blank written as `{filler}`; `None` when it holds none.
fn render(text: &str, blanks: &[String]) -> Option<String> {
    let found = blanks_in(text);
    if found.is_empty() {
        return None;
    }
    let mut rendered = String::with_capacity(text.len());
    let mut last = 0;
    for (index, range) in found {
        rendered.push_str(&text[last..range.start]);
        let filler = blanks.get(index).map_or("...", String::as_str);
        rendered.push('{');
        rendered.push_str(filler);
        rendered.push('}');
        last = range.end;
    }
    rendered.push_str(&text[last..]);
    Some(rendered)
}

/// A name with blanks in it as the computed name it is: `{table}` for a blank alone,
/// `{tmp_{table}}` for one in a longer name.
fn fill_name(name: &mut String, blanks: &[String]) {
    let Some(rendered) = render(name, blanks) else {
        return;
    };
    let alone = blanks_in(name)
        .first()
        .filter(|(_, range)| *range == (0..name.len()))
        .and_then(|(index, _)| blanks.get(*index));
    *name = computed_name(alone.map_or(rendered.as_str(), String::as_str));
}

/// An expression with blanks in it (an index's column, a type), with the blanks as
/// `{filler}`.
fn fill_expression(expression: &mut String, blanks: &[String]) {
    if let Some(rendered) = render(expression, blanks) {
        *expression = rendered;
    }
}

/// Whether a statement holds a blank: in a name, or in a string.
fn holds_blank(tokens: &[&Token]) -> bool {
    tokens
        .iter()
        .any(|token| is_blank_word(token) || token.to_string().contains(BLANK))
}

fn is_blank_word(token: &Token) -> bool {
    matches!(token, Token::Word(word) if word.value.contains(BLANK))
}

/// Whether sqlparser read a blank as an alias that the SQL does not write with `AS`: a
/// blank right after the table an `UPDATE` or `DELETE` changes, where a template may put a
/// whole `WHERE` clause.
fn reads_blank_as_alias(statement: &ast::Statement) -> bool {
    let blank_alias = |table: &ast::TableWithJoins| {
        std::iter::once(&table.relation)
            .chain(table.joins.iter().map(|join| &join.relation))
            .any(|relation| {
                matches!(relation, TableFactor::Table { alias: Some(alias), .. }
                    if !alias.explicit && alias.name.value.contains(BLANK))
            })
    };
    match statement {
        ast::Statement::Update(update) => {
            let from = match &update.from {
                Some(ast::UpdateTableFromKind::BeforeSet(from))
                | Some(ast::UpdateTableFromKind::AfterSet(from)) => from.as_slice(),
                None => &[],
            };
            blank_alias(&update.table) || from.iter().any(blank_alias)
        }
        ast::Statement::Delete(delete) => {
            let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
            from.iter()
                .chain(delete.using.iter().flatten())
                .any(blank_alias)
        }
        _ => false,
    }
}

/// A template's statement with its blanks known for what they are: names with blanks are
/// computed names; a statement whose blanks may be more than names (sqlparser does not read
/// it with them as names, takes one for an alias, or two stand side by side) keeps only its
/// verb and tables.
fn fill_blanks(
    statement: &mut SqlStatement,
    tokens: &[&Token],
    blank_alias: bool,
    blanks: &[String],
) {
    if !holds_blank(tokens) {
        return;
    }
    let side_by_side = tokens
        .windows(2)
        .any(|pair| is_blank_word(pair[0]) && is_blank_word(pair[1]));
    // Session statements and temporary tables are told by their first words.
    let told = matches!(
        statement.verb,
        SqlVerb::Session | SqlVerb::CreateTemporaryTable | SqlVerb::AddIfNotExists
    );
    let read_as_names = statement.parsed && !blank_alias && !side_by_side;
    if !told && !read_as_names {
        statement.operations.clear();
        statement.limited_to.clear();
        if !statement.verb.is_data() {
            statement.unfollowed = Unfollowed::Anything;
        }
    }
    if let Unfollowed::Table(table) = &mut statement.unfollowed {
        fill_name(table, blanks);
    }
    for table in &mut statement.tables {
        fill_name(table, blanks);
    }
    // A limit to a value a blank fills in limits to nothing known.
    statement.limited_to.retain(|(column, values)| {
        blanks_in(column).is_empty() && values.iter().all(|value| blanks_in(value).is_empty())
    });
    for operation in &mut statement.operations {
        fill_operation(operation, blanks);
    }
}

/// Every name in an operation read from SQL, with its blanks filled.
fn fill_operation(operation: &mut OpKind, blanks: &[String]) {
    let name = |name: &mut String| fill_name(name, blanks);
    match operation {
        OpKind::CreateTable { table, columns, .. } => {
            name(table);
            for column in columns {
                fill_column(column, blanks);
            }
        }
        OpKind::DropTable { table } | OpKind::DataChange { table, .. } => name(table),
        OpKind::AddColumn {
            table,
            column,
            declared,
            ..
        } => {
            name(table);
            name(column);
            if let Some(declared) = declared {
                fill_column(declared, blanks);
            }
        }
        OpKind::RenameTable { table, new_name } => {
            name(table);
            name(new_name);
        }
        OpKind::DropColumn { table, column } => {
            name(table);
            name(column);
        }
        OpKind::RenameColumn {
            table,
            column,
            new_name,
        } => {
            name(table);
            name(column);
            name(new_name);
        }
        OpKind::AlterColumn {
            table,
            column,
            type_change,
            ..
        } => {
            name(table);
            name(column);
            if let Some(change) = type_change {
                fill_expression(&mut change.to, blanks);
            }
        }
        OpKind::CreateIndex {
            table,
            name: index,
            columns,
            ..
        } => {
            table.iter_mut().chain(index.iter_mut()).for_each(name);
            for column in columns {
                fill_expression(column, blanks);
            }
        }
        OpKind::DropIndex {
            name: index, table, ..
        } => table.iter_mut().chain(index.iter_mut()).for_each(name),
        OpKind::AddConstraint {
            table,
            name: constraint,
            ..
        } => {
            name(table);
            constraint.iter_mut().for_each(name);
        }
        OpKind::DropConstraint {
            table,
            name: constraint,
        }
        | OpKind::Trigger {
            table,
            name: constraint,
            ..
        } => {
            name(table);
            name(constraint);
        }
        _ => {}
    }
}

/// A declared column's name and type with their blanks filled: a type with a blank in it
/// is not known.
fn fill_column(column: &mut ColumnSpec, blanks: &[String]) {
    fill_name(&mut column.name, blanks);
    if column
        .type_text
        .as_deref()
        .is_some_and(|text| !blanks_in(text).is_empty())
    {
        column.type_text = None;
    }
}

/// Where lines start in a piece of SQL, to turn the tokenizer's lines and columns into byte
/// offsets.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Lines { text, starts }
    }

    /// The byte offset of a 1-based line and column (counted in characters).
    fn offset(&self, location: Location) -> Option<usize> {
        let line = usize::try_from(location.line).ok()?.checked_sub(1)?;
        let column = usize::try_from(location.column).ok()?.checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let rest = &self.text[start..];
        Some(
            start
                + rest
                    .char_indices()
                    .nth(column)
                    .map_or(rest.len(), |(at, _)| at),
        )
    }

    /// The bytes from `start` to `end`; all of the text when a location is not known (the
    /// statement was read as bare words).
    fn range(&self, start: Location, end: Location, len: usize) -> Range<usize> {
        match (self.offset(start), self.offset(end)) {
            (Some(start), Some(end)) if start <= end => start..end,
            _ => 0..len,
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

/// The last part of a name: `orders` for `shop.orders`.
fn name(object: &ObjectName) -> String {
    object
        .0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident.value.clone())
        .unwrap_or_default()
}

/// A table's name as written, with its schema: `shop.orders`.
fn qualified(object: &ObjectName) -> String {
    let parts: Vec<&str> = object
        .0
        .iter()
        .filter_map(|part| part.as_ident())
        .map(|ident| ident.value.as_str())
        .collect();
    parts.join(".")
}

/// A name without its schema.
fn unqualified(name: String) -> String {
    match name.rsplit_once('.') {
        Some((_, last)) => last.to_string(),
        None => name,
    }
}

fn table_of(table: &ast::TableWithJoins) -> Option<String> {
    match &table.relation {
        TableFactor::Table { name: object, .. } => Some(qualified(object)),
        _ => None,
    }
}

fn from_ast(statement: &ast::Statement) -> Option<SqlStatement> {
    let operations = operations(statement);
    let unfollowed = unfollowed(statement);
    let (verb, tables) = match statement {
        ast::Statement::Insert(insert) => match &insert.table {
            TableObject::TableName(object) => (SqlVerb::Insert, vec![name(object)]),
            _ => (SqlVerb::Insert, Vec::new()),
        },
        ast::Statement::Update(update) => (
            SqlVerb::Update,
            table_of(&update.table)
                .map(unqualified)
                .into_iter()
                .collect(),
        ),
        ast::Statement::Delete(delete) => {
            let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &delete.from;
            let mut tables: Vec<String> = delete.tables.iter().map(name).collect();
            if tables.is_empty() {
                tables = from.iter().filter_map(table_of).map(unqualified).collect();
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
        unfollowed,
        command: String::new(),
        span: None,
        limited_to: limited_to.unwrap_or_default(),
    })
}

/// What a parsed statement changes in columns that its operations do not say: an `ALTER
/// TABLE` part they leave out that may change a column's type or nullability
/// (`DROP NOT NULL`, `ALTER COLUMN ... SET ...` of another kind).
fn unfollowed(statement: &ast::Statement) -> Unfollowed {
    let ast::Statement::AlterTable(alter) = statement else {
        return Unfollowed::Nothing;
    };
    let table = qualified(&alter.name);
    let followed = |operation: &AlterTableOperation| match operation {
        AlterTableOperation::AlterColumn { op, .. } => matches!(
            op,
            AlterColumnOperation::SetNotNull
                | AlterColumnOperation::SetDataType { .. }
                | AlterColumnOperation::SetDefault { .. }
                | AlterColumnOperation::DropDefault
        ),
        // Constraints, triggers, ownership and the like leave types and nullability be.
        AlterTableOperation::AddConstraint { .. }
        | AlterTableOperation::DropConstraint { .. }
        | AlterTableOperation::EnableTrigger { .. }
        | AlterTableOperation::DisableTrigger { .. }
        | AlterTableOperation::OwnerTo { .. } => true,
        other => alter_table(&table, other).is_some(),
    };
    match alter.operations.iter().all(followed) {
        true => Unfollowed::Nothing,
        false => Unfollowed::Table(table),
    }
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
            table: qualified(&create.name),
            fields: Vec::new(),
            options: ModelOptions::default(),
            columns: table_columns(create),
        }],
        ast::Statement::Drop {
            object_type: ast::ObjectType::Table,
            names,
            ..
        } => names
            .iter()
            .map(|object| OpKind::DropTable {
                table: qualified(object),
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
            table: Some(qualified(&index.table_name)),
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
            let table = qualified(&alter.name);
            alter
                .operations
                .iter()
                .filter_map(|operation| alter_table(&table, operation))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The columns a `CREATE TABLE` declares; those its `PRIMARY KEY (...)` names are NOT
/// NULL.
fn table_columns(create: &ast::CreateTable) -> Vec<ColumnSpec> {
    let keyed: Vec<String> = create
        .constraints
        .iter()
        .filter_map(|constraint| match constraint {
            TableConstraint::PrimaryKey(key) => Some(&key.columns),
            _ => None,
        })
        .flatten()
        .map(|column| column.to_string().trim_matches('"').to_lowercase())
        .collect();
    create
        .columns
        .iter()
        .map(|column| declared(column, keyed.contains(&column.name.value.to_lowercase())))
        .collect()
}

/// A column definition as the schema replay keeps it.
fn declared(column: &ast::ColumnDef, primary_key: bool) -> ColumnSpec {
    let not_null = primary_key
        || column.options.iter().any(|option| {
            matches!(
                option.option,
                ColumnOption::NotNull | ColumnOption::PrimaryKey(_)
            )
        });
    ColumnSpec {
        name: column.name.value.clone(),
        type_text: Some(column.data_type.to_string()),
        nullable: Some(!not_null),
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
                // A default, or a value the database computes for every row: a sequence
                // (`SERIAL`, `GENERATED ... AS IDENTITY`, `AUTO_INCREMENT`) or an expression.
                db_default: has(|o| match o {
                    ColumnOption::Default(_)
                    | ColumnOption::Materialized(_)
                    | ColumnOption::Generated { .. }
                    | ColumnOption::Identity(_) => true,
                    ColumnOption::DialectSpecific(tokens) => tokens.iter().any(|token| {
                        let token = token.to_string();
                        token.eq_ignore_ascii_case("AUTO_INCREMENT")
                            || token.eq_ignore_ascii_case("AUTOINCREMENT")
                    }),
                    _ => false,
                }) || matches!(
                    column_def
                        .data_type
                        .to_string()
                        .to_ascii_lowercase()
                        .as_str(),
                    "serial" | "serial2" | "serial4" | "serial8" | "smallserial" | "bigserial"
                ),
                app_default: false,
                field: None,
                declared: Some(Box::new(declared(column_def, false))),
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
                    builds_index: FieldIndex::None,
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
                    builds_index: FieldIndex::None,
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
                TableConstraint::PrimaryKey(key) => (ConstraintKind::PrimaryKey, key.name.as_ref()),
                // `UNIQUE USING INDEX i`: the index becomes the constraint, named after it
                // unless the constraint has a name of its own. It builds nothing.
                TableConstraint::UniqueUsingIndex(made)
                | TableConstraint::PrimaryKeyUsingIndex(made) => (
                    ConstraintKind::Other,
                    Some(made.name.as_ref().unwrap_or(&made.index_name)),
                ),
                _ => (ConstraintKind::Other, None),
            };
            OpKind::AddConstraint {
                table,
                name: constraint_name.map(|ident| ident.value.clone()),
                kind,
                validated: !not_valid,
            }
        }
        AlterTableOperation::DropConstraint { name, .. } => OpKind::DropConstraint {
            table,
            name: name.value.clone(),
        },
        AlterTableOperation::EnableTrigger { name }
        | AlterTableOperation::DisableTrigger { name } => OpKind::Trigger {
            table,
            name: name.value.clone(),
            enabled: matches!(operation, AlterTableOperation::EnableTrigger { .. }),
        },
        _ => return None,
    })
}

/// A statement's tokens (no whitespace), read word by word.
struct Words<'a>(&'a [&'a Token]);

/// Statements that change nothing a downgrade would undo, by their first word.
const SESSION: &[&str] = &[
    "SET",
    "RESET",
    "PRAGMA",
    "SHOW",
    "ANALYZE",
    "ANALYSE",
    "VACUUM",
    "LOCK",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "DISCARD",
    "CHECKPOINT",
];

/// The kinds of object that end a statement's leading keywords: `CREATE TRIGGER`, not
/// `CREATE TRIGGER user` (a keyword used as a name).
const OBJECTS: &[&str] = &[
    "TABLE",
    "INDEX",
    "TRIGGER",
    "FUNCTION",
    "PROCEDURE",
    "EXTENSION",
    "TYPE",
    "VIEW",
    "SEQUENCE",
    "SCHEMA",
    "DOMAIN",
    "POLICY",
    "RULE",
    "ON",
];

impl Words<'_> {
    /// The unquoted word at `i`, in capitals; empty for anything else.
    fn word(&self, i: usize) -> String {
        match self.0.get(i) {
            Some(Token::Word(word)) if word.quote_style.is_none() => {
                word.value.to_ascii_uppercase()
            }
            _ => String::new(),
        }
    }

    /// Past the words of `words` from `i` on.
    fn skip(&self, mut i: usize, words: &[&str]) -> usize {
        while words.contains(&self.word(i).as_str()) {
            i += 1;
        }
        i
    }

    /// A possibly qualified name starting at `i`, with its schema (`shop.orders`), and the
    /// index after it.
    fn object(&self, mut i: usize) -> Option<(String, usize)> {
        let mut parts: Vec<&str> = Vec::new();
        loop {
            match self.0.get(i) {
                Some(Token::Word(word)) => parts.push(&word.value),
                _ => return (!parts.is_empty()).then(|| (parts.join("."), i)),
            }
            i += 1;
            if self.0.get(i) != Some(&&Token::Period) {
                return Some((parts.join("."), i));
            }
            i += 1;
        }
    }

    /// The leading keywords, to name the statement: `ALTER TABLE`, `CREATE OR REPLACE
    /// FUNCTION`, `DO`.
    fn command(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        for (i, token) in self.0.iter().enumerate().take(5) {
            match token {
                Token::Word(word)
                    if word.quote_style.is_none() && word.keyword != Keyword::NoKeyword =>
                {
                    words.push(self.word(i));
                }
                _ => break,
            }
            if OBJECTS.contains(&self.word(i).as_str()) {
                break;
            }
        }
        words.join(" ")
    }

    /// What a statement is from its first words, when they tell without parsing: session
    /// statements, temporary tables and the additive DDL a downgrade cannot take back.
    fn statement(&self) -> Option<SqlStatement> {
        let first = self.word(0);
        // `BEGIN` alone; a PL/pgSQL body's `BEGIN UPDATE ...` is read by the scan.
        let alone = self.0.len() <= 2;
        let session = SESSION.contains(&first.as_str())
            || (matches!(first.as_str(), "BEGIN" | "END") && alone)
            || (first == "START" && self.word(1) == "TRANSACTION");
        let at = |words: &[&str]| words.iter().enumerate().all(|(i, w)| self.word(i) == *w);
        let if_not_exists = |i: usize| {
            self.word(i) == "IF" && self.word(i + 1) == "NOT" && self.word(i + 2) == "EXISTS"
        };
        let (verb, tables, operations) = if session {
            (SqlVerb::Session, Vec::new(), Vec::new())
        } else if first == "CREATE"
            && matches!(
                self.word(self.skip(1, &["GLOBAL", "LOCAL"])).as_str(),
                "TEMP" | "TEMPORARY"
            )
        {
            let at = self.skip(1, &["GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED"]);
            if self.word(at) != "TABLE" {
                return None;
            }
            let (table, _) = self.object(self.skip(at + 1, &["IF", "NOT", "EXISTS"]))?;
            let operation = OpKind::CreateTable {
                table: table.clone(),
                fields: Vec::new(),
                options: ModelOptions::default(),
                columns: Vec::new(),
            };
            (
                SqlVerb::CreateTemporaryTable,
                vec![unqualified(table)],
                vec![operation],
            )
        } else if (at(&["CREATE", "EXTENSION"]) && if_not_exists(2))
            || (at(&["ALTER", "TYPE"])
                && self.object(2).is_some_and(|(_, next)| {
                    self.word(next) == "ADD"
                        && self.word(next + 1) == "VALUE"
                        && if_not_exists(next + 2)
                }))
        {
            (SqlVerb::AddIfNotExists, Vec::new(), Vec::new())
        } else {
            return None;
        };
        Some(SqlStatement {
            verb,
            tables,
            parsed: false,
            operations,
            unfollowed: Unfollowed::Nothing,
            command: String::new(),
            span: None,
            limited_to: Vec::new(),
        })
    }
}

/// The verb and target tables of a statement from its tokens.
fn scan(words: &Words, parsed: bool) -> SqlStatement {
    let tokens = words.0;
    // The verb starts the statement, or follows a PL/pgSQL block word (`BEGIN DELETE ...`,
    // `IF ... THEN UPDATE ...`) or an opening parenthesis (`WITH x AS (DELETE ...)`); not
    // `FOR UPDATE` nor `ON DELETE`.
    let starts_statement = |i: usize| {
        i == 0
            || tokens[i - 1] == &Token::LParen
            || matches!(
                words.word(i - 1).as_str(),
                "BEGIN" | "THEN" | "ELSE" | "LOOP" | "DO" | "EXECUTE"
            )
    };
    let found = (0..tokens.len())
        .filter(|&i| starts_statement(i))
        .find_map(|i| {
            Some(match words.word(i).as_str() {
                "INSERT" => (SqlVerb::Insert, words.skip(i + 1, &["INTO", "IGNORE"])),
                "UPDATE" => (SqlVerb::Update, words.skip(i + 1, &["ONLY"])),
                "DELETE" => (SqlVerb::Delete, words.skip(i + 1, &["FROM", "ONLY"])),
                "TRUNCATE" => (SqlVerb::Truncate, words.skip(i + 1, &["TABLE", "ONLY"])),
                "DROP" if words.word(i + 1) == "TABLE" => {
                    (SqlVerb::DropTable, words.skip(i + 2, &["IF", "EXISTS"]))
                }
                _ => return None,
            })
        });
    let Some((verb, start)) = found else {
        // Not read: anything but a few words known to leave tables be may alter them.
        let harmless = matches!(
            words.word(0).as_str(),
            "CREATE" | "DROP" | "GRANT" | "REVOKE" | "COMMENT" | "REINDEX" | "REFRESH" | "CLUSTER"
        ) && !matches!(words.word(1).as_str(), "TABLE")
            || words.word(0) == "DROP" && words.word(1) == "TABLE";
        return SqlStatement {
            verb: SqlVerb::Other,
            tables: Vec::new(),
            parsed,
            operations: scan_index(words),
            unfollowed: match harmless {
                true => Unfollowed::Nothing,
                false => Unfollowed::Anything,
            },
            command: String::new(),
            span: None,
            limited_to: Vec::new(),
        };
    };
    let mut tables = Vec::new();
    let mut i = start;
    while let Some((table, next)) = words.object(i) {
        tables.push(table);
        // TRUNCATE and DROP TABLE take lists.
        if matches!(verb, SqlVerb::Truncate | SqlVerb::DropTable)
            && tokens.get(next) == Some(&&Token::Comma)
        {
            i = words.skip(next + 1, &["ONLY"]);
        } else {
            break;
        }
    }
    let bounded = (start..tokens.len()).any(|i| words.word(i) == "WHERE");
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
        tables: tables.into_iter().map(unqualified).collect(),
        parsed,
        operations,
        unfollowed: Unfollowed::Nothing,
        command: String::new(),
        span: None,
        limited_to: Vec::new(),
    }
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] ...` and `DROP INDEX [CONCURRENTLY] ...`, which
/// sqlparser does not take in every form.
fn scan_index(words: &Words) -> Vec<OpKind> {
    match (words.word(0).as_str(), words.word(1).as_str()) {
        ("CREATE", "INDEX" | "UNIQUE") => {
            let at = words.skip(1, &["UNIQUE", "INDEX"]);
            let concurrently = words.word(at) == "CONCURRENTLY";
            let at = words.skip(at, &["CONCURRENTLY", "IF", "NOT", "EXISTS"]);
            let (name, at) = match words.word(at).as_str() {
                "ON" => (None, at),
                _ => match words.object(at) {
                    Some((name, next)) => (Some(unqualified(name)), next),
                    None => (None, at),
                },
            };
            let table = (words.word(at) == "ON")
                .then(|| {
                    words
                        .object(words.skip(at + 1, &["ONLY"]))
                        .map(|(table, _)| table)
                })
                .flatten();
            vec![OpKind::CreateIndex {
                table,
                name,
                columns: Vec::new(),
                concurrently,
            }]
        }
        ("DROP", "INDEX") => {
            let concurrently = words.word(2) == "CONCURRENTLY";
            let at = words.skip(2, &["CONCURRENTLY", "IF", "EXISTS"]);
            vec![OpKind::DropIndex {
                name: words.object(at).map(|(name, _)| unqualified(name)),
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
            .map(|(_, s)| (s.verb, s.tables, s.parsed))
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

    fn verbs(sql: &str, dialect: Dialect) -> Vec<SqlVerb> {
        statements(sql, dialect)
            .into_iter()
            .map(|(_, s)| s.verb)
            .collect()
    }

    #[test]
    fn session_statements_are_told_apart() {
        let sql = "SET statement_timeout = 60000; RESET lock_timeout; SHOW search_path; \
                   ANALYZE orders; VACUUM; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE; \
                   BEGIN; COMMIT; START TRANSACTION; ROLLBACK";
        assert!(
            verbs(sql, Dialect::Postgresql)
                .iter()
                .all(|verb| *verb == SqlVerb::Session)
        );
        assert_eq!(
            verbs("PRAGMA foreign_keys=OFF", Dialect::Postgresql),
            [SqlVerb::Session]
        );
        // A PL/pgSQL body that starts with `BEGIN` is not a transaction statement.
        assert_eq!(
            verbs(
                "BEGIN UPDATE orders SET total = 0; END",
                Dialect::Postgresql
            )[0],
            SqlVerb::Update
        );
    }

    #[test]
    fn temporary_tables_and_idempotent_additions_are_told_apart() {
        let found = statements(
            "CREATE TEMPORARY TABLE id_map AS SELECT id FROM tags; CREATE TEMP TABLE x (id int)",
            Dialect::Postgresql,
        );
        assert!(
            found
                .iter()
                .all(|(_, s)| s.verb == SqlVerb::CreateTemporaryTable)
        );
        assert_eq!(found[0].1.tables, ["id_map"]);
        assert!(
            matches!(&found[0].1.operations[..], [OpKind::CreateTable { table, .. }] if table == "id_map")
        );
        assert_eq!(
            verbs(
                "CREATE EXTENSION IF NOT EXISTS pg_trgm; ALTER TYPE state ADD VALUE IF NOT EXISTS 'PAUSED'",
                Dialect::Postgresql
            ),
            [SqlVerb::AddIfNotExists, SqlVerb::AddIfNotExists]
        );
        // Without `IF NOT EXISTS` they fail when run again.
        assert_eq!(
            verbs(
                "CREATE EXTENSION pg_trgm; ALTER TYPE state ADD VALUE 'PAUSED'",
                Dialect::Postgresql
            ),
            [SqlVerb::Other, SqlVerb::Other]
        );
    }

    #[test]
    fn statements_are_named_by_their_leading_keywords() {
        let commands: Vec<String> = statements(
            "ALTER TABLE user DISABLE TRIGGER x; CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql; DO $$ BEGIN NULL; END $$",
            Dialect::Postgresql,
        )
        .into_iter()
        .map(|(_, s)| s.command)
        .collect();
        assert_eq!(
            commands[..3],
            ["ALTER TABLE", "CREATE OR REPLACE FUNCTION", "SELECT"]
        );
        assert!(commands.contains(&"DO".to_string()));
    }

    #[test]
    fn statements_know_where_they_are() {
        let sql = "\n  SET lock_timeout = 1;\n  DROP TABLE é_old;\n";
        let ranges: Vec<&str> = statements(sql, Dialect::Postgresql)
            .iter()
            .map(|(range, _)| &sql[range.clone()])
            .collect();
        assert_eq!(ranges, ["SET lock_timeout = 1", "DROP TABLE é_old"]);
    }

    #[test]
    fn triggers_constraints_and_schemas() {
        let operations: Vec<OpKind> = statements(
            "ALTER TABLE events.breaks DISABLE TRIGGER check_times; ALTER TABLE posts DROP CONSTRAINT posts_tag_fkey",
            Dialect::Postgresql,
        )
        .into_iter()
        .flat_map(|(_, s)| s.operations)
        .collect();
        assert!(matches!(
            &operations[..],
            [
                OpKind::Trigger { table, name, enabled: false },
                OpKind::DropConstraint { table: posts, name: constraint },
            ] if table == "events.breaks" && name == "check_times" && posts == "posts" && constraint == "posts_tag_fkey"
        ));
        // The tables a statement writes are named without their schema, as Alembic's and
        // Django's bookkeeping tables are looked for.
        assert_eq!(
            summary("UPDATE events.sessions SET x = 1 WHERE id = 2")[0].1,
            ["sessions"]
        );
    }

    /// A template's blanks are computed names where they stand for names; where one may be
    /// more (a clause, a keyword), the statement does nothing the rules can rely on.
    #[test]
    fn templates_are_read_with_their_blanks_as_computed_names() {
        let read = |sql: &str, blanks: &[&str]| {
            let blanks: Vec<String> = blanks.iter().map(|b| b.to_string()).collect();
            let sql =
                (0..blanks.len()).fold(sql.to_string(), |sql, i| sql.replacen("{}", &blank(i), 1));
            template_statements(&sql, &blanks, Dialect::Postgresql)
                .into_iter()
                .map(|(_, statement)| (statement.tables, statement.operations))
                .collect::<Vec<_>>()
        };
        let [(tables, operations)] = &read("DELETE FROM {}", &["table"])[..] else {
            panic!("one statement");
        };
        assert_eq!(tables, &["{table}"]);
        assert!(matches!(&operations[..],
            [OpKind::DataChange { table, bounded: false, .. }] if table == "{table}"));
        let renamed = read(
            "ALTER TABLE {}.orders RENAME TO old_{}",
            &["schema", "name"],
        );
        assert!(matches!(&renamed[0].1[..],
            [OpKind::RenameTable { table, new_name }]
                if table == "{{schema}.orders}" && new_name == "{old_{name}}"));
        // A blank where a clause may go, or two side by side: nothing is known.
        for (sql, blanks) in [
            ("DELETE FROM orders {}", &["condition"][..]),
            ("DELETE FROM {} {}", &["table", "condition"][..]),
            ("UPDATE orders SET total = 0, {}", &["more"][..]),
            ("CREATE INDEX {} ix ON orders (total)", &["how"][..]),
            ("{}", &["statement"][..]),
        ] {
            let found = read(sql, blanks);
            assert!(
                found.iter().all(|(_, ops)| ops.is_empty()),
                "{sql}: {found:?}"
            );
        }
        // `AS` written out is an alias the SQL means.
        assert!(
            !read("DELETE FROM orders AS {} WHERE id = 1", &["o"])[0]
                .1
                .is_empty()
        );
    }
}
