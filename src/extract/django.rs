//! Django migrations: `class Migration(migrations.Migration)` with `dependencies`, `replaces`,
//! `atomic` and `operations`, into the model.

use std::collections::HashMap;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::python::{Imports, argument, assignment, dotted, elements, string};
use crate::model::{
    Backward, Dependency, DjangoMigration, FnRef, Framework, Migration, OpKind, Operation, Origin,
    SqlText, Target,
};
use crate::source::SourceFile;

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
) -> Option<Migration> {
    let class = module.iter().find_map(|stmt| match stmt {
        Stmt::ClassDef(class) if class.name.as_str() == "Migration" => Some(class),
        _ => None,
    })?;
    let imports = Imports::of_module(module);
    let reader = Reader {
        imports: &imports,
        source,
    };

    let mut migration = Migration {
        path: location.path.to_string(),
        framework: Framework::Django(DjangoMigration {
            app_label: location.default_label.to_string(),
            name: location.name.to_string(),
            directory: location.directory.to_string(),
            dynamic_operations: false,
        }),
        parents: Vec::new(),
        replaces: Vec::new(),
        atomic: true,
        forward: Vec::new(),
        backward: Backward::PerOperation,
        anchor: source.span(class.name.range()),
        source: Arc::clone(source),
    };
    let mut dynamic_operations = false;

    for stmt in &class.body {
        if let Stmt::AugAssign(aug) = stmt {
            if matches!(&*aug.target, Expr::Name(name) if name.id.as_str() == "operations") {
                dynamic_operations |= !reader.operations(&aug.value, &mut migration.forward);
            }
            continue;
        }
        let Some((name, value)) = assignment(stmt) else {
            continue;
        };
        match name {
            "dependencies" => migration.parents = reader.dependencies(value),
            "replaces" => migration.replaces = reader.dependencies(value),
            "atomic" => {
                if let Expr::BooleanLiteral(literal) = value {
                    migration.atomic = literal.value;
                }
            }
            "operations" => {
                migration.forward.clear();
                dynamic_operations = !reader.operations(value, &mut migration.forward);
            }
            _ => {}
        }
    }
    if let Framework::Django(django) = &mut migration.framework {
        django.dynamic_operations = dynamic_operations;
    }
    Some(migration)
}

struct Reader<'a> {
    imports: &'a Imports,
    source: &'a SourceFile,
}

impl Reader<'_> {
    fn dependencies(&self, value: &Expr) -> Vec<Dependency> {
        let Some(items) = elements(value) else {
            return Vec::new();
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
    fn operations(&self, value: &Expr, out: &mut Vec<Operation>) -> bool {
        match value {
            Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
                let left = self.operations(&binop.left, out);
                self.operations(&binop.right, out) && left
            }
            _ => match elements(value) {
                Some(items) => {
                    for item in items {
                        self.operation(item, out);
                    }
                    true
                }
                None => false,
            },
        }
    }

    fn operation(&self, item: &Expr, out: &mut Vec<Operation>) {
        let span = self.source.span(item.range());
        let Expr::Call(call) = item else {
            out.push(Operation {
                kind: OpKind::Other {
                    name: dotted(item).unwrap_or_default(),
                },
                span,
                origin: Origin::DjangoOperation,
            });
            return;
        };
        let name = self.operation_name(&call.func);
        let kind = match name.as_str() {
            "RunPython" => OpKind::RunPython {
                code: argument(call, "code", 0).and_then(|expr| self.function(expr)),
                reverse: argument(call, "reverse_code", 1).and_then(|expr| self.function(expr)),
            },
            "RunSQL" => OpKind::RunSql {
                sql: argument(call, "sql", 0)
                    .and_then(|expr| self.sql(expr))
                    .unwrap_or_default(),
                reverse: argument(call, "reverse_sql", 1).and_then(|expr| self.sql(expr)),
            },
            "SeparateDatabaseAndState" => {
                // Only the database side touches the database.
                if let Some(database) = argument(call, "database_operations", 1) {
                    self.operations(database, out);
                }
                return;
            }
            _ => OpKind::Other { name },
        };
        out.push(Operation {
            kind,
            span,
            origin: Origin::DjangoOperation,
        });
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
        match expr {
            Expr::NoneLiteral(_) => None,
            Expr::Name(name) => Some(FnRef::Name(name.id.to_string())),
            Expr::Lambda(_) => Some(FnRef::Lambda),
            Expr::Attribute(_) if self.is_noop(expr) => Some(FnRef::Noop),
            Expr::Attribute(_) => Some(FnRef::Dotted(dotted(expr).unwrap_or_default())),
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
        SqlText {
            text: string(expr),
            span: self.source.span(expr.range()),
        }
    }
}

/// `django.db.migrations` and its submodules, or a bare `migrations` no import explains.
fn is_django_migrations_module(module: &str) -> bool {
    module == "migrations" || module.starts_with("django.db.migrations")
}

/// Resolves app labels: a label from the app's `apps.py` wins; else the label the app's own
/// migrations use for their siblings in `dependencies`; else the directory name stays.
pub fn resolve_app_labels(migrations: &mut [Migration], apps_py_labels: &HashMap<String, String>) {
    let mut siblings: HashMap<String, Vec<String>> = HashMap::new();
    for migration in migrations.iter() {
        if let Framework::Django(django) = &migration.framework {
            siblings
                .entry(django.directory.clone())
                .or_default()
                .push(django.name.clone());
        }
    }
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for migration in migrations.iter() {
        let Framework::Django(django) = &migration.framework else {
            continue;
        };
        let names = &siblings[&django.directory];
        for dependency in &migration.parents {
            if let Target::Django { app_label, name } = &dependency.target
                && names.contains(name)
            {
                *votes
                    .entry(django.directory.as_str())
                    .or_default()
                    .entry(app_label.as_str())
                    .or_default() += 1;
            }
        }
    }
    let voted: HashMap<String, String> = votes
        .into_iter()
        .filter_map(|(directory, counts)| {
            let (label, _) = counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
            Some((directory.to_string(), label.to_string()))
        })
        .collect();
    for migration in migrations.iter_mut() {
        if let Framework::Django(django) = &mut migration.framework
            && let Some(label) = apps_py_labels
                .get(&django.directory)
                .or_else(|| voted.get(&django.directory))
        {
            django.app_label.clone_from(label);
        }
    }
}

/// The `label` an `apps.py` gives its AppConfig, if any.
pub fn apps_py_label(module: &[Stmt]) -> Option<String> {
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
