//! Alembic revisions: module-level `revision` / `down_revision` / `branch_labels` / `depends_on`,
//! and the `op.*` calls of `upgrade()` and `downgrade()`, into the model.

use std::sync::Arc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprCall, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::dialect_tests::DialectTests;
use crate::extract::python::{
    Constants, Imports, SqlIndex, argument, assignment, blocks, dotted, elements, embedded_sql,
    is_empty_body, last_segment, string,
};
use crate::model::{
    AlembicRevision, Backward, Body, ColumnSpec, ConstraintKind, Dependency, Dialect, FieldIndex,
    Framework, Migration, ModelOptions, OpKind, Operation, Origin, SqlText, Target, TypeChange,
    computed_name,
};
use crate::source::{SourceFile, Span};

/// The revision a module defines, or `None` when it is not an Alembic revision (it needs
/// module-level `revision` and `down_revision` and a `def upgrade`).
pub fn extract(
    path: &str,
    location: &str,
    module: &[Stmt],
    source: &Arc<SourceFile>,
    dialect: Dialect,
) -> Option<Migration> {
    let mut revision = None;
    let mut down_revision = None;
    let mut branch_labels = Vec::new();
    let mut depends_on = Vec::new();
    let mut upgrade = None;
    let mut downgrade = None;
    let mut downgrade_bound = false;
    for stmt in module {
        if let Stmt::FunctionDef(function) = stmt {
            match function.name.as_str() {
                "upgrade" => upgrade = Some(function),
                "downgrade" => downgrade = Some(function),
                _ => {}
            }
            continue;
        }
        downgrade_bound |= binds(stmt, "downgrade");
        match assignment(stmt) {
            Some(("revision", value)) => revision = Some((stmt, string(value))),
            Some(("down_revision", value)) => down_revision = Some(value),
            Some(("branch_labels", value)) => branch_labels = labels(value, source),
            Some(("depends_on", value)) => depends_on = strings(value),
            _ => {}
        }
    }
    let (revision_stmt, revision) = revision?;
    let down_revision = down_revision?;
    let upgrade = upgrade?;

    let imports = Imports::of_module(module);
    let sql = embedded_sql(module, source, dialect);
    let (mut upgrade_body, upgrade_unread) = body(upgrade, module, &imports, source, dialect, &sql);
    let downgrade_body =
        downgrade.map(|function| body(function, module, &imports, source, dialect, &sql).0);
    if let Some(downgrade) = &downgrade_body {
        before_from(&mut upgrade_body.operations, &downgrade.operations);
    }
    let parents = strings(down_revision)
        .into_iter()
        .map(|revision| Dependency {
            target: Target::Revision(revision),
            span: source.span(down_revision.range()),
        })
        .collect();
    let framework = Framework::Alembic(AlembicRevision {
        location: location.to_string(),
        revision,
        branch_labels,
        depends_on,
        upgrade: upgrade_body.span,
        upgrade_is_empty: upgrade_body.is_empty,
        dialect_words: crate::extract::dialect_words(source.text()),
        upgrade_opaque: upgrade_body.opaque || upgrade_unread,
    });
    let anchor = source.span(revision_stmt.range());
    Some(Migration {
        parents,
        forward: upgrade_body.operations,
        backward: match downgrade_body {
            Some(body) => Backward::Function(body),
            // Imported, assigned or defined under an `if`: there, but not readable here.
            None if downgrade_bound => Backward::Function(Body {
                span: source.span(revision_stmt.range()),
                operations: Vec::new(),
                is_empty: false,
                opaque: true,
            }),
            None => Backward::Missing,
        },
        sql: sql.all(),
        ..Migration::new(path, framework, anchor, Arc::clone(source))
    })
}

/// Whether a module-level statement binds `name` other than by a plain `def`: an import, an
/// assignment, or a definition inside `if` / `try`.
fn binds(stmt: &Stmt, name: &str) -> bool {
    let nested = |body: &[Stmt]| {
        body.iter().any(|inner| match inner {
            Stmt::FunctionDef(function) => function.name.as_str() == name,
            _ => binds(inner, name),
        })
    };
    match stmt {
        Stmt::Import(import) => import.names.iter().any(|alias| {
            alias
                .asname
                .as_ref()
                .map_or(alias.name.as_str(), |asname| asname.as_str())
                == name
        }),
        Stmt::ImportFrom(import) => import.names.iter().any(|alias| {
            alias.asname.as_ref().unwrap_or(&alias.name).as_str() == name
                || alias.name.as_str() == "*"
        }),
        Stmt::Assign(assign) => assign
            .targets
            .iter()
            .any(|target| matches!(target, Expr::Name(n) if n.id.as_str() == name)),
        _ => blocks(stmt).any(nested),
    }
}

/// Fills in what a column `upgrade()` alters was like before, where the call does not say
/// (`existing_type=`, `existing_nullable=`), from what `downgrade()` alters it back to.
fn before_from(upgrade: &mut [Operation], downgrade: &[Operation]) {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    for operation in upgrade {
        let OpKind::AlterColumn {
            table,
            column,
            type_change,
            was_nullable,
            ..
        } = &mut operation.kind
        else {
            continue;
        };
        let undone = || {
            downgrade.iter().filter_map(|undo| match &undo.kind {
                OpKind::AlterColumn {
                    table: undo_table,
                    column: undo_column,
                    nullable,
                    type_change,
                    ..
                } if same(table, undo_table) && same(column, undo_column) => {
                    Some((nullable, type_change))
                }
                _ => None,
            })
        };
        if let Some(change @ TypeChange { from: None, .. }) = type_change {
            change.from = undone().find_map(|(_, undo)| Some(undo.as_ref()?.to.clone()));
        }
        if was_nullable.is_none() {
            *was_nullable = undone().find_map(|(nullable, _)| *nullable);
        }
    }
}

/// A string, or the strings of a tuple or list; nothing for `None` or anything else.
fn strings(value: &Expr) -> Vec<String> {
    match elements(value) {
        Some(items) => items.iter().filter_map(string).collect(),
        None => string(value).into_iter().collect(),
    }
}

/// `branch_labels`: strings, and any other expression by its source text
/// (`(cli.EXPAND_BRANCH,)`), so that branches named by constants stay told apart.
fn labels(value: &Expr, source: &SourceFile) -> Vec<String> {
    let label =
        |item: &Expr| string(item).unwrap_or_else(|| source.slice(item.range()).to_string());
    match elements(value) {
        Some(items) => items.iter().map(label).collect(),
        None if value.is_none_literal_expr() => Vec::new(),
        None => vec![label(value)],
    }
}

/// A function's body, and whether it may change columns in a way its operations do not say
/// (`op.alter_column(..., nullable=flag)`, `helper(op)`).
fn body(
    function: &StmtFunctionDef,
    module: &[Stmt],
    imports: &Imports,
    source: &SourceFile,
    dialect: Dialect,
    sql: &SqlIndex,
) -> (Body, bool) {
    let imports = imports.with_body(&function.body);
    let constants = Constants::of(module, function);
    let mut collector = OpCollector {
        connections: {
            let mut names = Vec::new();
            connections(&function.body, &imports, &mut names);
            names
        },
        imports: &imports,
        constants: &constants,
        source,
        dialect,
        sql,
        batches: Vec::new(),
        autocommit: 0,
        dialect_tests: DialectTests::new(dialect, module),
        other_dialect: 0,
        dialect_ifs: 0,
        dialect_branch: Vec::new(),
        operations: Vec::new(),
        opaque: false,
        unread: false,
        body: &function.body,
    };
    for stmt in &function.body {
        let ifs = collector.dialect_ifs;
        collector.visit_stmt(stmt);
        // `if bind.engine.name != "mysql": return`: the rest is for another database.
        if collector.dialect_tests.returns_here(stmt) {
            collector.other_dialect += 1;
        }
        // `if dialect == "sqlite": ...; return`: what follows is the other branch.
        if returns_alone(stmt, &collector.dialect_tests) {
            collector.dialect_branch.push((ifs, 1));
        }
    }
    let body = Body {
        span: source.span(function.name.range()),
        operations: collector.operations,
        is_empty: is_empty_body(&function.body),
        opaque: collector.opaque,
    };
    (body, collector.unread)
}

/// Whether a statement is an `if` on the dialect without `elif` or `else` whose branch ends
/// in a `return`.
fn returns_alone(stmt: &Stmt, tests: &DialectTests) -> bool {
    matches!(stmt, Stmt::If(guard)
        if guard.elif_else_clauses.is_empty()
            && matches!(guard.body.last(), Some(Stmt::Return(_)))
            && tests.holds(&guard.test).is_some())
}

/// The names a function binds to the revision's database connection
/// (`conn = op.get_bind()`), whose `execute` runs SQL as `op.execute` does.
fn connections(body: &[Stmt], imports: &Imports, names: &mut Vec<String>) {
    for stmt in body {
        if let Some((name, value)) = assignment(stmt)
            && is_connection(value, imports, names)
        {
            names.push(name.to_string());
        }
        for block in blocks(stmt) {
            connections(block, imports, names);
        }
    }
}

/// Whether an expression is Alembic's `op` (imported, or used without an import we can see,
/// as in many hand-written revisions).
fn is_op(expr: &Expr, imports: &Imports) -> bool {
    match imports.qualify(expr).as_deref() {
        Some("alembic.op") => true,
        Some("op") => !imports.binds("op"),
        _ => false,
    }
}

/// Whether an expression is the revision's connection: `op.get_bind()`,
/// `op.get_context().bind` / `.connection`, or a name bound to one of them.
fn is_connection(expr: &Expr, imports: &Imports, names: &[String]) -> bool {
    let op_call = |expr: &Expr, method: &str| {
        matches!(expr, Expr::Call(call) if matches!(&*call.func,
            Expr::Attribute(get) if get.attr.as_str() == method && is_op(&get.value, imports)))
    };
    match expr {
        Expr::Name(name) => names.iter().any(|bound| bound == name.id.as_str()),
        Expr::Attribute(attribute) => {
            matches!(attribute.attr.as_str(), "bind" | "connection")
                && op_call(&attribute.value, "get_context")
        }
        _ => op_call(expr, "get_bind"),
    }
}

/// Collects `op.<name>(...)` calls, calls on a `with op.batch_alter_table(...) as batch_op:`,
/// SQL run on the revision's connection, and whether they run inside
/// `with op.get_context().autocommit_block():`.
struct OpCollector<'a> {
    /// Names bound to the revision's connection (`conn = op.get_bind()`).
    connections: Vec<String>,
    imports: &'a Imports,
    /// Names bound to strings (`TABLE = "orders"`), to name tables and columns by.
    constants: &'a Constants<'a>,
    source: &'a SourceFile,
    dialect: Dialect,
    sql: &'a SqlIndex,
    /// `batch_op` names and the table each alters.
    batches: Vec<(String, String)>,
    autocommit: usize,
    /// Which `if` branches run on the configured database.
    dialect_tests: DialectTests<'a>,
    /// How deep inside `if` branches that run only on another database dialect.
    other_dialect: usize,
    /// The dialect `if`s seen so far.
    dialect_ifs: u32,
    /// The dialect `if`s the visit is inside, with the branch of each.
    dialect_branch: Vec<(u32, u32)>,
    operations: Vec<Operation>,
    /// Calls something that may change the database but is not an `op` call (a helper).
    opaque: bool,
    /// Alters a column's nullability by an expression (`nullable=flag`), or hands `op` or the
    /// connection to a function (an imported helper): changes no operation says.
    unread: bool,
    /// The function's statements.
    body: &'a [Stmt],
}

/// What an `op.*` call is called on: `op` itself, or a batch context with its table; or
/// the revision's connection.
enum Receiver {
    Op,
    Batch(String),
    Connection,
}

impl OpCollector<'_> {
    fn receiver(&self, func: &Expr) -> Option<(Receiver, String)> {
        let Expr::Attribute(attribute) = func else {
            return None;
        };
        let method = attribute.attr.to_string();
        if is_op(&attribute.value, self.imports) {
            return Some((Receiver::Op, method));
        }
        if is_connection(&attribute.value, self.imports, &self.connections) {
            return Some((Receiver::Connection, method));
        }
        let Expr::Name(base) = &*attribute.value else {
            return None;
        };
        self.batches
            .iter()
            .rev()
            .find(|(name, _)| name == base.id.as_str())
            .map(|(_, table)| (Receiver::Batch(table.clone()), method))
    }

    /// A string argument's value (also inside `op.f("...")`, also through a name bound to
    /// a string), or else its source text marked as computed; `None` for `None`.
    fn name(&self, expr: &Expr) -> Option<String> {
        if expr.is_none_literal_expr() {
            return None;
        }
        if let Expr::Call(call) = expr
            && let Some(inner) = call
                .arguments
                .args
                .first()
                .and_then(|inner| self.constants.string(inner))
        {
            return Some(inner);
        }
        Some(
            self.constants
                .string(expr)
                .unwrap_or_else(|| computed_name(self.source.slice(expr.range()))),
        )
    }

    /// A table argument with the schema a call names (`schema="events"`):
    /// `events.settings`.
    fn table(&self, expr: &Expr, call: &ExprCall) -> Option<String> {
        let table = self.name(expr)?;
        let schema = ["schema", "source_schema"]
            .iter()
            .find_map(|keyword| call.arguments.find_keyword(keyword))
            .and_then(|keyword| self.constants.string(&keyword.value));
        Some(match schema {
            Some(schema) => format!("{schema}.{table}"),
            None => table,
        })
    }

    fn text(&self, expr: &Expr) -> String {
        self.name(expr).unwrap_or_default()
    }

    fn push(&mut self, kind: OpKind, origin: Origin, span: Span) {
        self.operations.push(Operation {
            kind,
            span,
            origin,
            in_transaction: self.autocommit == 0,
            other_dialect: self.other_dialect > 0,
            dialect_branch: self.dialect_branch.clone(),
        });
    }

    fn operation(&mut self, receiver: Receiver, method: &str, call: &ExprCall) -> Option<OpKind> {
        // On a batch context the table argument is implied: arguments after it move up one.
        let table_position = match method {
            "create_index"
            | "drop_index"
            | "create_foreign_key"
            | "create_unique_constraint"
            | "create_check_constraint"
            | "create_primary_key"
            | "drop_constraint" => 1,
            _ => 0,
        };
        let table = match &receiver {
            Receiver::Op => None,
            Receiver::Batch(table) => Some(table.clone()),
            // A connection's only operation is SQL.
            Receiver::Connection => return None,
        };
        let arg = |keyword: &str, position: usize| argument(call, keyword, position);
        let positional = |position: usize| match table {
            None => Some(position),
            Some(_) if position < table_position => Some(position),
            Some(_) => position
                .checked_sub(1)
                .filter(|_| position > table_position),
        };
        let table_at = |keyword: &str, position: usize| -> Option<String> {
            match &table {
                Some(table) => Some(table.clone()),
                None => arg(keyword, position).and_then(|expr| self.table(expr, call)),
            }
        };
        let text_at = |keyword: &str, position: usize| -> Option<String> {
            match positional(position) {
                Some(position) => arg(keyword, position).and_then(|expr| self.name(expr)),
                None => None,
            }
        };
        let flag = |keyword: &str| keyword_true(call, keyword);
        Some(match method {
            "create_table" => OpKind::CreateTable {
                table: table_at("table_name", 0)?,
                fields: Vec::new(),
                options: ModelOptions::default(),
                columns: self.table_columns(call),
            },
            "drop_table" => OpKind::DropTable {
                table: table_at("table_name", 0)?,
            },
            "rename_table" => OpKind::RenameTable {
                table: table_at("old_table_name", 0)?,
                new_name: text_at("new_table_name", 1)?,
            },
            "add_column" => {
                let Expr::Call(column) = arg("column", positional(1)?)? else {
                    return None;
                };
                let keyword = |name: &str| column.arguments.find_keyword(name).map(|k| &k.value);
                // `sa.Computed(...)` / `sa.Identity()`: the database fills the column.
                let generated = column.arguments.args.iter().any(|arg| match arg {
                    Expr::Call(inner) => dotted(&inner.func).is_some_and(|name| {
                        matches!(name.rsplit('.').next(), Some("Computed" | "Identity"))
                    }),
                    _ => false,
                });
                let present = |name: &str| keyword(name).is_some_and(|v| !v.is_none_literal_expr());
                let primary_key = keyword_true(column, "primary_key");
                let nullable = match keyword("nullable") {
                    Some(Expr::BooleanLiteral(b)) => b.value,
                    // Unknown: not a finding.
                    Some(_) => true,
                    None => !primary_key,
                };
                // An integer primary key autoincrements unless told otherwise: SQLAlchemy
                // makes it `SERIAL` (or the dialect's like), which fills the existing rows.
                let integer = column.arguments.args.iter().skip(1).any(|arg| {
                    let class = match arg {
                        Expr::Call(inner) => dotted(&inner.func),
                        other => dotted(other),
                    };
                    class.is_some_and(|name| {
                        matches!(
                            name.rsplit('.').next(),
                            Some(
                                "Integer"
                                    | "BigInteger"
                                    | "SmallInteger"
                                    | "INTEGER"
                                    | "BIGINT"
                                    | "SMALLINT"
                            )
                        )
                    })
                });
                let autoincrement_off =
                    matches!(keyword("autoincrement"), Some(Expr::BooleanLiteral(b)) if !b.value);
                let serial = primary_key && integer && !autoincrement_off;
                OpKind::AddColumn {
                    table: table_at("table_name", 0)?,
                    column: column.arguments.args.first().map(|name| self.text(name))?,
                    nullable,
                    db_default: present("server_default") || generated || serial,
                    app_default: present("default"),
                    field: None,
                    declared: self.column_spec(column, false).map(Box::new),
                }
            }
            "drop_column" => OpKind::DropColumn {
                table: table_at("table_name", 0)?,
                column: text_at("column_name", 1)?,
            },
            "alter_column" => {
                let column = text_at("column_name", 1)?;
                let table = table_at("table_name", 0)?;
                if let Some(new_name) = call.arguments.find_keyword("new_column_name") {
                    self.push(
                        OpKind::RenameColumn {
                            table: table.clone(),
                            column: column.clone(),
                            new_name: self.text(&new_name.value),
                        },
                        Origin::AlembicOp,
                        self.source.span(call.range()),
                    );
                }
                let nullable = match call.arguments.find_keyword("nullable").map(|k| &k.value) {
                    Some(Expr::BooleanLiteral(b)) => Some(b.value),
                    Some(other) => {
                        self.unread |= !other.is_none_literal_expr();
                        None
                    }
                    None => None,
                };
                let was_nullable = match call
                    .arguments
                    .find_keyword("existing_nullable")
                    .map(|k| &k.value)
                {
                    Some(Expr::BooleanLiteral(b)) => Some(b.value),
                    _ => None,
                };
                let source_of = |keyword: &str| {
                    call.arguments
                        .find_keyword(keyword)
                        .map(|k| self.source.slice(k.value.range()).to_string())
                };
                let type_change = source_of("type_").and_then(|to| {
                    let from = source_of("existing_type");
                    (from.as_deref() != Some(to.as_str())).then_some(TypeChange { from, to })
                });
                if nullable.is_none() && type_change.is_none() {
                    return None;
                }
                OpKind::AlterColumn {
                    table,
                    column,
                    nullable,
                    was_nullable,
                    type_change,
                    field: None,
                    builds_index: FieldIndex::None,
                }
            }
            "create_index" => OpKind::CreateIndex {
                name: text_at("index_name", 0),
                table: table_at("table_name", 1),
                columns: positional(2)
                    .and_then(|position| arg("columns", position))
                    .and_then(elements)
                    .unwrap_or_default()
                    .iter()
                    .chain(
                        ["postgresql_where", "sqlite_where"]
                            .iter()
                            .filter_map(|k| call.arguments.find_keyword(k).map(|k| &k.value)),
                    )
                    .map(|column| self.text(column))
                    .collect(),
                concurrently: flag("postgresql_concurrently"),
            },
            "drop_index" => OpKind::DropIndex {
                name: text_at("index_name", 0),
                table: table_at("table_name", 1),
                concurrently: flag("postgresql_concurrently"),
            },
            "create_foreign_key" => OpKind::AddConstraint {
                name: text_at("constraint_name", 0),
                table: table_at("source_table", 1)?,
                kind: ConstraintKind::ForeignKey,
                validated: !flag("postgresql_not_valid"),
            },
            "create_unique_constraint" => OpKind::AddConstraint {
                name: text_at("constraint_name", 0),
                table: table_at("table_name", 1)?,
                kind: ConstraintKind::Unique,
                validated: true,
            },
            "create_check_constraint" => OpKind::AddConstraint {
                name: text_at("constraint_name", 0),
                table: table_at("table_name", 1)?,
                kind: ConstraintKind::Check,
                validated: !flag("postgresql_not_valid"),
            },
            "create_primary_key" => OpKind::AddConstraint {
                name: text_at("constraint_name", 0),
                table: table_at("table_name", 1)?,
                kind: ConstraintKind::PrimaryKey,
                validated: true,
            },
            "drop_constraint" => OpKind::DropConstraint {
                name: text_at("constraint_name", 0)?,
                table: table_at("table_name", 1)?,
            },
            _ => return None,
        })
    }
}

impl OpCollector<'_> {
    /// Whether an expression is a SQLAlchemy query built in Python (`table.update()
    /// .where(...)`, `sa.select(...)`), or a name the function binds only to one.
    fn is_query(&self, expr: &Expr, depth: usize) -> bool {
        match expr {
            Expr::Call(call) => match &*call.func {
                Expr::Attribute(attribute) => {
                    QUERY_METHODS.contains(&attribute.attr.as_str())
                        || matches!(
                            attribute.attr.as_str(),
                            "select" | "insert" | "update" | "delete"
                        ) && matches!(&*attribute.value, Expr::Name(_))
                }
                Expr::Name(name) => {
                    matches!(name.id.as_str(), "select" | "insert" | "update" | "delete")
                }
                _ => false,
            },
            Expr::Name(name) if depth < 4 => {
                let mut values = Vec::new();
                bound(self.body, name.id.as_str(), &mut values);
                !values.is_empty() && values.iter().all(|value| self.is_query(value, depth + 1))
            }
            _ => false,
        }
    }

    /// The columns `op.create_table(name, sa.Column(...), ...)` declares: those a
    /// `sa.PrimaryKeyConstraint("id")` names are NOT NULL.
    fn table_columns(&self, call: &ExprCall) -> Vec<ColumnSpec> {
        let items = || {
            call.arguments
                .args
                .iter()
                .skip(1)
                .filter_map(|arg| match arg {
                    Expr::Call(item) => Some(item),
                    _ => None,
                })
        };
        let keyed: Vec<String> = items()
            .filter(|item| last_segment(&item.func) == Some("PrimaryKeyConstraint"))
            .flat_map(|item| {
                item.arguments
                    .args
                    .iter()
                    .filter_map(|arg| self.constants.string(arg))
            })
            .map(|name| name.to_lowercase())
            .collect();
        items()
            .filter_map(|item| {
                let name = item
                    .arguments
                    .args
                    .first()
                    .and_then(|n| self.constants.string(n))?;
                let keyed = keyed.contains(&name.to_lowercase());
                self.column_spec(item, keyed)
            })
            .collect()
    }

    /// A `sa.Column(name, type, ...)` call as the schema replay keeps it; `primary_key`: a
    /// constraint of the table makes it the key.
    fn column_spec(&self, column: &ExprCall, primary_key: bool) -> Option<ColumnSpec> {
        if last_segment(&column.func) != Some("Column") {
            return None;
        }
        let name = self.text(column.arguments.args.first()?);
        let keyword = |name: &str| column.arguments.find_keyword(name).map(|k| &k.value);
        let type_expr = keyword("type_").or_else(|| column.arguments.args.get(1));
        let type_text = type_expr
            .filter(|expr| is_type(expr))
            .map(|expr| self.source.slice(expr.range()).to_string());
        let nullable = match (keyword("primary_key"), keyword("nullable")) {
            _ if primary_key => Some(false),
            (Some(Expr::BooleanLiteral(key)), _) if key.value => Some(false),
            (_, Some(Expr::BooleanLiteral(nullable))) => Some(nullable.value),
            (None | Some(Expr::BooleanLiteral(_)), None) => Some(true),
            _ => None,
        };
        Some(ColumnSpec {
            name,
            type_text,
            nullable,
        })
    }

    /// An `if` whose branches may be for other database dialects: operations in a branch
    /// that cannot run on the configured one are marked.
    fn visit_if(&mut self, stmt_if: &ruff_python_ast::StmtIf) {
        let clauses = std::iter::once((Some(&*stmt_if.test), &stmt_if.body)).chain(
            stmt_if
                .elif_else_clauses
                .iter()
                .map(|clause| (clause.test.as_ref(), &clause.body)),
        );
        // One branch of an `if` on the dialect runs, the same one each time (in a loop too):
        // what the others do never runs beside it.
        let on_dialect = clauses
            .clone()
            .any(|(test, _)| test.is_some_and(|test| self.dialect_tests.holds(test).is_some()));
        let id = self.dialect_ifs;
        self.dialect_ifs += u32::from(on_dialect);
        let mut earlier_held = false;
        for (branch, (test, body)) in (0u32..).zip(clauses) {
            let holds = test.and_then(|test| self.dialect_tests.holds(test));
            if let Some(test) = test {
                self.visit_expr(test);
            }
            let elsewhere = earlier_held || holds == Some(false);
            self.other_dialect += usize::from(elsewhere);
            if on_dialect {
                self.dialect_branch.push((id, branch));
            }
            self.visit_body(body);
            if on_dialect {
                self.dialect_branch.pop();
            }
            self.other_dialect -= usize::from(elsewhere);
            earlier_held |= holds == Some(true);
        }
    }
}

impl<'a> Visitor<'a> for OpCollector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.dialect_tests.bind(stmt);
        if let Stmt::If(stmt_if) = stmt {
            self.visit_if(stmt_if);
            return;
        }
        let Stmt::With(with) = stmt else {
            visitor::walk_stmt(self, stmt);
            return;
        };
        let (batches, autocommit) = (self.batches.len(), self.autocommit);
        for item in &with.items {
            let Expr::Call(call) = &item.context_expr else {
                continue;
            };
            if let Some((Receiver::Op, method)) = self.receiver(&call.func)
                && method == "batch_alter_table"
                && let (Some(Expr::Name(alias)), Some(table)) = (
                    item.optional_vars.as_deref(),
                    argument(call, "table_name", 0).and_then(|t| self.table(t, call)),
                )
            {
                self.batches.push((alias.id.to_string(), table));
            }
            if matches!(&*call.func, Expr::Attribute(a) if a.attr.as_str() == "autocommit_block") {
                self.autocommit += 1;
            }
        }
        visitor::walk_stmt(self, stmt);
        self.batches.truncate(batches);
        self.autocommit = autocommit;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let span = self.source.span(call.range());
            match self.receiver(&call.func) {
                Some((receiver, method))
                    if method == "execute"
                        || matches!(receiver, Receiver::Connection)
                            && method == "exec_driver_sql" =>
                {
                    let keyword = match receiver {
                        Receiver::Connection => "statement",
                        _ => "sqltext",
                    };
                    let sql: Vec<SqlText> = argument(call, keyword, 0)
                        .map(|sql| {
                            let mut text = self.sql.sql_text(sql, self.source, self.dialect);
                            text.query = text.statements.is_empty() && self.is_query(sql, 0);
                            vec![text]
                        })
                        .unwrap_or_default();
                    let derived: Vec<(OpKind, Span)> = sql
                        .iter()
                        .flat_map(|text| {
                            text.statements.iter().flat_map(|statement| {
                                let span = statement.span.unwrap_or(text.span);
                                statement
                                    .operations
                                    .iter()
                                    .map(move |op| (op.clone(), span))
                            })
                        })
                        .collect();
                    self.push(
                        OpKind::RunSql { sql, reverse: None },
                        Origin::AlembicOp,
                        span,
                    );
                    for (kind, span) in derived {
                        self.push(kind, Origin::Sql, span);
                    }
                }
                // What else a connection does (`conn.scalar(...)`) reads.
                Some((Receiver::Connection, _)) => {}
                Some((receiver, method)) => {
                    let kind = self
                        .operation(receiver, &method, call)
                        .unwrap_or(OpKind::Other {
                            name: format!("op.{method}"),
                        });
                    let implied = match &kind {
                        OpKind::AddColumn { table, column, .. } => {
                            column_constraints(call, table, column)
                        }
                        _ => Vec::new(),
                    };
                    self.push(kind, Origin::AlembicOp, span);
                    for kind in implied {
                        self.push(kind, Origin::AlembicOp, span);
                    }
                }
                None => {
                    // A module-level helper called from upgrade/downgrade may do anything.
                    if let Expr::Name(name) = &*call.func
                        && !self.imports.binds(name.id.as_str())
                        && !is_builtin(name.id.as_str())
                    {
                        self.opaque = true;
                    }
                    // An imported helper handed `op` or the connection may change the schema;
                    // SQLAlchemy's own functions (reflection: `sa.inspect(bind)`) do not.
                    let handed = |arg: &Expr| {
                        is_op(arg, self.imports)
                            || is_connection(arg, self.imports, &self.connections)
                    };
                    let library = self.imports.qualify(&call.func).is_some_and(|name| {
                        name.split('.')
                            .next()
                            .is_some_and(|root| matches!(root, "sqlalchemy" | "alembic" | "sa"))
                    });
                    if !library
                        && (call.arguments.args.iter().any(handed)
                            || call.arguments.keywords.iter().any(|k| handed(&k.value)))
                    {
                        self.unread = true;
                    }
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// Whether a call passes the keyword argument `name=True`, spelled so.
fn keyword_true(call: &ExprCall, name: &str) -> bool {
    call.arguments
        .find_keyword(name)
        .is_some_and(|k| matches!(&k.value, Expr::BooleanLiteral(b) if b.value))
}

/// What `op.add_column` runs after `ADD COLUMN` for what the `sa.Column` declares: a
/// `CREATE INDEX` for `index=True` (`CREATE UNIQUE INDEX` with `unique=True`), `ADD UNIQUE`
/// for `unique=True` alone, `ADD FOREIGN KEY` for
/// each `sa.ForeignKey(...)` (checked against the rows: Alembic adds it on its own).
fn column_constraints(call: &ExprCall, table: &str, column: &str) -> Vec<OpKind> {
    let Some(Expr::Call(declared)) = call
        .arguments
        .args
        .iter()
        .chain(call.arguments.keywords.iter().map(|k| &k.value))
        .find(|arg| matches!(arg, Expr::Call(c) if last_segment(&c.func) == Some("Column")))
    else {
        return Vec::new();
    };
    let mut implied = Vec::new();
    for key in declared.arguments.args.iter().filter_map(|arg| match arg {
        Expr::Call(key) if last_segment(&key.func) == Some("ForeignKey") => Some(key),
        _ => None,
    }) {
        implied.push(OpKind::AddConstraint {
            table: table.to_string(),
            name: None,
            kind: ConstraintKind::ForeignKey,
            validated: !keyword_true(key, "postgresql_not_valid"),
        });
    }
    // With `index=True` too, a unique index: `CREATE UNIQUE INDEX`.
    if keyword_true(declared, "unique") && !keyword_true(declared, "index") {
        implied.push(OpKind::AddConstraint {
            table: table.to_string(),
            name: None,
            kind: ConstraintKind::Unique,
            validated: true,
        });
    }
    if keyword_true(declared, "index") {
        implied.push(OpKind::CreateIndex {
            table: Some(table.to_string()),
            name: None,
            columns: vec![column.to_string()],
            concurrently: false,
        });
    }
    implied
}

/// Methods of a SQLAlchemy query: a call of one builds a query, which changes no schema.
const QUERY_METHODS: &[&str] = &[
    "update",
    "insert",
    "delete",
    "values",
    "where",
    "filter",
    "filter_by",
    "returning",
    "order_by",
    "group_by",
    "limit",
    "select_from",
    "from_select",
    "execution_options",
    "with_only_columns",
];

/// The values a function's body assigns to `name`, at any depth.
fn bound<'a>(body: &'a [Stmt], name: &str, values: &mut Vec<&'a Expr>) {
    for stmt in body {
        if let Some((target, value)) = assignment(stmt)
            && target == name
        {
            values.push(value);
        }
        let loops: Vec<&[Stmt]> = match stmt {
            Stmt::For(stmt_for) => vec![&stmt_for.body, &stmt_for.orelse],
            Stmt::While(stmt_while) => vec![&stmt_while.body, &stmt_while.orelse],
            Stmt::With(with) => vec![&with.body],
            _ => Vec::new(),
        };
        for block in blocks(stmt).chain(loops) {
            bound(block, name, values);
        }
    }
}

/// Whether a `sa.Column` argument is its type, spelled out: a class or a call of one
/// (`sa.String(20)`, `postgresql.JSONB`), not a key, a sequence or a default, nor a
/// variable.
fn is_type(expr: &Expr) -> bool {
    let class = match expr {
        Expr::Call(call) => last_segment(&call.func),
        other => last_segment(other),
    };
    class.is_some_and(|class| {
        class.starts_with(|c: char| c.is_ascii_uppercase())
            && !matches!(
                class,
                "ForeignKey"
                    | "Sequence"
                    | "Identity"
                    | "Computed"
                    | "CheckConstraint"
                    | "DefaultClause"
                    | "FetchedValue"
                    | "UniqueConstraint"
            )
    })
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "print"
            | "len"
            | "range"
            | "list"
            | "dict"
            | "set"
            | "tuple"
            | "str"
            | "int"
            | "bool"
            | "isinstance"
            | "getattr"
            | "setattr"
            | "hasattr"
            | "enumerate"
            | "zip"
            | "sorted"
            | "min"
            | "max"
            | "any"
            | "all"
            | "format"
            | "repr"
            | "NotImplementedError"
            | "RuntimeError"
            | "ValueError"
            | "Exception"
    )
}
