//! Django migrations: `class Migration(migrations.Migration)` with `dependencies`, `replaces`,
//! `atomic` and `operations`, into the model.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt, StmtFunctionDef};
use ruff_text_size::{Ranged, TextSize};

use crate::extract::python::{
    Imports, SqlIndex, argument, assignment, blocks, dotted, elements, embedded_sql, string,
};
use crate::model::{
    ConstraintKind, Dependency, Dialect, DjangoMigration, FieldIndex, FieldSpec, FnRef, Framework,
    Migration, ModelOptions, ModelUse, OpKind, Operation, Origin, SqlText, StateOnly, Target,
    computed_name,
};
use crate::source::{SourceFile, Span};

/// Where a Django migration file sits.
pub struct Location<'a> {
    pub path: &'a str,
    /// The `migrations/` directory.
    pub directory: &'a str,
    /// The app label until a better one is known: the name of the directory that holds `migrations/`.
    pub default_label: &'a str,
    /// File name without `.py`.
    pub name: &'a str,
}

/// The migration a module defines, or `None` when it defines no `Migration` class.
pub fn extract(
    location: &Location,
    module: &[Stmt],
    source: &Arc<SourceFile>,
    options: crate::extract::Options,
) -> Option<Migration> {
    let Some(class) = migration_class(module) else {
        // `from .base import Migration`: Django loads whatever that is, and nothing of it can
        // be read here. It stays in the graph, with dependencies unknown.
        let anchor = source.span(imported_migration(module)?);
        let mut migration = empty(location, source, anchor);
        migration.parents.push(Dependency {
            target: Target::Unknown,
            span: anchor,
        });
        if let Framework::Django(django) = &mut migration.framework {
            django.dynamic_operations = true;
            django.imported = true;
        }
        return Some(migration);
    };
    let imports = Imports::of_module(module);
    let scope = ModuleNames::of(module, &class.body, source);
    let sql = embedded_sql(module, source, options.dialect);
    let reader = Reader {
        imports: &imports,
        source,
        scope: &scope,
        dialect: options.dialect,
        nullable_fields: options.nullable_fields,
        sql: &sql,
    };

    let mut migration = empty(location, source, source.span(class.name.range()));
    migration.sql = sql.all();
    let mut dynamic_operations = false;
    let mut operations = Operations::default();

    for stmt in &class.body {
        if let Stmt::AugAssign(aug) = stmt {
            if matches!(&*aug.target, Expr::Name(name) if name.id.as_str() == "operations") {
                dynamic_operations |= !reader.operations(&aug.value, &mut operations);
            }
            continue;
        }
        let Some((name, value)) = assignment(stmt) else {
            continue;
        };
        match name {
            "dependencies" => migration.parents = reader.dependencies(value),
            "replaces" => migration.replaces = reader.dependencies(value),
            "run_before" => {
                if let Framework::Django(django) = &mut migration.framework {
                    django.run_before = reader.dependencies(value);
                }
            }
            "atomic" => {
                if let Expr::BooleanLiteral(literal) = value {
                    migration.atomic = literal.value;
                }
            }
            "initial" => {
                if let Framework::Django(django) = &mut migration.framework {
                    django.initial = truthy(value);
                }
            }
            "operations" => {
                operations = Operations::default();
                dynamic_operations = !reader.operations(value, &mut operations);
            }
            _ => {}
        }
    }
    migration.forward = operations.forward;
    migration.state_only = operations.state_only;
    if let Framework::Django(django) = &mut migration.framework {
        django.dynamic_operations = dynamic_operations;
    }
    for operation in &mut migration.forward {
        operation.in_transaction = migration.atomic;
    }
    Some(migration)
}

/// Operations as read: what runs on the database, and where the model state differs.
#[derive(Default)]
struct Operations {
    forward: Vec<Operation>,
    state_only: Vec<StateOnly>,
}

impl Operations {
    /// The operations as the model state sees them: those of `state_only` in place of the
    /// forward operations they stand for.
    fn into_state(self) -> Vec<Operation> {
        let mut out = Vec::new();
        let mut forward = self.forward.into_iter().enumerate().peekable();
        for change in self.state_only {
            while let Some((_, operation)) =
                forward.next_if(|(index, _)| *index < change.instead_of.start)
            {
                out.push(operation);
            }
            while forward
                .next_if(|(index, _)| *index < change.instead_of.end)
                .is_some()
            {}
            out.extend(change.operations);
        }
        out.extend(forward.map(|(_, operation)| operation));
        out
    }
}

/// A migration at `location` with nothing in it yet.
fn empty(location: &Location, source: &Arc<SourceFile>, anchor: Span) -> Migration {
    let framework = Framework::Django(DjangoMigration {
        app_label: location.default_label.to_string(),
        name: location.name.to_string(),
        directory: location.directory.to_string(),
        dynamic_operations: false,
        imported: false,
        run_before: Vec::new(),
        initial: false,
    });
    Migration::new(location.path, framework, anchor, Arc::clone(source))
}

/// The `Migration` class at the top of the module, or in a top-level `if` / `try`
/// (`if django.VERSION >= (4, 2):`), where importing the module defines it as well. A class
/// with no base, or only `object`, is not Django's: a helper of another tool's.
fn migration_class(body: &[Stmt]) -> Option<&ast::StmtClassDef> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::ClassDef(class) if class.name.as_str() == "Migration" => {
            let bases = class.bases();
            let plain = bases.is_empty()
                || (bases.len() == 1 && dotted(&bases[0]).as_deref() == Some("object"));
            (!plain).then_some(class)
        }
        _ => blocks(stmt).find_map(migration_class),
    })
}

/// Where the module binds `Migration` other than by a class: `from .base import Migration`,
/// `Migration = make_migration(...)`.
fn imported_migration(body: &[Stmt]) -> Option<ruff_text_size::TextRange> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::ImportFrom(import) => import
            .names
            .iter()
            .find(|alias| alias.asname.as_ref().unwrap_or(&alias.name).as_str() == "Migration")
            .map(|alias| alias.range()),
        Stmt::Import(import) => import
            .names
            .iter()
            .find(|alias| {
                alias
                    .asname
                    .as_ref()
                    .is_some_and(|a| a.as_str() == "Migration")
            })
            .map(|alias| alias.range()),
        _ => match assignment(stmt) {
            Some(("Migration", _)) => Some(stmt.range()),
            _ => blocks(stmt).find_map(imported_migration),
        },
    })
}

struct Reader<'a> {
    imports: &'a Imports,
    source: &'a SourceFile,
    scope: &'a ModuleNames<'a>,
    dialect: Dialect,
    /// Field classes that are always nullable.
    nullable_fields: &'a [String],
    /// The module's SQL, parsed once.
    sql: &'a SqlIndex,
}

/// What the module defines: its functions (also those in the Migration class body, which
/// `operations` can name) and every name bound at the top.
struct ModuleNames<'a> {
    functions: foldhash::HashMap<&'a str, &'a StmtFunctionDef>,
    /// Names bound to a value at the top (`OPERATIONS = [...]`), the last binding winning.
    values: foldhash::HashMap<&'a str, &'a Expr>,
    /// Where each name is bound: the class body runs as the module is imported, so it sees
    /// only what is bound above it.
    names: foldhash::HashMap<&'a str, Vec<TextSize>>,
    /// Where a name is deleted (`del f`) by a statement that always runs: at the top of the
    /// module or of the class body, not in a branch.
    deleted: foldhash::HashMap<&'a str, Vec<TextSize>>,
    /// `from x import *`: any name may be defined.
    star_import: bool,
}

/// Whether a name is bound where it is used.
enum Bound {
    Yes,
    /// Only further down the module: a NameError when the use runs.
    Later,
    /// Bound above, then deleted: a NameError too.
    Deleted,
    No,
}

/// The names of Python's `builtins` module that can be called: bound in every module.
const BUILTINS: &[&str] = &[
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

impl<'a> ModuleNames<'a> {
    fn of(module: &'a [Stmt], class_body: &'a [Stmt], source: &SourceFile) -> Self {
        let mut scope = ModuleNames {
            functions: Default::default(),
            values: Default::default(),
            names: Default::default(),
            deleted: Default::default(),
            star_import: false,
        };
        for stmt in module.iter().chain(class_body) {
            scope.bind(stmt, true);
        }
        // An assignment expression binds in the module (or the class body) from wherever it
        // sits, a comprehension included; few files hold one.
        if source.text().contains(":=") {
            let mut walrus = Walrus { names: Vec::new() };
            walrus.visit_body(module);
            walrus.visit_body(class_body);
            for (name, at) in walrus.names {
                scope.name(name, at);
            }
        }
        scope
    }

    fn name(&mut self, name: &'a str, at: TextSize) {
        self.names.entry(name).or_default().push(at);
    }

    /// Records what a statement binds; `always` when it runs whenever the module is imported
    /// (so that a `del` in it surely unbinds).
    fn bind(&mut self, stmt: &'a Stmt, always: bool) {
        let at = stmt.start();
        match stmt {
            Stmt::FunctionDef(function) => {
                self.functions.insert(function.name.as_str(), function);
                self.name(&function.name, at);
                // `global f` in a function binds `f` in the module when it runs: whether
                // it runs before the class body is not known here, so it counts as bound.
                let mut globals = Globals { names: Vec::new() };
                globals.visit_body(&function.body);
                for name in globals.names {
                    self.name(name, at);
                }
            }
            Stmt::ClassDef(class) => self.name(&class.name, at),
            Stmt::Import(import) => {
                for alias in &import.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.name(name.split('.').next().unwrap_or_default(), at);
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        self.star_import = true;
                    }
                    self.name(alias.asname.as_ref().unwrap_or(&alias.name), at);
                }
            }
            Stmt::Assign(assign) => {
                if let Some((name, value)) = assignment(stmt) {
                    self.values.insert(name, value);
                }
                for target in &assign.targets {
                    self.bind_target(target, at);
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Some((name, value)) = assignment(stmt) {
                    self.values.insert(name, value);
                }
                self.bind_target(&assign.target, at);
            }
            Stmt::Delete(delete) if always => {
                for target in &delete.targets {
                    if let Expr::Name(name) = target {
                        self.deleted.entry(name.id.as_str()).or_default().push(at);
                    }
                }
            }
            Stmt::For(stmt_for) => {
                self.bind_target(&stmt_for.target, at);
                for inner in stmt_for.body.iter().chain(&stmt_for.orelse) {
                    self.bind(inner, false);
                }
            }
            Stmt::While(stmt_while) => {
                for inner in stmt_while.body.iter().chain(&stmt_while.orelse) {
                    self.bind(inner, false);
                }
            }
            Stmt::With(with) => {
                for target in with
                    .items
                    .iter()
                    .filter_map(|item| item.optional_vars.as_deref())
                {
                    self.bind_target(target, at);
                }
                for inner in &with.body {
                    self.bind(inner, false);
                }
            }
            Stmt::Match(stmt_match) => {
                for case in &stmt_match.cases {
                    let mut captures = Captures { names: Vec::new() };
                    captures.visit_pattern(&case.pattern);
                    for name in captures.names {
                        self.name(name, at);
                    }
                    for inner in &case.body {
                        self.bind(inner, false);
                    }
                }
            }
            _ => {
                for inner in blocks(stmt).flatten() {
                    self.bind(inner, false);
                }
            }
        }
    }

    fn bind_target(&mut self, target: &'a Expr, at: TextSize) {
        match target {
            Expr::Name(name) => self.name(&name.id, at),
            Expr::Starred(starred) => self.bind_target(&starred.value, at),
            _ => {
                for item in elements(target).unwrap_or_default() {
                    self.bind_target(item, at);
                }
            }
        }
    }

    /// Whether `name` is bound where it is used, at `at`.
    fn bound(&self, name: &str, at: TextSize) -> Bound {
        if self.star_import {
            return Bound::Yes;
        }
        let last_before = |places: Option<&Vec<TextSize>>| {
            places.and_then(|places| places.iter().copied().filter(|&place| place < at).max())
        };
        let bound = last_before(self.names.get(name));
        let deleted = last_before(self.deleted.get(name));
        match (bound, deleted) {
            (Some(bound), deleted) if deleted.is_none_or(|deleted| deleted < bound) => Bound::Yes,
            (_, Some(_)) => Bound::Deleted,
            _ if self.names.contains_key(name) => Bound::Later,
            _ if BUILTINS.contains(&name) => Bound::Yes,
            _ => Bound::No,
        }
    }
}

/// The names assignment expressions (`:=`) bind in the scope being walked: not in lambdas
/// or the bodies of functions and classes, which have scopes of their own.
struct Walrus<'a> {
    names: Vec<(&'a str, TextSize)>,
}

impl<'a> Visitor<'a> for Walrus<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            visitor::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Lambda(_) => {}
            Expr::Named(named) => {
                if let Expr::Name(name) = &*named.target {
                    self.names.push((name.id.as_str(), named.start()));
                }
                self.visit_expr(&named.value);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// The names `global` statements declare in a function, nested functions included.
struct Globals<'a> {
    names: Vec<&'a str>,
}

impl<'a> Visitor<'a> for Globals<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Global(global) => self.names.extend(global.names.iter().map(|n| n.as_str())),
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, _: &'a Expr) {}
}

/// The names a `match` pattern captures.
struct Captures<'a> {
    names: Vec<&'a str>,
}

impl<'a> Visitor<'a> for Captures<'a> {
    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        let name = match pattern {
            ast::Pattern::MatchAs(capture) => capture.name.as_ref(),
            ast::Pattern::MatchStar(star) => star.name.as_ref(),
            ast::Pattern::MatchMapping(mapping) => mapping.rest.as_ref(),
            _ => None,
        };
        self.names.extend(name.map(|name| name.as_str()));
        visitor::walk_pattern(self, pattern);
    }

    fn visit_expr(&mut self, _: &'a Expr) {}
}

impl Reader<'_> {
    /// The items of a list of dependencies; one unknown dependency for anything else.
    fn dependencies(&self, value: &Expr) -> Vec<Dependency> {
        let Some(items) = elements(value) else {
            return vec![Dependency {
                target: Target::Unknown,
                span: self.source.span(value.range()),
            }];
        };
        items
            .iter()
            .map(|item| Dependency {
                target: self.dependency_target(item),
                span: self.source.span(item.range()),
            })
            .collect()
    }

    fn dependency_target(&self, item: &Expr) -> Target {
        if let Some([app, name]) = elements(item)
            && let (Some(app_label), Some(name)) = (string(app), string(name))
        {
            return Target::Django { app_label, name };
        }
        if let Expr::Call(call) = item {
            let callee = self.imports.qualify(&call.func).unwrap_or_default();
            if callee.ends_with("swappable_dependency")
                && let Some(setting) = call.arguments.args.first().and_then(dotted)
            {
                let setting = setting.rsplit('.').next().unwrap_or_default().to_string();
                return Target::Swappable { setting };
            }
        }
        Target::Unknown
    }

    /// Adds the operations of a list expression; `false` when it is not a literal list.
    /// Lists built from module-level lists (`operations = SCHEMA + DATA`, `[*SCHEMA, op]`)
    /// are followed.
    fn operations(&self, value: &Expr, out: &mut Operations) -> bool {
        self.operations_within(value, out, 0)
    }

    fn operations_within(&self, value: &Expr, out: &mut Operations, depth: usize) -> bool {
        // A name bound to itself plus more (`OPS = OPS + [...]`) must not loop.
        const MAX_DEPTH: usize = 16;
        if depth > MAX_DEPTH {
            return false;
        }
        match value {
            Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
                let left = self.operations_within(&binop.left, out, depth + 1);
                self.operations_within(&binop.right, out, depth + 1) && left
            }
            Expr::Name(name) => match self.scope.values.get(name.id.as_str()) {
                Some(bound) => self.operations_within(bound, out, depth + 1),
                None => false,
            },
            _ => match elements(value) {
                Some(items) => {
                    let mut known = true;
                    for item in items {
                        match item {
                            Expr::Starred(starred) => {
                                known &= self.operations_within(&starred.value, out, depth + 1);
                            }
                            _ => self.operation(item, out),
                        }
                    }
                    known
                }
                None => false,
            },
        }
    }

    /// The `state_operations` of `SeparateDatabaseAndState` or `RunSQL`, as the model state
    /// sees them.
    fn state_operations(&self, value: Option<&Expr>) -> Vec<Operation> {
        let mut operations = Operations::default();
        if let Some(value) = value {
            self.operations(value, &mut operations);
        }
        operations.into_state()
    }

    fn operation(&self, item: &Expr, out: &mut Operations) {
        let span = self.source.span(item.range());
        let Expr::Call(call) = item else {
            out.forward.push(django_operation(
                OpKind::Other {
                    name: dotted(item).unwrap_or_default(),
                },
                span,
            ));
            return;
        };
        let name = self.operation_name(&call.func);
        let mut executed: Vec<SqlText> = Vec::new();
        let kind = match name.as_str() {
            "RunPython" => {
                let code = argument(call, "code", 0).and_then(|expr| self.function(expr));
                let reverse = argument(call, "reverse_code", 1)
                    .and_then(|expr| self.function(expr))
                    // `RunPython(*args)` / `RunPython(**kwargs)`: it may well be there.
                    .or_else(|| unpacks(call).then_some(FnRef::Expression));
                let mut live_models = Vec::new();
                let mut seen = HashSet::new();
                for function in [&code, &reverse].into_iter().flatten() {
                    if let FnRef::Name(function) = function {
                        self.live_models(function, &mut seen, &mut live_models);
                    }
                }
                let lambdas = [("code", 0), ("reverse_code", 1)].into_iter().filter_map(
                    |(keyword, position)| match argument(call, keyword, position) {
                        Some(Expr::Lambda(lambda)) => Some(lambda),
                        _ => None,
                    },
                );
                for lambda in lambdas {
                    let mut locals = Assigned::parameters(lambda.parameters.as_deref());
                    locals.visit_expr(&lambda.body);
                    self.find_live_models(
                        "lambda",
                        self.imports,
                        locals.0,
                        |finder| finder.visit_expr(&lambda.body),
                        &mut seen,
                        &mut live_models,
                    );
                }
                // SQL the forward code runs itself: `schema_editor.execute(...)`, a cursor's
                // `execute(...)`, in the function or the module functions it calls.
                let mut seen = HashSet::new();
                if let Some(FnRef::Name(function)) = &code {
                    self.executed_sql(function, &mut seen, &mut executed);
                }
                if let Some(Expr::Lambda(lambda)) = argument(call, "code", 0) {
                    let mut finder = Executes::default();
                    finder.visit_expr(&lambda.body);
                    self.follow_executes(finder, &mut seen, &mut executed);
                }
                OpKind::RunPython {
                    code,
                    reverse,
                    live_models,
                }
            }
            "RunSQL" => OpKind::RunSql {
                sql: argument(call, "sql", 0)
                    .and_then(|expr| self.sql(expr))
                    .unwrap_or_default(),
                reverse: argument(call, "reverse_sql", 1)
                    .and_then(|expr| self.sql(expr))
                    .or_else(|| unpacks(call).then(Vec::new)),
            },
            "SeparateDatabaseAndState" => {
                // Only the database side touches the database; only the state side changes
                // the model state (so a `state_only` inside the database side counts for
                // nothing).
                let (start, marked) = (out.forward.len(), out.state_only.len());
                if let Some(database) = argument(call, "database_operations", 0) {
                    self.operations(database, out);
                }
                out.state_only.truncate(marked);
                let operations = self.state_operations(argument(call, "state_operations", 1));
                out.state_only.push(StateOnly {
                    instead_of: start..out.forward.len(),
                    operations,
                });
                return;
            }
            _ => {
                let kind = self
                    .schema_operation(&name, call)
                    .unwrap_or_else(|| OpKind::Other { name: name.clone() });
                // A field without a column (a many-to-many field) changes the model state;
                // the database gets no column, only the field's own new join table.
                if matches!(&kind, OpKind::AddColumn { field: Some(field), .. } if !field.has_column())
                {
                    let start = out.forward.len();
                    out.forward
                        .push(django_operation(OpKind::Other { name }, span));
                    out.state_only.push(StateOnly {
                        instead_of: start..start + 1,
                        operations: vec![django_operation(kind, span)],
                    });
                    return;
                }
                kind
            }
        };
        // What the SQL a `RunSQL` runs, or the code of a `RunPython` executes, does.
        let executed = match &kind {
            OpKind::RunSql { sql, .. } => sql,
            _ => &executed,
        };
        let sql_operations: Vec<(OpKind, Span)> = executed
            .iter()
            .flat_map(|text| {
                text.statements
                    .iter()
                    .flat_map(|statement| statement.operations.iter().cloned())
                    .map(|kind| (kind, text.span))
            })
            .collect();
        let start = out.forward.len();
        let is_sql = matches!(kind, OpKind::RunSql { .. });
        out.forward.push(django_operation(kind, span));
        for (kind, span) in sql_operations {
            out.forward.push(Operation {
                origin: Origin::Sql,
                ..django_operation(kind, span)
            });
        }
        if is_sql && let Some(state) = argument(call, "state_operations", 2) {
            let operations = self.state_operations(Some(state));
            out.state_only.push(StateOnly {
                instead_of: start..out.forward.len(),
                operations,
            });
        }
    }

    /// Django's schema operations (and `django.contrib.postgres`'s concurrent index ones).
    fn schema_operation(&self, name: &str, call: &ast::ExprCall) -> Option<OpKind> {
        let text = |keyword: &str, position: usize| {
            argument(call, keyword, position).map(|expr| self.name_of(expr))
        };
        let short = name.rsplit('.').next().unwrap_or(name);
        let postgres = name.starts_with("django.contrib.postgres.operations") || name == short;
        Some(match short {
            "CreateModel" => OpKind::CreateTable {
                table: text("name", 0)?,
                fields: argument(call, "fields", 1)
                    .and_then(elements)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|pair| match elements(pair) {
                        Some([field_name, field]) => {
                            Some((string(field_name)?, self.field(field)?))
                        }
                        _ => None,
                    })
                    .collect(),
                options: model_options(argument(call, "options", 2)),
                columns: Vec::new(),
            },
            "DeleteModel" => OpKind::DropTable {
                table: text("name", 0)?,
            },
            "RenameModel" => OpKind::RenameTable {
                table: text("old_name", 0)?,
                new_name: text("new_name", 1)?,
            },
            "AddField" => {
                let field = argument(call, "field", 2).and_then(|f| self.field(f))?;
                let field_call = match argument(call, "field", 2) {
                    Some(Expr::Call(field_call)) => Some(field_call),
                    _ => None,
                };
                let keyword = |name: &str| {
                    field_call.is_some_and(|c| {
                        c.arguments
                            .find_keyword(name)
                            .is_some_and(|k| !k.value.is_none_literal_expr())
                    })
                };
                // A generated column, or a key the database numbers itself.
                let computed = matches!(
                    field.class.as_str(),
                    "GeneratedField" | "AutoField" | "BigAutoField" | "SmallAutoField"
                );
                OpKind::AddColumn {
                    table: text("model_name", 0)?,
                    column: text("name", 1)?,
                    nullable: field.null,
                    db_default: keyword("db_default") || computed,
                    app_default: keyword("default"),
                    field: Some(field),
                    declared: None,
                }
            }
            "RemoveField" => OpKind::DropColumn {
                table: text("model_name", 0)?,
                column: text("name", 1)?,
            },
            "AlterField" => {
                let field = argument(call, "field", 2).and_then(|f| self.field(f))?;
                OpKind::AlterColumn {
                    table: text("model_name", 0)?,
                    column: text("name", 1)?,
                    nullable: Some(field.null),
                    was_nullable: None,
                    type_change: None,
                    field: Some(field),
                    builds_index: FieldIndex::None,
                }
            }
            "RenameField" => OpKind::RenameColumn {
                table: text("model_name", 0)?,
                column: text("old_name", 1)?,
                new_name: text("new_name", 2)?,
            },
            "AddIndex" | "AddIndexConcurrently" => OpKind::CreateIndex {
                table: text("model_name", 0),
                name: match argument(call, "index", 1) {
                    Some(Expr::Call(index)) => {
                        argument(index, "name", usize::MAX).map(|n| self.name_of(n))
                    }
                    _ => None,
                },
                columns: Vec::new(),
                concurrently: short == "AddIndexConcurrently" && postgres,
            },
            "RemoveIndex" | "RemoveIndexConcurrently" => OpKind::DropIndex {
                name: text("name", 1),
                table: text("model_name", 0),
                concurrently: short == "RemoveIndexConcurrently" && postgres,
            },
            "AddConstraint" => {
                let constraint = argument(call, "constraint", 1);
                let declared = match constraint {
                    Some(Expr::Call(declared)) => Some(declared),
                    _ => None,
                };
                let kind = match declared.and_then(|c| Some((c, dotted(&c.func)?))) {
                    Some((_, class)) if class.ends_with("CheckConstraint") => ConstraintKind::Check,
                    // With a condition, expressions, `include` or `opclasses`, Django builds it
                    // as a unique index.
                    Some((unique, class)) if class.ends_with("UniqueConstraint") => {
                        if !unique.arguments.args.is_empty()
                            || ["condition", "include", "opclasses"]
                                .iter()
                                .any(|k| unique.arguments.find_keyword(k).is_some())
                        {
                            ConstraintKind::UniqueIndex
                        } else {
                            ConstraintKind::Unique
                        }
                    }
                    _ => ConstraintKind::Other,
                };
                OpKind::AddConstraint {
                    table: text("model_name", 0)?,
                    name: match constraint {
                        Some(Expr::Call(c)) => {
                            argument(c, "name", usize::MAX).map(|n| self.name_of(n))
                        }
                        _ => None,
                    },
                    kind,
                    validated: true,
                }
            }
            "AlterUniqueTogether" | "AlterIndexTogether" => {
                let unique = short == "AlterUniqueTogether";
                let option = if unique {
                    "unique_together"
                } else {
                    "index_together"
                };
                let together = together(argument(call, option, 1)?)?;
                OpKind::Together {
                    table: text("name", 0)?,
                    unique,
                    added: together.clone(),
                    together,
                    removed: Vec::new(),
                }
            }
            "AlterModelTable" => OpKind::ModelOptions {
                table: text("name", 0)?,
                db_table: Some(
                    argument(call, "table", 1)
                        .filter(|table| !table.is_none_literal_expr())
                        .map(|table| self.name_of(table)),
                ),
                managed: None,
                renames: None,
            },
            "AlterModelOptions" => OpKind::ModelOptions {
                table: text("name", 0)?,
                db_table: None,
                // Django resets `managed` when the new options leave it out.
                managed: match argument(call, "options", 1)? {
                    options @ Expr::Dict(_) => Some(model_options(Some(options)).managed),
                    _ => None,
                },
                renames: None,
            },
            _ => return None,
        })
    }

    /// A string argument's value, or else its source text marked as computed.
    fn name_of(&self, expr: &Expr) -> String {
        string(expr).unwrap_or_else(|| computed_name(self.source.slice(expr.range())))
    }

    /// A field expression: `models.CharField(max_length=32, null=True)`.
    fn field(&self, expr: &Expr) -> Option<FieldSpec> {
        let Expr::Call(call) = expr else {
            return None;
        };
        let path = self.imports.qualify(&call.func)?;
        let class = path.rsplit('.').next()?.to_string();
        let keyword = |name: &str| call.arguments.find_keyword(name).map(|k| &k.value);
        let flag = |name: &str| keyword(name).is_some_and(truthy);
        let null = flag("null")
            || class == "NullBooleanField"
            || self.nullable_fields.iter().any(|nullable| {
                // A dotted entry names the class where it is defined; a bare one, any class
                // of that name.
                *nullable == path || *nullable == class
            });
        let fills_rows = match class.as_str() {
            "CharField" | "TextField" | "SlugField" | "EmailField" | "URLField"
            | "FilePathField" | "FileField" | "ImageField"
                if flag("blank") =>
            {
                Some("`''`")
            }
            "BinaryField" if flag("blank") => Some("`b''`"),
            "DateField" | "DateTimeField" | "TimeField"
                if flag("auto_now") || flag("auto_now_add") =>
            {
                Some("the current time")
            }
            _ => None,
        };
        let type_arguments = [
            "max_length",
            "max_digits",
            "decimal_places",
            "to",
            "base_field",
            "dimensions",
        ]
        .into_iter()
        .filter_map(|name| {
            let value = keyword(name)?;
            Some((
                name.to_string(),
                self.source.slice(value.range()).to_string(),
            ))
        })
        .collect();
        let db_name = keyword("db_column")
            .or_else(|| keyword("db_table"))
            .and_then(string);
        let through = keyword("through").is_some_and(|t| !t.is_none_literal_expr());
        let key = class.ends_with("ForeignKey")
            || class.ends_with("OneToOneField")
            || class == "ParentalKey";
        let many_to_many = class.ends_with("ManyToManyField")
            || (!key && keyword("to").is_some() && (through || keyword("on_delete").is_none()));
        // `db_index=False` turns off the index a key and a slug have by default.
        let db_index = keyword("db_index");
        let index = if many_to_many {
            FieldIndex::None
        } else if flag("unique") || flag("primary_key") || class.ends_with("OneToOneField") {
            FieldIndex::Unique
        } else if db_index.is_some_and(truthy)
            || ((key || class == "SlugField")
                && !db_index.is_some_and(|v| matches!(v, Expr::BooleanLiteral(b) if !b.value)))
        {
            FieldIndex::Index
        } else {
            FieldIndex::None
        };
        Some(FieldSpec {
            class,
            null,
            fills_rows,
            through,
            many_to_many,
            type_arguments,
            db_name,
            index,
        })
    }

    /// `RunPython` for Django's own operations however imported; the dotted path for others.
    fn operation_name(&self, func: &Expr) -> String {
        let qualified = self.imports.qualify(func).unwrap_or_default();
        match qualified.rsplit_once('.') {
            Some((module, name)) if is_django_migrations_module(module) => name.to_string(),
            _ => qualified,
        }
    }

    /// A `RunPython` function argument; `None` for a missing or `None` one.
    fn function(&self, expr: &Expr) -> Option<FnRef> {
        let known = |path: String, known: fn(String) -> FnRef| {
            let root = path.split('.').next().unwrap_or_default();
            match self.scope.bound(root, expr.start()) {
                Bound::Yes => known(path),
                Bound::Later => FnRef::DefinedLater(path),
                Bound::Deleted => FnRef::Deleted(path),
                Bound::No => FnRef::Undefined(path),
            }
        };
        match expr {
            Expr::NoneLiteral(_) => None,
            Expr::Name(name) => Some(known(name.id.to_string(), FnRef::Name)),
            Expr::Lambda(_) => Some(FnRef::Lambda),
            Expr::Attribute(_) if self.is_noop(expr) => Some(FnRef::Noop),
            Expr::Attribute(_) => Some(match dotted(expr) {
                Some(path) => known(path, FnRef::Dotted),
                None => FnRef::Dotted(String::new()),
            }),
            _ => Some(FnRef::Expression),
        }
    }

    fn is_noop(&self, expr: &Expr) -> bool {
        let Expr::Attribute(attribute) = expr else {
            return false;
        };
        attribute.attr.as_str() == "noop"
            && matches!(
                self.operation_name(&attribute.value).as_str(),
                "RunPython" | "RunSQL"
            )
    }

    /// The SQL of a `RunSQL` argument: a string, a list of strings or `(sql, params)` pairs,
    /// or `RunSQL.noop`. `None` for a missing or `None` argument.
    fn sql(&self, expr: &Expr) -> Option<Vec<SqlText>> {
        match expr {
            Expr::NoneLiteral(_) => None,
            _ if self.is_noop(expr) => Some(Vec::new()),
            _ => match elements(expr) {
                Some(items) => Some(
                    items
                        .iter()
                        .map(|item| {
                            let statement = match elements(item) {
                                Some([sql, _params]) => sql,
                                _ => item,
                            };
                            self.sql_text(statement)
                        })
                        .collect(),
                ),
                None => Some(vec![self.sql_text(expr)]),
            },
        }
    }

    fn sql_text(&self, expr: &Expr) -> SqlText {
        self.sql.sql_text(expr, self.source, self.dialect)
    }

    /// Models a module function (and the module functions it calls) uses that come from an
    /// app's models module rather than `apps.get_model`.
    fn live_models(&self, function: &str, seen: &mut HashSet<String>, out: &mut Vec<ModelUse>) {
        if !seen.insert(function.to_string()) {
            return;
        }
        let Some(definition) = self.scope.functions.get(function) else {
            return;
        };
        let imports = self.imports.with_body(&definition.body);
        let mut locals = Assigned::parameters(Some(&definition.parameters));
        locals.visit_body(&definition.body);
        self.find_live_models(
            function,
            &imports,
            locals.0,
            |finder| finder.visit_body(&definition.body),
            seen,
            out,
        );
    }

    /// The SQL a module function (and the module functions it calls) executes.
    fn executed_sql(&self, function: &str, seen: &mut HashSet<String>, out: &mut Vec<SqlText>) {
        if !seen.insert(function.to_string()) {
            return;
        }
        let Some(definition) = self.scope.functions.get(function) else {
            return;
        };
        let mut finder = Executes::default();
        finder.visit_body(&definition.body);
        self.follow_executes(finder, seen, out);
    }

    fn follow_executes(
        &self,
        finder: Executes<'_>,
        seen: &mut HashSet<String>,
        out: &mut Vec<SqlText>,
    ) {
        // Code that asks which database it runs on (`schema_editor.connection.vendor`) runs
        // its SQL on some of them only, and which is not known here.
        if finder.asks_vendor {
            return;
        }
        out.extend(finder.sql.into_iter().map(|sql| self.sql_text(sql)));
        for callee in finder.calls {
            self.executed_sql(callee, seen, out);
        }
    }

    /// Live models in the code `walk` shows the finder, and in the module functions it calls.
    fn find_live_models(
        &self,
        function: &str,
        imports: &Imports,
        locals: HashSet<String>,
        walk: impl FnOnce(&mut LiveModels),
        seen: &mut HashSet<String>,
        out: &mut Vec<ModelUse>,
    ) {
        let mut finder = LiveModels {
            function,
            imports,
            locals,
            source: self.source,
            found: Vec::new(),
            calls: Vec::new(),
        };
        walk(&mut finder);
        for model in finder.found {
            if !out
                .iter()
                .any(|m| m.function == model.function && m.model == model.model)
            {
                out.push(model);
            }
        }
        for callee in finder.calls {
            if self.scope.functions.contains_key(callee.as_str()) {
                self.live_models(&callee, seen, out);
            }
        }
    }
}

/// The SQL a function runs: the first argument of each `.execute(...)` /
/// `.executemany(...)` call (`schema_editor.execute`, a cursor's), and the functions it calls
/// by name.
#[derive(Default)]
struct Executes<'a> {
    sql: Vec<&'a Expr>,
    calls: Vec<&'a str>,
    /// It reads `.vendor` (`schema_editor.connection.vendor == "postgresql"`).
    asks_vendor: bool,
}

impl<'a> Visitor<'a> for Executes<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Attribute(attribute) = expr
            && attribute.attr.as_str() == "vendor"
        {
            self.asks_vendor = true;
        }
        if let Expr::Call(call) = expr {
            match &*call.func {
                Expr::Attribute(attribute)
                    if matches!(attribute.attr.as_str(), "execute" | "executemany") =>
                {
                    self.sql.extend(call.arguments.args.first());
                }
                Expr::Name(name) => self.calls.push(name.id.as_str()),
                _ => {}
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// A Django operation as read, before the migration's `atomic` is known.
fn django_operation(kind: OpKind, span: crate::source::Span) -> Operation {
    Operation {
        kind,
        span,
        origin: Origin::DjangoOperation,
        in_transaction: true,
        other_dialect: false,
        dialect_branch: Vec::new(),
    }
}

/// The model options (of `CreateModel`, `AlterModelOptions`) that decide what reaches the
/// database; the defaults when they are not a literal.
fn model_options(options: Option<&Expr>) -> ModelOptions {
    let mut model = ModelOptions::default();
    let Some(Expr::Dict(options)) = options else {
        return model;
    };
    for item in &options.items {
        let flag = matches!(&item.value, Expr::BooleanLiteral(b) if b.value);
        match item.key.as_ref().and_then(string).as_deref() {
            Some("db_table") => model.db_table = string(&item.value),
            Some("managed") => model.managed = flag || !item.value.is_boolean_literal_expr(),
            Some("proxy") => model.proxy = flag,
            Some("unique_together") => {
                model.unique_together = together(&item.value).unwrap_or_default();
            }
            Some("index_together") => {
                model.index_together = together(&item.value).unwrap_or_default();
            }
            _ => {}
        }
    }
    model
}

/// `unique_together` or `index_together` as field tuples: a set, list or tuple of tuples
/// (`set([...])` too), or one tuple of names; `set()`, `frozenset()`, `None` and empty
/// literals are none. `None` when it is not a literal.
fn together(value: &Expr) -> Option<Vec<Vec<String>>> {
    let names = |items: &[Expr]| items.iter().map(string).collect::<Option<Vec<String>>>();
    match value {
        Expr::NoneLiteral(_) => Some(Vec::new()),
        Expr::Call(call)
            if call.arguments.is_empty()
                && matches!(dotted(&call.func).as_deref(), Some("set" | "frozenset")) =>
        {
            Some(Vec::new())
        }
        // What old `makemigrations` wrote: `set([("a", "b")])`.
        Expr::Call(call)
            if call.arguments.args.len() == 1
                && call.arguments.keywords.is_empty()
                && matches!(dotted(&call.func).as_deref(), Some("set" | "frozenset")) =>
        {
            together(&call.arguments.args[0])
        }
        _ => {
            let items = match value {
                Expr::Set(set) => &set.elts,
                _ => elements(value)?,
            };
            if items.iter().all(|item| string(item).is_some()) && !items.is_empty() {
                return Some(vec![names(items)?]);
            }
            items
                .iter()
                .map(|item| elements(item).and_then(names))
                .collect()
        }
    }
}

/// Whether a literal is true to Python: `True`, a non-empty string, a non-zero number.
/// Anything else (a name, a call) counts as false.
fn truthy(expr: &Expr) -> bool {
    match expr {
        Expr::BooleanLiteral(literal) => literal.value,
        Expr::StringLiteral(literal) => !literal.value.is_empty(),
        Expr::NumberLiteral(literal) => match &literal.value {
            ast::Number::Int(int) => *int != ast::Int::ZERO,
            ast::Number::Float(float) => *float != 0.0,
            ast::Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        },
        _ => false,
    }
}

/// Whether a call passes `*args` or `**kwargs`, so that any argument may be among them.
fn unpacks(call: &ast::ExprCall) -> bool {
    call.arguments.args.iter().any(Expr::is_starred_expr)
        || call.arguments.keywords.iter().any(|k| k.arg.is_none())
}

/// Parameters and names assigned in a function or lambda: they shadow module-level imports.
struct Assigned(HashSet<String>);

impl Assigned {
    fn parameters(parameters: Option<&ast::Parameters>) -> Self {
        Assigned(
            parameters
                .into_iter()
                .flat_map(|parameters| parameters.iter())
                .map(|parameter| parameter.name().to_string())
                .collect(),
        )
    }
}

impl<'a> Visitor<'a> for Assigned {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr
            && name.ctx.is_store()
        {
            self.0.insert(name.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }
}

/// Finds uses of live models in a function body: `Model.objects`, `Model._meta`,
/// `Model._default_manager`, `Model.DoesNotExist`, `Model(field=...)`,
/// `isinstance(x, Model)`, where `Model` comes from an import of an app's models module.
struct LiveModels<'a> {
    function: &'a str,
    imports: &'a Imports,
    locals: HashSet<String>,
    source: &'a SourceFile,
    found: Vec<ModelUse>,
    /// Names of functions called, to follow within the module.
    calls: Vec<String>,
}

impl LiveModels<'_> {
    fn check(&mut self, model: &Expr) {
        let Some(path) = dotted(model) else {
            return;
        };
        let root = path.split('.').next().unwrap_or_default();
        if self.locals.contains(root) {
            return;
        }
        let Some(qualified) = self.imports.qualify(model) else {
            return;
        };
        if let Some(module) = live_model_module(&qualified) {
            self.found.push(ModelUse {
                function: self.function.to_string(),
                model: path,
                class: qualified.rsplit('.').next().unwrap_or_default().to_string(),
                module,
                span: self.source.span(model.range()),
            });
        }
    }
}

impl<'a> Visitor<'a> for LiveModels<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Attribute(attribute)
                if matches!(
                    attribute.attr.as_str(),
                    "objects"
                        | "_default_manager"
                        | "_base_manager"
                        | "_meta"
                        | "DoesNotExist"
                        | "MultipleObjectsReturned"
                ) =>
            {
                self.check(&attribute.value);
            }
            Expr::Call(call) => {
                let arguments = &call.arguments;
                // `Product(name=...)`: models are made with field keywords; helper classes
                // from a models module (`MPTTOptions(Product)`) take positional arguments.
                if arguments.args.is_empty() && !arguments.keywords.is_empty() {
                    self.check(&call.func);
                }
                if let Expr::Name(name) = &*call.func {
                    self.calls.push(name.id.to_string());
                    if matches!(name.id.as_str(), "isinstance" | "issubclass")
                        && let Some(classes) = arguments.args.get(1)
                    {
                        for class in elements(classes).unwrap_or(std::slice::from_ref(classes)) {
                            self.check(class);
                        }
                    }
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// `shop.models` for `shop.models.Product` (a class from an app's models module); `None` for
/// Django's own `django.db.models` and anything not shaped like a model class.
fn live_model_module(path: &str) -> Option<String> {
    if path.starts_with("django.db.") {
        return None;
    }
    let parts: Vec<&str> = path.split('.').collect();
    let index = parts.iter().position(|part| *part == "models")?;
    let class = parts.last()?;
    let is_class_name = class.starts_with(|c: char| c.is_ascii_uppercase())
        && class.chars().any(|c| c.is_ascii_lowercase());
    // What models modules hold besides models: managers, querysets, fields, choices, and
    // the submodules they sit in (`shop.models.managers.ProductManager`).
    let not_a_model = [
        "Error",
        "Exception",
        "Manager",
        "QuerySet",
        "Queryset",
        "Mixin",
        "Field",
        "Choices",
        "Enum",
    ]
    .iter()
    .any(|suffix| class.ends_with(suffix))
        || parts
            .get(index + 1..parts.len() - 1)
            .unwrap_or_default()
            .iter()
            .any(|part| {
                matches!(
                    *part,
                    "managers"
                        | "querysets"
                        | "fields"
                        | "choices"
                        | "enums"
                        | "mixins"
                        | "constants"
                )
            });
    (index + 1 < parts.len() && is_class_name && !not_a_model)
        .then(|| parts[..parts.len() - 1].join("."))
}

/// `django.db.migrations` and its submodules, or a bare `migrations` no import explains.
fn is_django_migrations_module(module: &str) -> bool {
    module == "migrations" || module.starts_with("django.db.migrations")
}

/// Resolves app labels. A label the configuration or the app's AppConfig sets wins. Else
/// the app's own migrations tell, by the label they give each other: in `replaces` (always
/// the app's own), else in `dependencies`, where the directory name wins when it is used at
/// all. Else the directory name stays.
pub fn resolve_app_labels(migrations: &mut [Migration], fixed: &HashMap<String, String>) {
    let mut siblings: foldhash::HashMap<&str, foldhash::HashSet<&str>> = Default::default();
    for django in migrations.iter().filter_map(django_of) {
        siblings
            .entry(&django.directory)
            .or_default()
            .insert(&django.name);
    }
    // What each directory is known as before its migrations are asked.
    let claimed: foldhash::HashMap<&str, &str> = migrations
        .iter()
        .filter_map(django_of)
        .map(|django| {
            let label = fixed.get(&django.directory).unwrap_or(&django.app_label);
            (django.directory.as_str(), label.as_str())
        })
        .collect();
    // A label names this app when it names a migration of this directory other than the
    // one asking, and no other app known by that label has a migration of that name.
    let names_own_app = |django: &DjangoMigration, label: &str, name: &str| {
        name != django.name
            && siblings[django.directory.as_str()].contains(name)
            && !claimed.iter().any(|(&directory, &other)| {
                directory != django.directory
                    && other == label
                    && siblings[directory].contains(name)
            })
    };
    // Per directory, per label: votes from `replaces`, and from `dependencies`.
    let mut votes: foldhash::HashMap<&str, foldhash::HashMap<&str, (usize, usize)>> =
        Default::default();
    for migration in migrations.iter() {
        let Some(django) = django_of(migration) else {
            continue;
        };
        for (strong, dependencies) in [(true, &migration.replaces), (false, &migration.parents)] {
            for dependency in dependencies {
                if let Target::Django { app_label, name } = &dependency.target
                    && names_own_app(django, app_label, name)
                {
                    let count = votes
                        .entry(&django.directory)
                        .or_default()
                        .entry(app_label)
                        .or_default();
                    if strong {
                        count.0 += 1;
                    } else {
                        count.1 += 1;
                    }
                }
            }
        }
    }
    let voted: foldhash::HashMap<String, String> = votes
        .into_iter()
        .filter_map(|(directory, counts)| {
            let default = claimed[directory];
            let (label, _) = counts.into_iter().max_by(|a, b| {
                let key = |(label, (strong, weak)): &(&str, (usize, usize))| {
                    (*strong, *label == default, *weak)
                };
                key(a).cmp(&key(b)).then(b.0.cmp(a.0))
            })?;
            Some((directory.to_string(), label.to_string()))
        })
        .collect();
    for migration in migrations.iter_mut() {
        if let Framework::Django(django) = &mut migration.framework
            && let Some(label) = fixed
                .get(&django.directory)
                .or_else(|| voted.get(&django.directory))
        {
            django.app_label.clone_from(label);
        }
    }
}

/// Drops the migrations whose `Migration` is imported from directories where no module
/// defines one: such a directory is not a Django migrations package but a package with a
/// migration system of its own.
pub fn drop_lone_imported(migrations: &mut Vec<Migration>) {
    let defined: HashSet<String> = migrations
        .iter()
        .filter_map(django_of)
        .filter(|django| !django.imported)
        .map(|django| django.directory.clone())
        .collect();
    migrations.retain(|migration| {
        django_of(migration)
            .is_none_or(|django| !django.imported || defined.contains(&django.directory))
    });
}

fn django_of(migration: &Migration) -> Option<&DjangoMigration> {
    match &migration.framework {
        Framework::Django(django) => Some(django),
        Framework::Alembic(_) => None,
    }
}

/// The `label` an `apps.py` or `__init__.py` gives its AppConfig, if any.
pub fn app_config_label(module: &[Stmt]) -> Option<String> {
    let configs = module.iter().filter_map(|stmt| match stmt {
        Stmt::ClassDef(class) => Some(class),
        _ => None,
    });
    let mut labels = configs.filter_map(|class| {
        let label = class.body.iter().find_map(|stmt| match assignment(stmt) {
            Some(("label", value)) => string(value),
            _ => None,
        })?;
        let is_default = class.body.iter().any(|stmt| {
            matches!(assignment(stmt), Some(("default", Expr::BooleanLiteral(b))) if b.value)
        });
        Some((is_default, label))
    });
    let first = labels.next()?;
    Some(
        std::iter::once(first.clone())
            .chain(labels)
            .find(|(is_default, _)| *is_default)
            .unwrap_or(first)
            .1,
    )
}
