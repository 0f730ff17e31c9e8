//! The normalized form of a migration module that the history stage compares: two versions
//! with equal normal forms do the same thing to a database.
//!
//! Dropped: locations, comments and formatting (the AST has none), docstrings and other bare
//! strings, `pass` / `...`, string prefixes and quoting (compared by value), type annotations,
//! `__future__` imports, `if TYPE_CHECKING:` blocks, imports whose names nothing uses any more,
//! the grouping and order of imports (compared as a set of bound names), and Migration class
//! attributes the configuration lists.

mod canonical;
mod difference;
mod forward;
pub(super) mod template;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hash, Hasher};

use ruff_python_ast::comparable::{ComparableExpr, ComparableStmt};
use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::python::{assignment, dotted, elements, string};
use crate::source::SourceFile;

/// A module as a sequence of comparable top-level pieces.
#[derive(Debug)]
pub struct Normalized {
    pub items: Vec<Item>,
    /// The text it was made from, to turn offsets into lines.
    source: SourceFile,
}

impl PartialEq for Normalized {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for Normalized {}

/// One top-level piece: an import set, a statement, a function header or body statement, a
/// Migration class attribute, or one operation of `operations`.
#[derive(Debug, Clone)]
pub struct Item {
    /// What the piece is, wherever it sits: lines the two versions up.
    key: String,
    /// What the piece is, in the user's words: "operation 3 (`AddField`)", "`forwards()`".
    pub label: String,
    /// One statement of a larger piece (a function, the module): adding or removing it
    /// changes that piece.
    part: bool,
    pub hash: u64,
    /// First line of the piece in this version.
    pub line: u32,
    /// The piece in normal form, to find the first change inside it.
    node: Node,
}

/// The syntax of a piece.
#[derive(Debug, Clone)]
enum Node {
    Stmt(Stmt),
    Expr(Expr),
    /// The imports, compared as a set.
    Imports,
}

impl PartialEq for Item {
    /// Equal pieces are the same thing with the same content, wherever they are.
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.hash == other.hash
    }
}

impl Eq for Item {}

/// The line of `new` where its tokens first differ from `old`'s, comments and line breaks
/// inside brackets left out: for versions that do not parse, where nothing better is known.
pub fn first_changed_line(old: &str, new: &str) -> u32 {
    use ruff_python_ast::PySourceType;
    use ruff_python_ast::token::TokenKind;
    let tokens = |text: &str| {
        let parsed = ruff_python_parser::parse_unchecked_source(text, PySourceType::Python);
        parsed
            .tokens()
            .iter()
            .filter(|token| {
                !matches!(
                    token.kind(),
                    TokenKind::Comment | TokenKind::NonLogicalNewline
                )
            })
            .map(|token| (token.kind(), token.range()))
            .collect::<Vec<_>>()
    };
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let source = SourceFile::new(new.to_string());
    let first = new_tokens
        .iter()
        .enumerate()
        .find(|(index, (kind, range))| {
            old_tokens.get(*index).is_none_or(|(old_kind, old_range)| {
                old_kind != kind || old[*old_range] != new[*range]
            })
        });
    match first {
        Some((_, (_, range))) => source.location(range.start()).line,
        // Only removed at the end: the last line.
        None => new.lines().count().max(1) as u32,
    }
}

/// The label of the set of module-level imports.
const IMPORTS: &str = "the imports";

/// Django migrations named by `(app label, name)`, each with the squashed migration that
/// replaces it.
pub type Replacements = HashMap<(String, String), (String, String)>;

/// What the normal form depends on besides the text.
#[derive(Debug, Default, Clone, Copy)]
pub struct Context<'a> {
    /// Migration class attributes whose edits do not count.
    pub ignore_attributes: &'a [String],
    /// The base's squashed migrations, by what they replace: a dependency on a replaced
    /// migration and one on its squashed migration are the same edge.
    pub replaced_by: Option<&'a Replacements>,
    /// What of the module is compared.
    pub view: View,
}

/// What of a module [`normalize`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// All of it.
    #[default]
    Whole,
    /// What migrating forward or back can run: functions and constants that neither path
    /// uses (dead code) left out.
    Used,
    /// The forward path alone: the reverse of `RunPython` and `RunSQL`, Alembic's
    /// `downgrade()` and what else the forward path does not use left out.
    Forward,
}

/// The normal form of `text`, or `None` when it does not parse.
pub fn normalize(text: &str, context: &Context) -> Option<Normalized> {
    let source = SourceFile::new(text.to_string());
    let parsed = ruff_python_parser::parse_module(source.text()).ok()?;
    let mut body = parsed.into_syntax().body;
    strip_body(&mut body);
    match context.view {
        View::Whole => {}
        View::Used => forward::strip_unused(&mut body, true),
        View::Forward => forward::strip_unused(&mut body, false),
    }
    canonical::canonicalize(&mut body);
    for stmt in body.iter_mut() {
        SqlStrings.visit_stmt(stmt);
    }

    let mut used = UsedNames::default();
    for stmt in &body {
        used.visit_stmt(stmt);
    }
    body.retain(|stmt| !is_alembic_default(stmt, &used.read));
    let mut imports = BTreeSet::new();
    let mut import_line = None;
    body.retain(|stmt| match stmt {
        Stmt::Import(_) | Stmt::ImportFrom(_) => {
            import_line.get_or_insert(source.location(stmt.start()).line);
            for (local, path) in bindings(stmt) {
                if used.all.contains(&local) {
                    imports.insert(format!("{local}={path}"));
                }
            }
            false
        }
        _ => true,
    });

    let mut items = Vec::new();
    if !imports.is_empty() {
        items.push(Item {
            key: IMPORTS.to_string(),
            label: IMPORTS.to_string(),
            part: false,
            hash: hash(&imports),
            line: import_line.unwrap_or(1),
            node: Node::Imports,
        });
    }
    let mut builder = Builder {
        source: &source,
        items,
        context,
    };
    for stmt in &body {
        builder.module_statement(stmt);
    }
    Some(Normalized {
        items: builder.items,
        source,
    })
}

struct Builder<'a> {
    source: &'a SourceFile,
    items: Vec<Item>,
    context: &'a Context<'a>,
}

impl Builder<'_> {
    /// Adds a piece; its key is its label.
    fn push(&mut self, label: String, hash: u64, node: Node, at: impl Ranged) -> &mut Item {
        self.items.push(Item {
            key: label.clone(),
            label,
            part: false,
            hash,
            line: self.source.location(at.start()).line,
            node,
        });
        self.items.last_mut().expect("pushed")
    }

    /// Adds a statement of a larger piece named `label`.
    fn push_part(&mut self, label: String, stmt: &Stmt) {
        let node = Node::Stmt(stmt.clone());
        self.push(label, hash_stmt(stmt), node, stmt.range()).part = true;
    }

    fn module_statement(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::ClassDef(class) => {
                let name = class.name.as_str();
                let mut header = class.clone();
                header.body.clear();
                let header = Stmt::ClassDef(header);
                self.push(
                    format!("the `class {name}` line"),
                    hash_stmt(&header),
                    Node::Stmt(header),
                    class.name.range(),
                );
                for inner in &class.body {
                    self.class_statement(name, inner);
                }
            }
            Stmt::FunctionDef(function) => {
                let name = function.name.as_str();
                let mut header = function.clone();
                header.body.clear();
                let header = Stmt::FunctionDef(header);
                self.push(
                    format!("`def {name}()`"),
                    hash_stmt(&header),
                    Node::Stmt(header),
                    function.name.range(),
                );
                for inner in &function.body {
                    self.push_part(format!("`{name}()`"), inner);
                }
            }
            _ => match assignment(stmt) {
                Some((name, _)) => {
                    let node = Node::Stmt(stmt.clone());
                    self.push(format!("`{name}`"), hash_stmt(stmt), node, stmt.range());
                }
                None => self.push_part("module-level code".to_string(), stmt),
            },
        }
    }

    fn class_statement(&mut self, class: &str, stmt: &Stmt) {
        let Some((name, value)) = assignment(stmt) else {
            self.push_part(format!("the `{class}` body"), stmt);
            return;
        };
        let is_migration = class == "Migration";
        if is_migration && self.context.ignore_attributes.iter().any(|a| a == name) {
            return;
        }
        let label = format!("`{class}.{name}`");
        match (name, elements(value)) {
            ("operations", Some(operations)) => {
                for (index, operation) in operations.iter().enumerate() {
                    let kind = match operation {
                        Expr::Call(call) => dotted(&call.func)
                            .map(|d| d.rsplit('.').next().unwrap_or_default().to_string()),
                        _ => None,
                    };
                    let (key, label) = match kind {
                        Some(kind) => (
                            format!("operation (`{kind}`)"),
                            format!("operation {} (`{kind}`)", index + 1),
                        ),
                        None => ("operation".to_string(), format!("operation {}", index + 1)),
                    };
                    let node = Node::Expr(operation.clone());
                    self.push(label, hash_expr(operation), node, operation.range())
                        .key = key;
                }
                if operations.is_empty() {
                    let node = Node::Stmt(stmt.clone());
                    self.push("`operations`".to_string(), 0, node, stmt.range());
                }
            }
            // Django reads these as sets of edges: their order does not matter.
            ("dependencies" | "run_before" | "replaces", Some(items)) => {
                let squashed = is_migration && name != "replaces";
                let mut hashes: Vec<u64> = items.iter().map(|i| self.edge(i, squashed)).collect();
                hashes.sort_unstable();
                let node = Node::Stmt(stmt.clone());
                self.push(label, hash(&hashes), node, stmt.range());
            }
            _ => {
                let node = Node::Stmt(stmt.clone());
                self.push(label, hash_stmt(stmt), node, stmt.range());
            }
        }
    }
}

impl Builder<'_> {
    /// One edge of `dependencies`, `run_before` or `replaces`: a migration named by two
    /// strings, in a tuple or a list, and with `squashed` by its squashed migration if a
    /// squashed migration at the base replaces it.
    fn edge(&self, item: &Expr, squashed: bool) -> u64 {
        let pair = match elements(item) {
            Some([app_label, name]) => string(app_label).zip(string(name)),
            _ => None,
        };
        let Some(pair) = pair else {
            return hash_expr(item);
        };
        let replacement = self.context.replaced_by.filter(|_| squashed);
        match replacement.and_then(|replaced_by| replaced_by.get(&pair)) {
            Some(squashed) => hash(squashed),
            None => hash(&pair),
        }
    }
}

/// Feeds the normal form of a piece of source (an operation, a string, a statement) to
/// `state`: layout, comments, quoting and trailing commas do not change it, nor the layout of
/// the SQL given to `RunSQL`, `op.execute` and the like. `false`, with nothing fed, when the
/// piece holds no code that parses on its own.
pub fn hash_fragment(text: &str, state: &mut impl Hasher) -> bool {
    let Ok(parsed) = ruff_python_parser::parse_module(text) else {
        return false;
    };
    let mut body = parsed.into_syntax().body;
    if body.is_empty() {
        return false;
    }
    for stmt in body.iter_mut() {
        SqlStrings.visit_stmt(stmt);
    }
    for stmt in &body {
        ComparableStmt::from(stmt).hash(state);
    }
    true
}

fn hash(value: &impl Hash) -> u64 {
    foldhash::quality::FixedState::default().hash_one(value)
}

fn hash_stmt(stmt: &Stmt) -> u64 {
    hash(&ComparableStmt::from(stmt))
}

fn hash_expr(expr: &Expr) -> u64 {
    hash(&ComparableExpr::from(expr))
}

/// The names an import binds, each with the dotted path it binds it to.
fn bindings(stmt: &Stmt) -> Vec<(String, String)> {
    match stmt {
        Stmt::Import(import) => import
            .names
            .iter()
            .map(|alias| match &alias.asname {
                Some(asname) => (asname.to_string(), alias.name.to_string()),
                // `import a.b` binds `a`, whichever submodule it names.
                None => {
                    let top = alias.name.split('.').next().unwrap_or_default();
                    (top.to_string(), top.to_string())
                }
            })
            .collect(),
        Stmt::ImportFrom(import) => {
            let module = format!(
                "{}{}",
                ".".repeat(import.level as usize),
                import.module.as_ref().map_or("", |m| m.as_str())
            );
            import
                .names
                .iter()
                .map(|alias| {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name);
                    (local.to_string(), format!("{module}:{}", alias.name))
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Removes from a body, recursively, what cannot change what it does.
fn strip_body(body: &mut ast::Suite) {
    body.retain(|stmt| !is_inert(stmt));
    group_imports(body);
    for stmt in body.iter_mut() {
        if let Stmt::AnnAssign(assign) = stmt {
            let value = assign.value.take();
            *stmt = match value {
                Some(value) => Stmt::Assign(ast::StmtAssign {
                    node_index: ast::AtomicNodeIndex::default(),
                    range: assign.range,
                    targets: vec![(*assign.target).clone()],
                    value,
                }),
                None => unreachable!("bare annotations are inert"),
            };
        }
        strip_stmt(stmt);
    }
}

fn strip_stmt(stmt: &mut Stmt) {
    if let Stmt::FunctionDef(function) = stmt {
        function.returns = None;
        let parameters = &mut function.parameters;
        for parameter in parameters
            .posonlyargs
            .iter_mut()
            .chain(parameters.args.iter_mut())
            .chain(parameters.kwonlyargs.iter_mut())
        {
            parameter.parameter.annotation = None;
        }
        for parameter in [&mut parameters.vararg, &mut parameters.kwarg]
            .into_iter()
            .flatten()
        {
            parameter.annotation = None;
        }
    }
    for body in bodies(stmt) {
        strip_body(body);
    }
}

/// The bodies a compound statement holds.
fn bodies(stmt: &mut Stmt) -> Vec<&mut ast::Suite> {
    match stmt {
        Stmt::FunctionDef(function) => vec![&mut function.body],
        Stmt::ClassDef(class) => vec![&mut class.body],
        Stmt::If(stmt_if) => std::iter::once(&mut stmt_if.body)
            .chain(stmt_if.elif_else_clauses.iter_mut().map(|c| &mut c.body))
            .collect(),
        Stmt::For(stmt_for) => vec![&mut stmt_for.body, &mut stmt_for.orelse],
        Stmt::While(stmt_while) => vec![&mut stmt_while.body, &mut stmt_while.orelse],
        Stmt::With(with) => vec![&mut with.body],
        Stmt::Try(stmt_try) => {
            let handlers = stmt_try.handlers.iter_mut().map(|handler| {
                let ast::ExceptHandler::ExceptHandler(handler) = handler;
                &mut handler.body
            });
            std::iter::once(&mut stmt_try.body)
                .chain(handlers)
                .chain([&mut stmt_try.orelse, &mut stmt_try.finalbody])
                .collect()
        }
        Stmt::Match(stmt_match) => stmt_match.cases.iter_mut().map(|c| &mut c.body).collect(),
        _ => Vec::new(),
    }
}

/// Puts each run of consecutive imports in one order, one name per statement, so that an
/// isort run (which sorts and combines them) changes nothing. The module's own imports are
/// compared as a set later; this is for imports inside functions.
fn group_imports(body: &mut ast::Suite) {
    let is_import = |stmt: &Stmt| matches!(stmt, Stmt::Import(_) | Stmt::ImportFrom(_));
    if !body.iter().any(is_import) {
        return;
    }
    let mut grouped = ast::Suite::with_capacity(body.len());
    let mut run: Vec<(String, Stmt)> = Vec::new();
    let flush = |run: &mut Vec<(String, Stmt)>, grouped: &mut ast::Suite| {
        run.sort_by(|a, b| a.0.cmp(&b.0));
        grouped.extend(run.drain(..).map(|(_, stmt)| stmt));
    };
    for stmt in std::mem::take(body) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    let mut one = import.clone();
                    one.names = vec![alias.clone()];
                    run.push((bindings_key(&Stmt::Import(one.clone())), Stmt::Import(one)));
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let mut one = import.clone();
                    one.names = vec![alias.clone()];
                    let key = bindings_key(&Stmt::ImportFrom(one.clone()));
                    run.push((key, Stmt::ImportFrom(one)));
                }
            }
            other => {
                flush(&mut run, &mut grouped);
                grouped.push(other);
            }
        }
    }
    flush(&mut run, &mut grouped);
    *body = grouped;
}

fn bindings_key(stmt: &Stmt) -> String {
    bindings(stmt)
        .into_iter()
        .map(|(local, path)| format!("{local}={path}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// SQL given to `RunSQL`, `op.execute`, `.execute(...)` and `text(...)` is compared by its
/// tokens: SQL comments and layout inside the string do not count.
struct SqlStrings;

impl Transformer for SqlStrings {
    fn visit_expr(&self, expr: &mut Expr) {
        if let Expr::Call(call) = expr {
            let callee = dotted(&call.func).unwrap_or_default();
            let last = callee.rsplit('.').next().unwrap_or_default();
            if matches!(last, "RunSQL" | "execute" | "executemany" | "text") {
                for arg in call.arguments.args.iter_mut() {
                    normalize_sql_literals(arg);
                }
                for keyword in call.arguments.keywords.iter_mut() {
                    if matches!(
                        keyword.arg.as_ref().map(|a| a.as_str()),
                        Some("sql" | "reverse_sql" | "sqltext")
                    ) {
                        normalize_sql_literals(&mut keyword.value);
                    }
                }
            }
        }
        transformer::walk_expr(self, expr);
    }
}

fn normalize_sql_literals(expr: &mut Expr) {
    match expr {
        // A formatted string (in canonical form): its text between the fields, all of it or
        // none. Text that does not tokenize alone (`'{value}'` puts a field in a quoted
        // string) leaves the whole string as it is.
        Expr::Call(call) if dotted(&call.func).is_some_and(|f| f == template::FORMAT) => {
            let pieces = &mut call.arguments.args;
            let last = pieces.len().saturating_sub(1);
            let normalized: Option<Vec<Option<String>>> = pieces
                .iter()
                .enumerate()
                .map(|(index, piece)| match piece {
                    Expr::StringLiteral(text) => {
                        normalize_sql_piece(text.value.to_str(), index, last).map(Some)
                    }
                    _ => Some(None),
                })
                .collect();
            for (piece, normalized) in pieces.iter_mut().zip(normalized.into_iter().flatten()) {
                if let (Expr::StringLiteral(literal), Some(normalized)) = (piece, normalized) {
                    set_string(literal, normalized);
                }
            }
        }
        Expr::StringLiteral(literal) => {
            if let Some(normalized) = normalize_sql(literal.value.to_str()) {
                set_string(literal, normalized);
            }
        }
        Expr::List(list) => list.elts.iter_mut().for_each(normalize_sql_literals),
        Expr::Tuple(tuple) => tuple.elts.iter_mut().for_each(normalize_sql_literals),
        _ => {}
    }
}

fn set_string(literal: &mut ast::ExprStringLiteral, value: String) {
    literal.value = ast::StringLiteralValue::single(ast::StringLiteral {
        range: literal.range,
        node_index: ast::AtomicNodeIndex::default(),
        value: value.into_boxed_str(),
        flags: ast::StringLiteralFlags::empty(),
    });
}

/// The SQL's tokens joined by single spaces, comments and layout dropped; `None` when it
/// does not tokenize.
fn normalize_sql(sql: &str) -> Option<String> {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = sqlparser::dialect::GenericDialect {};
    let tokens = Tokenizer::new(&dialect, sql).tokenize().ok()?;
    Some(
        tokens
            .iter()
            .filter(|token| !matches!(token, Token::Whitespace(_) | Token::EOF))
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The text at `index` of a formatted SQL string whose last piece is at `last`, normalized
/// as SQL; `None` when it does not tokenize or ends inside a `--` comment. Whether a field
/// has space next to it counts (`t_{n}` is not `t_ {n}`), except at the ends of the string.
fn normalize_sql_piece(text: &str, index: usize, last: usize) -> Option<String> {
    let tail = text.rsplit('\n').next().unwrap_or(text);
    if index < last && tail.contains("--") {
        return None;
    }
    let tokens = normalize_sql(text)?;
    let space = |edge: bool, next_to: Option<char>| {
        if edge && next_to.is_some_and(char::is_whitespace) {
            " "
        } else {
            ""
        }
    };
    Some(format!(
        "{}{tokens}{}",
        space(index > 0, text.chars().next()),
        space(index < last, text.chars().last())
    ))
}

/// Statements that do nothing at run time, or only for type checkers.
fn is_inert(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(expr) => matches!(
            &*expr.value,
            Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)
        ),
        Stmt::AnnAssign(assign) => assign.value.is_none(),
        Stmt::ImportFrom(import) => {
            import.level == 0
                && import
                    .module
                    .as_ref()
                    .is_some_and(|m| m.as_str() == "__future__")
        }
        Stmt::If(stmt_if) => {
            stmt_if.elif_else_clauses.is_empty()
                && dotted(&stmt_if.test)
                    .is_some_and(|test| test == "TYPE_CHECKING" || test.ends_with(".TYPE_CHECKING"))
        }
        _ => false,
    }
}

/// Every name the module reads or writes, outside import statements.
#[derive(Default)]
struct UsedNames {
    all: HashSet<String>,
    /// Those read somewhere.
    read: HashSet<String>,
}

impl<'a> Visitor<'a> for UsedNames {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr {
            self.all.insert(name.id.to_string());
            if name.ctx.is_load() {
                self.read.insert(name.id.to_string());
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// `branch_labels = None` or `depends_on = None` where nothing reads it: Alembic reads both
/// with None for a default, so stating the default (as its templates do) changes nothing.
fn is_alembic_default(stmt: &Stmt, read: &HashSet<String>) -> bool {
    assignment(stmt).is_some_and(|(name, value)| {
        matches!(name, "branch_labels" | "depends_on")
            && value.is_none_literal_expr()
            && !read.contains(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        normalize(a, &Context::default()).unwrap() == normalize(b, &Context::default()).unwrap()
    }

    const BASE: &str = r#"# Generated by Django 4.2
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('shop', '0001_initial')]

    operations = [
        migrations.AddField(
            model_name='product',
            name='sku',
            field=models.CharField(max_length=32, null=True),
        ),
    ]
"#;

    #[test]
    fn formatting_comments_quotes_and_import_order_are_cosmetic() {
        let reformatted = r#"from django.db import models, migrations
from __future__ import annotations
import typing
if typing.TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

class Migration(migrations.Migration):
    """Adds the SKU."""

    dependencies: list[tuple[str, str]] = [("shop", "0001_initial")]  # migcheck: ignore[MC201]
    operations = [migrations.AddField(model_name="product", name="sku", field=models.CharField(max_length=32, null=True))]
"#;
        assert!(same(BASE, reformatted));
    }

    #[test]
    fn changed_operation_is_semantic_and_located() {
        let edited = BASE.replace("max_length=32", "max_length=64");
        let old = normalize(BASE, &Context::default()).unwrap();
        let new = normalize(&edited, &Context::default()).unwrap();
        assert_ne!(old, new);
        let first = old
            .items
            .iter()
            .zip(&new.items)
            .position(|(a, b)| a != b)
            .unwrap();
        assert_eq!(new.items[first].label, "operation 1 (`AddField`)");
        assert_eq!(new.items[first].line, 9);
    }

    #[test]
    fn ignored_attributes_do_not_count() {
        let marked = BASE.replace(
            "    dependencies",
            "    safe = Safe.before_deploy\n    dependencies",
        );
        let attributes = ["safe".to_string()];
        let ignore = Context {
            ignore_attributes: &attributes,
            ..Context::default()
        };
        let plain = Context::default();
        assert_ne!(normalize(BASE, &plain), normalize(&marked, &plain));
        assert_eq!(normalize(BASE, &ignore), normalize(&marked, &ignore));
    }

    #[test]
    fn annotations_and_typing_only_imports_are_cosmetic() {
        let plain = "import sqlalchemy as sa\nfrom alembic import op\n\ndef upgrade():\n    op.add_column('t', sa.Column('c', sa.Integer))\n";
        let typed = "from typing import Sequence, Union\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision_x: Union[str, None]\n\ndef upgrade() -> None:\n    op.add_column(\"t\", sa.Column(\"c\", sa.Integer))\n";
        assert!(same(plain, typed));
        assert!(!same(plain, &plain.replace("sa.Integer", "sa.BigInteger")));
    }

    #[test]
    fn sql_comments_layout_and_function_imports_are_cosmetic() {
        let old = "from alembic import op\n\ndef upgrade():\n    from a import y\n    from a import x\n    op.execute(\"\"\"\n        UPDATE t SET a = 1  -- fix a typo: conflcit\n    \"\"\")\n";
        let new = "from alembic import op\n\ndef upgrade():\n    from a import x, y\n    op.execute(\"UPDATE t SET a = 1 -- fix a typo: conflict\")\n";
        assert!(same(old, new));
        assert!(!same(old, &old.replace("a = 1", "a = 2")));
    }

    #[test]
    fn formatted_sql_is_compared_by_tokens_between_its_fields() {
        let old = "from alembic import op\n\ndef upgrade():\n    op.execute('DELETE FROM {}.{} WHERE id IN(SELECT 1)'.format(schema, table))\n";
        let new = "from alembic import op\n\ndef upgrade():\n    op.execute(f'''\n        DELETE FROM {schema}.{table}\n        WHERE id IN (SELECT 1)\n    ''')\n";
        assert!(same(old, new));
        // Space next to a field counts, and so does text inside quotes around a field.
        assert!(!same(
            old,
            &new.replace("{schema}.{table}", "{schema}. {table}")
        ));
        let quoted = "from alembic import op\n\ndef upgrade():\n    op.execute(f\"UPDATE t SET a = '{x}  and  {y}'\")\n";
        assert!(!same(quoted, &quoted.replace("  and  ", " and ")));
        // A field after a `--` comment is inside the comment.
        let commented = "from alembic import op\n\ndef upgrade():\n    op.execute(f'SELECT 1 -- {x}\\nFROM t')\n";
        assert!(!same(commented, &commented.replace(" -- ", " ")));
    }

    #[test]
    fn dependency_order_and_submodule_imports_are_cosmetic() {
        let old = "import a.b\nimport a.c\nfrom django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [('x', '1'), ('y', '2')]\n    operations = [a.c.f()]\n";
        let new = "import a.c\nfrom django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [('y', '2'), ('x', '1')]\n    operations = [a.c.f()]\n";
        assert!(same(old, new));
        assert!(!same(old, &new.replace("('y', '2')", "('y', '3')")));
    }

    #[test]
    fn depending_on_the_squashed_migration_instead_is_cosmetic() {
        let old = "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0002_b'), ('auth', '0001_initial')]\n";
        let new = old.replace("('shop', '0002_b')", "[\"shop\", \"0001_squashed_0002_b\"]");
        let replaced_by = Replacements::from([(
            ("shop".to_string(), "0002_b".to_string()),
            ("shop".to_string(), "0001_squashed_0002_b".to_string()),
        )]);
        let squashed = Context {
            replaced_by: Some(&replaced_by),
            ..Context::default()
        };
        assert_eq!(normalize(old, &squashed), normalize(&new, &squashed));
        // Without the base's `replaces` it is a change, and so is another app's migration.
        assert!(!same(old, &new));
        let other = old.replace("('shop', '0002_b')", "('stock', '0001_squashed_0002_b')");
        assert_ne!(normalize(old, &squashed), normalize(&other, &squashed));
    }

    #[test]
    fn alembic_attributes_at_their_default_are_cosmetic() {
        let old = "from alembic import op\n\nrevision = 'ab12'\ndown_revision = None\n\ndef upgrade():\n    op.drop_table('t')\n";
        let new = old.replace(
            "down_revision = None\n",
            "down_revision = None\nbranch_labels: Union[str, Sequence[str], None] = None\ndepends_on = None\n",
        );
        assert!(same(old, &new));
        // Not at the default, or read by the module, they count.
        assert!(!same(
            old,
            &new.replace("depends_on = None", "depends_on = 'cd34'")
        ));
        let read = new.replace("op.drop_table('t')", "op.drop_table('t', depends_on)");
        assert!(!same(
            &old.replace("op.drop_table('t')", "op.drop_table('t', depends_on)"),
            &read
        ));
        assert!(!same(
            old,
            &old.replace("revision = 'ab12'", "revision = None")
        ));
    }

    #[test]
    fn invalid_python_has_no_normal_form() {
        assert!(normalize("def (:\n", &Context::default()).is_none());
    }
}
