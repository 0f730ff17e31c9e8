//! A migration's forward path alone: what a database that applies it runs. Left out are the
//! reverse of `RunPython` and `RunSQL` (`reverse_code` / `reverse_sql`, as a keyword or the
//! second positional argument), and the module's functions (Alembic's `downgrade()` among
//! them) and constants that the forward path does not use. A function the forward path uses
//! stays, however the reverse uses it too.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::name::Name;
use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use super::super::python::{assignment, dotted};
use super::canonical::ModuleBindings;

/// Stands for a reverse given positionally before other positional arguments, which keep
/// their places. `%` cannot start a Python name, so no real name looks the same.
const REVERSE: &str = "%reverse";

/// Removes from a module body the definitions that nothing run uses: with `reverse`, what
/// neither migrating forward nor back runs (dead code); without, what only migrating back
/// runs, too.
pub(super) fn strip_unused(body: &mut ast::Suite, reverse: bool) {
    if !reverse {
        for stmt in body.iter_mut() {
            ReverseArguments.visit_stmt(stmt);
        }
    }
    let definitions = definitions(body);
    // What the module runs besides its definitions' bodies (a function's decorators and
    // defaults run when it is defined), and what each definition uses.
    let mut forward = Loads::default();
    let mut uses: HashMap<&str, HashSet<String>> = HashMap::new();
    for stmt in body.iter() {
        match definition(stmt).filter(|name| definitions.contains(name)) {
            Some(name) => {
                let mut loads = Loads::default();
                match stmt {
                    Stmt::FunctionDef(function) => {
                        let mut header = function.clone();
                        header.body.clear();
                        forward.visit_stmt(&Stmt::FunctionDef(header));
                        loads.visit_body(&function.body);
                    }
                    _ => loads.visit_stmt(stmt),
                }
                uses.insert(name, loads.names);
            }
            None => forward.visit_stmt(stmt),
        }
    }
    // Called from outside: Alembic's `upgrade()` (and the `upgrade_<name>()` of its
    // multi-database template), and the attributes Alembic reads.
    let outside = body
        .iter()
        .filter_map(definition)
        .filter(|name| {
            *name == "upgrade"
                || name.starts_with("upgrade_")
                || (reverse && (*name == "downgrade" || name.starts_with("downgrade_")))
                || matches!(
                    *name,
                    "revision" | "down_revision" | "branch_labels" | "depends_on"
                )
        })
        .map(str::to_string);
    let mut todo: Vec<String> = forward.names.into_iter().chain(outside).collect();
    let mut reached = HashSet::new();
    while let Some(name) = todo.pop() {
        if let Some(used) = uses.get(name.as_str())
            && reached.insert(name)
        {
            todo.extend(used.iter().cloned());
        }
    }
    let unreached: HashSet<String> = definitions
        .iter()
        .filter(|name| !reached.contains(**name))
        .map(|name| name.to_string())
        .collect();
    body.retain(|stmt| definition(stmt).is_none_or(|name| !unreached.contains(name)));
}

/// The name a module-level function or plain assignment defines.
fn definition(stmt: &Stmt) -> Option<&str> {
    match stmt {
        Stmt::FunctionDef(function) => Some(function.name.as_str()),
        _ => assignment(stmt).map(|(name, _)| name),
    }
}

/// The module-level names that can be left out with what uses them: each a function, or a
/// constant whose value calls nothing, that the module binds once (anywhere: a function's
/// local of that name, or a `global` of it, is a second binding).
fn definitions(body: &[Stmt]) -> HashSet<&str> {
    let mut bound = ModuleBindings::default();
    bound.visit_body(body);
    body.iter()
        .filter(|stmt| match stmt {
            Stmt::FunctionDef(_) => true,
            _ => assignment(stmt).is_some_and(|(_, value)| !calls(value)),
        })
        .filter_map(definition)
        .filter(|name| bound.count.get(*name) == Some(&1))
        .collect()
}

fn calls(expr: &Expr) -> bool {
    #[derive(Default)]
    struct Calls(bool);
    impl<'a> Visitor<'a> for Calls {
        fn visit_expr(&mut self, expr: &'a Expr) {
            self.0 |= matches!(
                expr,
                Expr::Call(_) | Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_)
            );
            visitor::walk_expr(self, expr);
        }
    }
    let mut calls = Calls::default();
    calls.visit_expr(expr);
    calls.0
}

/// Takes the reverse arguments out of `RunPython` and `RunSQL` calls.
struct ReverseArguments;

impl Transformer for ReverseArguments {
    fn visit_expr(&self, expr: &mut Expr) {
        if let Expr::Call(call) = expr {
            let callee = dotted(&call.func).unwrap_or_default();
            let keyword = match callee.rsplit('.').next().unwrap_or_default() {
                "RunPython" => Some("reverse_code"),
                "RunSQL" => Some("reverse_sql"),
                _ => None,
            };
            if let Some(keyword) = keyword {
                let arguments = &mut call.arguments;
                arguments
                    .keywords
                    .retain(|k| k.arg.as_ref().is_none_or(|a| a != keyword));
                let mut args = std::mem::take(&mut arguments.args).into_vec();
                if args.len() == 2 {
                    args.pop();
                } else if args.len() > 2 {
                    args[1] = Expr::Name(ast::ExprName {
                        node_index: ast::AtomicNodeIndex::default(),
                        range: args[1].range(),
                        id: Name::new(REVERSE),
                        ctx: ast::ExprContext::Load,
                    });
                }
                arguments.args = args.into_boxed_slice();
            }
        }
        transformer::walk_expr(self, expr);
    }
}

/// The names a piece of code reads.
#[derive(Default)]
struct Loads {
    names: HashSet<String>,
}

impl<'a> Visitor<'a> for Loads {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr
            && name.ctx.is_load()
        {
            self.names.insert(name.id.to_string());
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Context, View, normalize};

    /// What changed from `old` to `new`: `"nothing"`, `"reverse"` (the forward paths are
    /// the same) or the forward difference's description.
    fn change(old: &str, new: &str) -> String {
        let view = |forward_only| {
            let context = Context {
                view: if forward_only {
                    View::Forward
                } else {
                    View::Whole
                },
                ..Context::default()
            };
            let (old, new) = (normalize(old, &context), normalize(new, &context));
            old.unwrap().difference(&new.unwrap())
        };
        match (view(false), view(true)) {
            (None, _) => "nothing".to_string(),
            (Some(_), None) => "reverse".to_string(),
            (Some(_), Some((what, _))) => what,
        }
    }

    const DJANGO: &str = r#"from django.db import migrations

SQL = "UPDATE product SET sku = ''"


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku=None).update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunPython(forwards),
        migrations.RunSQL(SQL),
    ]
"#;

    /// `DJANGO` with `backwards` defined before the Migration class.
    fn with_backwards(module: &str, backwards: &str) -> String {
        module.replace(
            "\n\nclass Migration",
            &format!("\n\n{backwards}\n\nclass Migration"),
        )
    }

    const BACKWARDS: &str = "def backwards(apps, schema_editor):\n    apps.get_model(\"shop\", \"Product\").objects.filter(sku=\"\").update(sku=None)\n";

    #[test]
    fn dead_code_is_no_part_of_what_either_path_runs() {
        let module = |dead: &str, back: &str| {
            format!(
                "from django.db import migrations\n\n\ndef unused():\n    return {dead}\n\n\ndef back(apps, schema_editor):\n    return {back}\n\n\ndef forth(apps, schema_editor):\n    pass\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(forth, back)]\n"
            )
        };
        let used = |old: &str, new: &str| {
            let context = Context {
                view: View::Used,
                ..Context::default()
            };
            normalize(old, &context)
                .unwrap()
                .difference(&normalize(new, &context).unwrap())
        };
        // A function nothing calls, edited: the same in what migrating either way runs.
        assert_eq!(used(&module("1", "1"), &module("2", "1")), None);
        // The reverse edited: not the same.
        assert!(used(&module("1", "1"), &module("1", "2")).is_some());
    }

    #[test]
    fn adding_a_reverse_is_reverse_only() {
        let head = with_backwards(DJANGO, BACKWARDS);
        for (old, new) in [
            (
                "RunPython(forwards)",
                "RunPython(forwards, reverse_code=backwards)",
            ),
            ("RunPython(forwards)", "RunPython(forwards, backwards)"),
        ] {
            assert_eq!(change(DJANGO, &head.replace(old, new)), "reverse", "{new}");
        }
        for new in [
            "RunSQL(SQL, reverse_sql=\"UPDATE product SET sku = NULL\")",
            "RunSQL(SQL, migrations.RunSQL.noop)",
            "RunSQL(SQL, [\"SELECT 1\"])",
        ] {
            assert_eq!(
                change(DJANGO, &DJANGO.replace("RunSQL(SQL)", new)),
                "reverse",
                "{new}"
            );
        }
        let noop = DJANGO.replace(
            "RunPython(forwards)",
            "RunPython(forwards, migrations.RunPython.noop)",
        );
        assert_eq!(change(DJANGO, &noop), "reverse");
        // A forward change made with it still counts.
        let both = head.replace("RunPython(forwards)", "RunPython(backwards, forwards)");
        assert_eq!(change(DJANGO, &both), "added `def backwards()`");
    }

    #[test]
    fn what_only_the_reverse_uses_is_reverse() {
        let base = with_backwards(
            DJANGO,
            "REVERSE_SQL = \"UPDATE product SET sku = NULL\"\n\n\ndef helper(apps):\n    return apps.get_model(\"shop\", \"Product\")\n\n\ndef backwards(apps, schema_editor):\n    helper(apps).objects.update(sku=None)\n",
        )
        .replace("RunPython(forwards)", "RunPython(forwards, backwards)")
        .replace("RunSQL(SQL)", "RunSQL(SQL, REVERSE_SQL)");
        for (old, new) in [
            ("sku=None)\n", "sku=\"-\")\n"),
            ("SET sku = NULL", "SET sku = DEFAULT"),
            (
                "return apps",
                "return apps.get_model(\"shop\", \"Item\") or apps",
            ),
        ] {
            assert_eq!(change(&base, &base.replace(old, new)), "reverse", "{new}");
        }
        // An import only the reverse uses.
        let imported = base
            .replace(
                "from django.db import migrations\n",
                "from django.db import migrations\nfrom django.db.models import Value\n",
            )
            .replace("update(sku=None)", "update(sku=Value(None))");
        assert_eq!(change(&base, &imported), "reverse");
        // The reverse taken out again, its functions left behind or not.
        let removed = base.replace("RunPython(forwards, backwards)", "RunPython(forwards)");
        assert_eq!(change(&base, &removed), "reverse");
        assert_eq!(change(&base, DJANGO), "reverse");
        // Used by the forward path too, the helper is forward.
        let shared = base.replace(
            "    Product = apps.get_model(\"shop\", \"Product\")\n",
            "    Product = helper(apps)\n",
        );
        assert_eq!(
            change(
                &shared,
                &shared.replace(
                    "return apps",
                    "return apps.get_model(\"shop\", \"Item\") or apps"
                )
            ),
            "changed `helper()`"
        );
        let shared_sql = base.replace("RunSQL(SQL, REVERSE_SQL)", "RunSQL(REVERSE_SQL, SQL)");
        assert_eq!(
            change(
                &shared_sql,
                &shared_sql.replace("SET sku = NULL", "SET sku = DEFAULT")
            ),
            "changed `REVERSE_SQL`"
        );
    }

    #[test]
    fn a_function_used_both_ways_is_forward() {
        let base = DJANGO.replace("RunPython(forwards)", "RunPython(forwards, forwards)");
        let edited = base.replace("update(sku=\"\")", "update(sku=\"-\")");
        assert_eq!(change(&base, &edited), "changed `forwards()`");
        // Called by the forward function.
        let called = with_backwards(DJANGO, BACKWARDS)
            .replace("RunPython(forwards)", "RunPython(forwards, backwards)")
            .replace(
                "    Product.objects.filter(sku=None)",
                "    backwards(apps, schema_editor)\n    Product.objects.filter(sku=None)",
            );
        let edited = called.replace("update(sku=None)", "update(sku=\"?\")");
        assert_eq!(change(&called, &edited), "changed `backwards()`");
    }

    #[test]
    fn positional_arguments_after_the_reverse_keep_their_places() {
        let base = with_backwards(DJANGO, BACKWARDS).replace(
            "RunPython(forwards)",
            "RunPython(forwards, backwards, True)",
        );
        let reverse = base.replace("backwards, True", "None, True");
        assert_eq!(change(&base, &reverse), "reverse");
        let atomic = base.replace("backwards, True", "backwards, False");
        assert_eq!(change(&base, &atomic), "changed operation 1 (`RunPython`)");
    }

    #[test]
    fn nested_operations_have_reverses_too() {
        let base = DJANGO.replace(
            "migrations.RunSQL(SQL),",
            "migrations.SeparateDatabaseAndState(database_operations=[migrations.RunSQL(SQL)]),",
        );
        let head = base.replace("RunSQL(SQL)", "RunSQL(SQL, \"SELECT 1\")");
        assert_eq!(change(&base, &head), "reverse");
    }

    const ALEMBIC: &str = r#"from alembic import op

revision = "ab12"
down_revision = None
TABLE = "invoices"


def upgrade():
    op.add_column(TABLE, "total")


def _drop(column):
    op.drop_column(TABLE, column)


def downgrade():
    _drop("total")
"#;

    #[test]
    fn alembic_downgrade_and_its_helpers_are_reverse() {
        for (old, new) in [
            (
                "_drop(\"total\")",
                "_drop(\"total\")\n    op.execute(\"VACUUM\")",
            ),
            (
                "op.drop_column(TABLE, column)",
                "op.drop_column(TABLE, column, if_exists=True)",
            ),
            ("def downgrade():\n    _drop(\"total\")\n", ""),
        ] {
            assert_eq!(
                change(ALEMBIC, &ALEMBIC.replace(old, new)),
                "reverse",
                "{new}"
            );
        }
        // What upgrade() reads is forward, whoever else reads it.
        assert_eq!(
            change(ALEMBIC, &ALEMBIC.replace("\"invoices\"", "\"bills\"")),
            "changed `TABLE`"
        );
        let calls = ALEMBIC.replace("op.add_column(TABLE, \"total\")", "_drop(\"old\")");
        assert_eq!(
            change(
                &calls,
                &calls.replace("TABLE, column)", "TABLE, column, if_exists=True)")
            ),
            "changed `_drop()`"
        );
        assert_eq!(
            change(
                ALEMBIC,
                &ALEMBIC.replace("\"total\")\n\n\ndef _drop", "\"sum\")\n\n\ndef _drop")
            ),
            "changed `upgrade()`"
        );
    }
}
