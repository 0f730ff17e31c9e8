//! Alembic revisions: module-level `revision` / `down_revision` / `branch_labels` / `depends_on`,
//! and the `op.*` calls of `upgrade()` and `downgrade()`, into the model.

use std::sync::Arc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::python::{
    Imports, argument, assignment, elements, embedded_sql, is_empty_body, sql_text, string,
};
use crate::model::{
    AlembicRevision, Backward, Body, Dependency, Framework, Migration, OpKind, Operation, Origin,
    Target,
};
use crate::source::SourceFile;

/// The revision a module defines, or `None` when it is not an Alembic revision (it needs
/// module-level `revision` and `down_revision` and a `def upgrade`).
pub fn extract(
    path: &str,
    location: &str,
    module: &[Stmt],
    source: &Arc<SourceFile>,
) -> Option<Migration> {
    let mut revision = None;
    let mut down_revision = None;
    let mut branch_labels = Vec::new();
    let mut depends_on = Vec::new();
    let mut upgrade = None;
    let mut downgrade = None;
    for stmt in module {
        if let Stmt::FunctionDef(function) = stmt {
            match function.name.as_str() {
                "upgrade" => upgrade = Some(function),
                "downgrade" => downgrade = Some(function),
                _ => {}
            }
            continue;
        }
        match assignment(stmt) {
            Some(("revision", value)) => revision = Some((stmt, string(value))),
            Some(("down_revision", value)) => down_revision = Some(value),
            Some(("branch_labels", value)) => branch_labels = strings(value),
            Some(("depends_on", value)) => depends_on = strings(value),
            _ => {}
        }
    }
    let (revision_stmt, revision) = revision?;
    let down_revision = down_revision?;
    let upgrade = upgrade?;

    let imports = Imports::of_module(module);
    let upgrade_body = body(upgrade, &imports, source);
    let parents = strings(down_revision)
        .into_iter()
        .map(|revision| Dependency {
            target: Target::Revision(revision),
            span: source.span(down_revision.range()),
        })
        .collect();
    Some(Migration {
        path: path.to_string(),
        framework: Framework::Alembic(AlembicRevision {
            location: location.to_string(),
            revision,
            branch_labels,
            depends_on,
            upgrade: upgrade_body.span,
            upgrade_is_empty: upgrade_body.is_empty,
        }),
        parents,
        replaces: Vec::new(),
        atomic: true,
        forward: upgrade_body.operations,
        backward: match downgrade {
            Some(function) => Backward::Function(body(function, &imports, source)),
            None => Backward::Missing,
        },
        anchor: source.span(revision_stmt.range()),
        sql: embedded_sql(module, source),
        source: Arc::clone(source),
    })
}

/// A string, or the strings of a tuple or list; nothing for `None` or anything else.
fn strings(value: &Expr) -> Vec<String> {
    match elements(value) {
        Some(items) => items.iter().filter_map(string).collect(),
        None => string(value).into_iter().collect(),
    }
}

fn body(function: &StmtFunctionDef, imports: &Imports, source: &SourceFile) -> Body {
    let imports = imports.with_body(&function.body);
    let mut collector = OpCollector {
        imports: &imports,
        source,
        batch_names: Vec::new(),
        operations: Vec::new(),
    };
    collector.visit_body(&function.body);
    Body {
        span: source.span(function.name.range()),
        operations: collector.operations,
        is_empty: is_empty_body(&function.body),
    }
}

/// Collects `op.<name>(...)` calls, and calls on a `with op.batch_alter_table(...) as batch_op:`.
struct OpCollector<'a> {
    imports: &'a Imports,
    source: &'a SourceFile,
    batch_names: Vec<String>,
    operations: Vec<Operation>,
}

impl OpCollector<'_> {
    /// `op.add_column` for `op.add_column(...)` and `batch_op.add_column(...)`.
    fn op_name(&self, func: &Expr) -> Option<String> {
        let Expr::Attribute(attribute) = func else {
            return None;
        };
        let Expr::Name(base) = &*attribute.value else {
            return None;
        };
        let base = base.id.as_str();
        let is_op = match self.imports.qualify(&attribute.value).as_deref() {
            Some("alembic.op") => true,
            // `op` used without an import we can see, as in many hand-written revisions.
            Some("op") => !self.imports.binds("op"),
            _ => false,
        };
        (is_op || self.batch_names.iter().any(|name| name == base))
            .then(|| format!("op.{}", attribute.attr.as_str()))
    }
}

impl<'a> Visitor<'a> for OpCollector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::With(with) = stmt {
            for item in &with.items {
                if let (Expr::Call(call), Some(target)) = (&item.context_expr, &item.optional_vars)
                    && self.op_name(&call.func).as_deref() == Some("op.batch_alter_table")
                    && let Expr::Name(name) = &**target
                {
                    self.batch_names.push(name.id.to_string());
                }
            }
        }
        // Nested functions are helpers; their calls count where they are called, which we
        // cannot follow, so they count here.
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr
            && let Some(name) = self.op_name(&call.func)
        {
            let kind = match name.as_str() {
                "op.execute" => OpKind::RunSql {
                    sql: argument(call, "sqltext", 0)
                        .map(|sql| vec![sql_text(sql, self.source)])
                        .unwrap_or_default(),
                    reverse: None,
                },
                _ => OpKind::Other { name },
            };
            self.operations.push(Operation {
                kind,
                span: self.source.span(call.range()),
                origin: Origin::AlembicOp,
            });
        }
        visitor::walk_expr(self, expr);
    }
}
