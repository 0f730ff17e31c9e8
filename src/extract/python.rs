//! Small helpers over ruff's Python AST, shared by the Django and Alembic front ends.

use std::collections::HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::model::{Dialect, SqlText};
use crate::source::SourceFile;

/// What the module's imports bind each local name to, as a dotted path.
#[derive(Debug, Default)]
pub struct Imports {
    bindings: HashMap<String, String>,
}

impl Imports {
    /// Imports at module level, also those inside `if` / `try` blocks.
    pub fn of_module(body: &[Stmt]) -> Self {
        let mut imports = Self::default();
        imports.collect(body);
        imports
    }

    /// Adds the imports of a function body (they shadow module-level ones).
    pub fn with_body(&self, body: &[Stmt]) -> Self {
        let mut imports = Self {
            bindings: self.bindings.clone(),
        };
        imports.collect(body);
        imports
    }

    fn collect(&mut self, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let module = alias.name.as_str();
                        match &alias.asname {
                            Some(asname) => {
                                self.bindings
                                    .insert(asname.as_str().to_string(), module.to_string());
                            }
                            None => {
                                let top = module.split('.').next().unwrap_or(module);
                                self.bindings.insert(top.to_string(), top.to_string());
                            }
                        }
                    }
                }
                Stmt::ImportFrom(import) => {
                    let module = import.module.as_ref().map_or("", |m| m.as_str());
                    let prefix = format!("{}{}", ".".repeat(import.level as usize), module);
                    for alias in &import.names {
                        let name = alias.name.as_str();
                        let local = alias.asname.as_ref().map_or(name, |a| a.as_str());
                        let path = if prefix.is_empty() || prefix.ends_with('.') {
                            format!("{prefix}{name}")
                        } else {
                            format!("{prefix}.{name}")
                        };
                        self.bindings.insert(local.to_string(), path);
                    }
                }
                // `RunPython = migrations.RunPython`: an alias made by assignment.
                Stmt::Assign(_) | Stmt::AnnAssign(_) => {
                    if let Some((name, value @ (Expr::Name(_) | Expr::Attribute(_)))) =
                        assignment(stmt)
                        && let Some(path) = self.qualify(value)
                    {
                        self.bindings.insert(name.to_string(), path);
                    }
                }
                Stmt::If(stmt_if) => {
                    self.collect(&stmt_if.body);
                    for clause in &stmt_if.elif_else_clauses {
                        self.collect(&clause.body);
                    }
                }
                Stmt::Try(stmt_try) => {
                    self.collect(&stmt_try.body);
                    for handler in &stmt_try.handlers {
                        let ast::ExceptHandler::ExceptHandler(handler) = handler;
                        self.collect(&handler.body);
                    }
                    self.collect(&stmt_try.orelse);
                    self.collect(&stmt_try.finalbody);
                }
                _ => {}
            }
        }
    }

    /// Whether a local name is bound by an import.
    pub fn binds(&self, name: &str) -> bool {
        self.bindings.contains_key(name)
    }

    /// The dotted path an expression names: `migrations.RunPython` with
    /// `from django.db import migrations` is `django.db.migrations.RunPython`.
    /// A name no import binds stays as written.
    pub fn qualify(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => Some(
                self.bindings
                    .get(name.id.as_str())
                    .cloned()
                    .unwrap_or_else(|| name.id.to_string()),
            ),
            Expr::Attribute(attribute) => {
                let base = self.qualify(&attribute.value)?;
                Some(format!("{base}.{}", attribute.attr.as_str()))
            }
            _ => None,
        }
    }
}

/// The blocks of statements an `if` or `try` statement holds (nothing for other statements):
/// at the top of a module, what they bind is bound when the module is imported.
pub fn blocks(stmt: &Stmt) -> impl Iterator<Item = &[Stmt]> {
    let (branches, handlers): (Vec<&[Stmt]>, &[ast::ExceptHandler]) = match stmt {
        Stmt::If(stmt_if) => (
            std::iter::once(&stmt_if.body[..])
                .chain(stmt_if.elif_else_clauses.iter().map(|c| &c.body[..]))
                .collect(),
            &[],
        ),
        Stmt::Try(stmt_try) => (
            vec![&stmt_try.body[..], &stmt_try.orelse[..], &stmt_try.finalbody[..]],
            &stmt_try.handlers,
        ),
        _ => (Vec::new(), &[]),
    };
    branches.into_iter().chain(handlers.iter().map(|handler| {
        let ast::ExceptHandler::ExceptHandler(handler) = handler;
        &handler.body[..]
    }))
}

/// The dotted source form of a name or attribute chain, without resolving imports.
pub fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attribute) => Some(format!(
            "{}.{}",
            dotted(&attribute.value)?,
            attribute.attr.as_str()
        )),
        _ => None,
    }
}

/// A string literal's value (implicitly concatenated parts joined).
pub fn string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(literal) => Some(literal.value.to_str().to_string()),
        _ => None,
    }
}

/// The elements of a list or tuple literal.
pub fn elements(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::List(list) => Some(&list.elts),
        Expr::Tuple(tuple) => Some(&tuple.elts),
        _ => None,
    }
}

/// A call's argument by keyword, or else by position.
pub fn argument<'a>(call: &'a ast::ExprCall, keyword: &str, position: usize) -> Option<&'a Expr> {
    call.arguments
        .find_keyword(keyword)
        .map(|keyword| &keyword.value)
        .or_else(|| {
            call.arguments
                .args
                .get(position)
                .filter(|arg| !arg.is_starred_expr())
        })
}

/// The name an assignment statement binds, with the value: `x = v` and `x: T = v`.
pub fn assignment(stmt: &Stmt) -> Option<(&str, &Expr)> {
    match stmt {
        Stmt::Assign(assign) => match assign.targets.as_slice() {
            [Expr::Name(name)] => Some((name.id.as_str(), &assign.value)),
            _ => None,
        },
        Stmt::AnnAssign(assign) => match (&*assign.target, &assign.value) {
            (Expr::Name(name), Some(value)) => Some((name.id.as_str(), value)),
            _ => None,
        },
        _ => None,
    }
}

/// A body that does nothing: only `pass`, `...`, string expressions (docstrings) and a bare
/// `return` / `return None`.
pub fn is_empty_body(body: &[Stmt]) -> bool {
    body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) => true,
        Stmt::Return(ret) => ret.value.as_deref().is_none_or(Expr::is_none_literal_expr),
        Stmt::Expr(expr) => matches!(
            &*expr.value,
            Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)
        ),
        _ => false,
    })
}

/// The string literal an SQL argument is: itself, or the argument of `text("...")`.
fn sql_literal(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Call(call)
            if dotted(&call.func)
                .is_some_and(|callee| callee.rsplit('.').next() == Some("text")) =>
        {
            call.arguments
                .args
                .first()
                .filter(|arg| arg.is_string_literal_expr())
        }
        Expr::StringLiteral(_) => Some(expr),
        _ => None,
    }
}

/// The SQL strings of a module, each parsed once, by the range of its literal.
#[derive(Debug, Default)]
pub struct SqlIndex {
    by_range: HashMap<TextRange, SqlText>,
}

impl SqlIndex {
    /// One piece of SQL from an expression: a string literal, or `text("...")` around one.
    pub fn sql_text(&self, expr: &Expr, source: &SourceFile, dialect: Dialect) -> SqlText {
        let literal = sql_literal(expr);
        if let Some(found) = literal.and_then(|l| self.by_range.get(&l.range())) {
            return found.clone();
        }
        let text = literal.and_then(string);
        SqlText {
            statements: text
                .as_deref()
                .map(|sql| super::sql::statements(sql, dialect))
                .unwrap_or_default(),
            text,
            span: source.span(literal.unwrap_or(expr).range()),
        }
    }

    pub fn all(&self) -> Vec<SqlText> {
        let mut all: Vec<SqlText> = self.by_range.values().cloned().collect();
        all.sort_by_key(|sql| (sql.span.range.start(), sql.span.range.end()));
        all
    }
}

/// Every string the module hands to the database as SQL: the arguments of `RunSQL`,
/// `.execute(...)` and `text(...)` calls, anywhere in the module.
pub fn embedded_sql(module: &[Stmt], source: &SourceFile, dialect: Dialect) -> SqlIndex {
    let mut collector = SqlCollector {
        source,
        dialect,
        found: SqlIndex::default(),
    };
    collector.visit_body(module);
    collector.found
}

struct SqlCollector<'a> {
    source: &'a SourceFile,
    dialect: Dialect,
    found: SqlIndex,
}

impl SqlCollector<'_> {
    fn add(&mut self, expr: &Expr) {
        match elements(expr) {
            Some(items) => {
                for item in items {
                    match elements(item) {
                        // `(sql, params)` pairs in RunSQL lists.
                        Some([sql, _]) => self.add(sql),
                        _ => self.add(item),
                    }
                }
            }
            None => {
                let Some(literal) = sql_literal(expr) else {
                    return;
                };
                if self.found.by_range.contains_key(&literal.range()) {
                    return;
                }
                let sql = self.found.sql_text(expr, self.source, self.dialect);
                if sql.text.is_some() {
                    self.found.by_range.insert(literal.range(), sql);
                }
            }
        }
    }
}

impl<'a> Visitor<'a> for SqlCollector<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let callee = dotted(&call.func).unwrap_or_default();
            match callee.rsplit('.').next().unwrap_or_default() {
                "RunSQL" => {
                    for (keyword, position) in [("sql", 0), ("reverse_sql", 1)] {
                        if let Some(sql) = argument(call, keyword, position) {
                            self.add(sql);
                        }
                    }
                }
                "execute" | "executemany" | "text" => {
                    // `execute(text("..."))` is found at the `text` call.
                    if let Some(sql) = call.arguments.args.first().filter(|a| !a.is_call_expr()) {
                        self.add(sql);
                    }
                }
                _ => {}
            }
        }
        visitor::walk_expr(self, expr);
    }
}
