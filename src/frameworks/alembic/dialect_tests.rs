//! Which `if` branches of an Alembic revision run on the configured database, and which
//! statements an early `return` keeps from running there: tests of the dialect's name
//! (`if op.get_context().dialect.name == "mysql":`) or of the engine URL's scheme
//! (`if str(bind.engine.url).startswith("sqlite"):`).

use std::collections::HashMap;

use ruff_python_ast::{BoolOp, CmpOp, Expr, Stmt, UnaryOp};

use crate::extract::python::{assignment, string};
use crate::model::Dialect;

/// What a function body knows about testing the database dialect.
pub struct DialectTests<'a> {
    /// The configured dialect's names (`postgresql`, `postgres`); empty for `generic`.
    here: &'static [&'static str],
    /// Local names bound to the dialect's name (`dialect = op.get_bind().dialect.name`).
    names: Vec<String>,
    /// Local names bound to the engine URL (`url = str(bind.engine.url)`).
    urls: Vec<String>,
    /// Local names bound to a test (`is_sqlite = bind.dialect.name == "sqlite"`), and
    /// whether it holds.
    tests: Vec<(String, bool)>,
    /// Module functions that only return something (`def is_postgres(): return ...`).
    returns: HashMap<&'a str, &'a Expr>,
}

impl<'a> DialectTests<'a> {
    pub fn new(dialect: Dialect, module: &'a [Stmt]) -> Self {
        let here: &'static [&'static str] = match dialect {
            Dialect::Postgresql => &["postgresql", "postgres"],
            Dialect::Mysql => &["mysql", "mariadb"],
            Dialect::Sqlite => &["sqlite"],
            Dialect::Generic => &[],
        };
        let returns = module
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::FunctionDef(function) => match function.body.as_slice() {
                    [.., Stmt::Return(ret)] if function.body.len() <= 2 => {
                        Some((function.name.as_str(), ret.value.as_deref()?))
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        DialectTests {
            here,
            names: Vec::new(),
            urls: Vec::new(),
            tests: Vec::new(),
            returns,
        }
    }

    /// Learns what an assignment in the body binds.
    pub fn bind(&mut self, stmt: &Stmt) {
        let Some((name, value)) = assignment(stmt) else {
            return;
        };
        if self.is_dialect_name(value) {
            self.names.push(name.to_string());
        } else if self.is_engine_url(value) {
            self.urls.push(name.to_string());
        } else if let Some(holds) = self.holds(value) {
            self.tests.push((name.to_string(), holds));
        }
    }

    /// Whether a statement is a guard `if <test>: ... return` whose test holds on the
    /// configured dialect: the statements after it in the same body do not run there.
    pub fn returns_here(&self, stmt: &Stmt) -> bool {
        let Stmt::If(guard) = stmt else {
            return false;
        };
        let returns = match guard.body.last() {
            Some(Stmt::Return(ret)) => ret.value.as_deref().is_none_or(Expr::is_none_literal_expr),
            _ => false,
        };
        returns && guard.elif_else_clauses.is_empty() && self.holds(&guard.test) == Some(true)
    }

    /// Whether an `if` test holds on the configured dialect: `Some` for a test of the
    /// dialect's name (`==`, `!=`, `in`, `not in`, combined with `not`, `and`, `or`, `is
    /// False`) or of the engine URL's scheme (`.startswith(...)`); `None` for any other test,
    /// or with the `generic` dialect.
    pub fn holds(&self, test: &Expr) -> Option<bool> {
        self.holds_within(test, 0)
    }

    fn holds_within(&self, test: &Expr, depth: usize) -> Option<bool> {
        // A function that returns a call to itself must not loop.
        if self.here.is_empty() || depth > 4 {
            return None;
        }
        let holds = |expr: &Expr| self.holds_within(expr, depth + 1);
        match test {
            Expr::Name(name) => self
                .tests
                .iter()
                .rev()
                .find(|(bound, _)| bound == name.id.as_str())
                .map(|(_, holds)| *holds),
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not => holds(&unary.operand).map(|h| !h),
            Expr::BoolOp(boolean) => {
                let values: Vec<Option<bool>> = boolean.values.iter().map(holds).collect();
                // `and` is decided by one false, `or` by one true.
                let decisive = boolean.op == BoolOp::Or;
                if values.contains(&Some(decisive)) {
                    Some(decisive)
                } else if values.iter().all(|v| *v == Some(!decisive)) {
                    Some(!decisive)
                } else {
                    None
                }
            }
            Expr::Compare(compare) if compare.ops.len() == 1 => {
                let right = &compare.comparators[0];
                match compare.ops[0] {
                    op @ (CmpOp::Is | CmpOp::IsNot) if right.is_boolean_literal_expr() => {
                        let expected = matches!(right, Expr::BooleanLiteral(b) if b.value);
                        Some((holds(&compare.left)? == expected) == (op == CmpOp::Is))
                    }
                    op if self.is_dialect_name(&compare.left) => {
                        let names = match right {
                            Expr::List(list) => list.elts.iter().filter_map(string).collect(),
                            Expr::Tuple(tuple) => tuple.elts.iter().filter_map(string).collect(),
                            Expr::Set(set) => set.elts.iter().filter_map(string).collect(),
                            _ => string(right).into_iter().collect::<Vec<_>>(),
                        };
                        if names.is_empty() {
                            return None;
                        }
                        let listed = names.iter().any(|name| self.here.contains(&name.as_str()));
                        match op {
                            CmpOp::Eq | CmpOp::In => Some(listed),
                            CmpOp::NotEq | CmpOp::NotIn => Some(!listed),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            Expr::Call(call) if call.arguments.is_empty() => match &*call.func {
                Expr::Name(function) => holds(self.returns.get(function.id.as_str())?),
                _ => None,
            },
            Expr::Call(call) => {
                let Expr::Attribute(method) = &*call.func else {
                    return None;
                };
                let prefix = call.arguments.args.first().and_then(string)?;
                (method.attr.as_str() == "startswith" && self.is_engine_url(&method.value)).then(
                    || {
                        self.here
                            .iter()
                            .any(|name| name.starts_with(prefix.as_str()))
                    },
                )
            }
            _ => None,
        }
    }

    /// `<...>.dialect.name`, `<...>.engine.name`, or a local name bound to one.
    fn is_dialect_name(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(name) => self.names.iter().any(|n| n == name.id.as_str()),
            Expr::Attribute(attribute) if attribute.attr.as_str() == "name" => {
                match &*attribute.value {
                    Expr::Attribute(owner) => matches!(owner.attr.as_str(), "dialect" | "engine"),
                    Expr::Name(owner) => matches!(owner.id.as_str(), "dialect" | "engine"),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// `<...>.url`, `str(<...>.url)`, or a local name bound to one.
    fn is_engine_url(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(name) => self.urls.iter().any(|n| n == name.id.as_str()),
            Expr::Attribute(attribute) => attribute.attr.as_str() == "url",
            Expr::Call(call) => {
                matches!(&*call.func, Expr::Name(name) if name.id.as_str() == "str")
                    && call.arguments.args.len() == 1
                    && self.is_engine_url(&call.arguments.args[0])
            }
            _ => false,
        }
    }
}
