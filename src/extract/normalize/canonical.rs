//! One canonical form for code that pyupgrade, ruff and similar tools rewrite without
//! changing what it does: both versions of a migration are put in it before they are
//! compared, so such a rewrite is cosmetic.
//!
//! Each rewrite is made only where it is certainly equivalent: a builtin only where the
//! module binds no name like it, a class only where its name is bound once. `all([...])` →
//! `all(...)` is never made: it evaluates less (it stops at the first false element), which
//! no reading of the module can rule out mattering.

use std::collections::HashMap;

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::template::{Template, is_str, string_literal};
use super::{bindings, bodies};
use crate::extract::python::last_segment;

/// Puts a module body in canonical form.
pub(super) fn canonicalize(body: &mut ast::Suite) {
    let mut bound = ModuleBindings::default();
    bound.visit_body(body);
    flatten_exits(body);
    plain_returns(body, false);
    super_calls(body, &bound);
    yield_from(body, &bound);
    let canonical = Canonical { bound: &bound };
    for stmt in body.iter_mut() {
        canonical.visit_stmt(stmt);
    }
}

/// How often each name is bound anywhere in the module, and what imports bind it to.
#[derive(Default)]
pub(super) struct ModuleBindings {
    pub(super) count: HashMap<String, usize>,
    imports: HashMap<String, String>,
    /// How often each name is read, and how often as the callee of a `for` loop's (or a
    /// comprehension's) iterable: `for x in name(...)`.
    reads: HashMap<String, usize>,
    iterated: HashMap<String, usize>,
}

impl ModuleBindings {
    fn add(&mut self, name: &str) {
        *self.count.entry(name.to_string()).or_default() += 1;
    }

    /// Whether `name` is the builtin of that name: nothing in the module binds it.
    fn builtin(&self, expr: &Expr, name: &str) -> bool {
        matches!(expr, Expr::Name(n) if n.id.as_str() == name) && !self.count.contains_key(name)
    }

    fn iterate(&mut self, iterable: &Expr) {
        if let Expr::Call(call) = iterable
            && let Expr::Name(name) = &*call.func
        {
            *self.iterated.entry(name.id.to_string()).or_default() += 1;
        }
    }

    /// Whether `expr` names `decimal.Decimal`, through an import that is its only binding.
    fn decimal(&self, expr: &Expr) -> bool {
        let imported = |local: &str, path: &str| {
            self.count.get(local) == Some(&1) && self.imports.get(local).is_some_and(|p| p == path)
        };
        match expr {
            Expr::Name(name) => imported(name.id.as_str(), "decimal:Decimal"),
            Expr::Attribute(attribute) => {
                attribute.attr.as_str() == "Decimal"
                    && matches!(&*attribute.value, Expr::Name(module)
                        if imported(module.id.as_str(), "decimal"))
            }
            _ => false,
        }
    }
}

impl<'a> Visitor<'a> for ModuleBindings {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(function) => self.add(function.name.as_str()),
            Stmt::ClassDef(class) => self.add(class.name.as_str()),
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                for (local, path) in bindings(stmt) {
                    self.add(&local);
                    self.imports.insert(local, path);
                }
            }
            Stmt::Global(global) => global.names.iter().for_each(|n| self.add(n.as_str())),
            Stmt::Nonlocal(nonlocal) => nonlocal.names.iter().for_each(|n| self.add(n.as_str())),
            Stmt::For(stmt_for) => self.iterate(&stmt_for.iter),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr {
            if name.ctx.is_load() {
                *self.reads.entry(name.id.to_string()).or_default() += 1;
            } else {
                self.add(name.id.as_str());
            }
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_comprehension(&mut self, comprehension: &'a ast::Comprehension) {
        self.iterate(&comprehension.iter);
        visitor::walk_comprehension(self, comprehension);
    }

    fn visit_parameter(&mut self, parameter: &'a ast::Parameter) {
        self.add(parameter.name.as_str());
        visitor::walk_parameter(self, parameter);
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(inner) = handler;
        if let Some(name) = &inner.name {
            self.add(name.as_str());
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        let name = match pattern {
            ast::Pattern::MatchAs(p) => p.name.as_ref(),
            ast::Pattern::MatchStar(p) => p.name.as_ref(),
            ast::Pattern::MatchMapping(p) => p.rest.as_ref(),
            _ => None,
        };
        if let Some(name) = name {
            self.add(name.as_str());
        }
        visitor::walk_pattern(self, pattern);
    }
}

/// Whether a body always leaves at its end: `return`, `raise`, `continue` or `break`.
fn exits(body: &[Stmt]) -> bool {
    matches!(
        body.last(),
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Continue(_) | Stmt::Break(_))
    )
}

/// `elif` and `else` after an `if` whose body always leaves are code after the `if`
/// (ruff's RET505-RET508 rewrites): they become a new `if` and plain statements.
fn flatten_exits(body: &mut ast::Suite) {
    for stmt in body.iter_mut() {
        for inner in bodies(stmt) {
            flatten_exits(inner);
        }
    }
    let mut flat = ast::Suite::with_capacity(body.len());
    for stmt in std::mem::take(body) {
        push_flattened(&mut flat, stmt);
    }
    *body = flat;
}

fn push_flattened(out: &mut ast::Suite, stmt: Stmt) {
    let Stmt::If(mut stmt_if) = stmt else {
        out.push(stmt);
        return;
    };
    if stmt_if.elif_else_clauses.is_empty() || !exits(&stmt_if.body) {
        out.push(Stmt::If(stmt_if));
        return;
    }
    let mut clauses = std::mem::take(&mut stmt_if.elif_else_clauses).into_iter();
    out.push(Stmt::If(stmt_if));
    let Some(first) = clauses.next() else {
        return;
    };
    match first.test {
        Some(test) => push_flattened(
            out,
            Stmt::If(ast::StmtIf {
                node_index: ast::AtomicNodeIndex::default(),
                range: first.range,
                test: Box::new(test),
                body: first.body,
                elif_else_clauses: clauses.collect(),
            }),
        ),
        None => out.extend(first.body),
    }
}

/// `for x in y: yield x` is `yield from y` (UP028) in a generator function of the module
/// whose every use is as the iterable of a `for` loop or a comprehension: then nothing sends
/// to it or throws into it, which `yield from` would pass on. The function holds no `try`
/// or `with` (closing the generator closes `y` at another moment with `yield from`), and
/// reads `x` nowhere else.
fn yield_from(body: &mut ast::Suite, bound: &ModuleBindings) {
    for stmt in body.iter_mut() {
        let Stmt::FunctionDef(function) = stmt else {
            continue;
        };
        let name = function.name.as_str();
        let iterated = bound.iterated.get(name).copied().unwrap_or(0);
        let only_iterated = iterated > 0 && bound.reads.get(name) == Some(&iterated);
        if function.is_async || !only_iterated || bound.count.get(name) != Some(&1) {
            continue;
        }
        let mut names = NameUses::default();
        names.visit_body(&function.body);
        if !names.try_or_with {
            rewrite_yield_loops(&mut function.body, &names.count);
        }
    }
}

fn rewrite_yield_loops(body: &mut ast::Suite, uses: &HashMap<String, usize>) {
    for stmt in body.iter_mut() {
        if let Stmt::For(stmt_for) = stmt
            && !stmt_for.is_async
            && stmt_for.orelse.is_empty()
            && let Expr::Name(target) = &*stmt_for.target
            && uses.get(target.id.as_str()) == Some(&2)
            && let [Stmt::Expr(only)] = &stmt_for.body[..]
            && let Expr::Yield(ast::ExprYield {
                value: Some(value), ..
            }) = &*only.value
            && matches!(&**value, Expr::Name(yielded) if yielded.id == target.id)
        {
            let range = stmt_for.range;
            let iterable = stmt_for.iter.clone();
            *stmt = Stmt::Expr(ast::StmtExpr {
                node_index: ast::AtomicNodeIndex::default(),
                range,
                value: Box::new(Expr::YieldFrom(ast::ExprYieldFrom {
                    node_index: ast::AtomicNodeIndex::default(),
                    range,
                    value: iterable,
                })),
            });
            continue;
        }
        if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            for inner in bodies(stmt) {
                rewrite_yield_loops(inner, uses);
            }
        }
    }
}

/// How often each name occurs in a function, nested scopes included, and whether it holds
/// a `try` or `with`.
#[derive(Default)]
struct NameUses {
    count: HashMap<String, usize>,
    try_or_with: bool,
}

impl<'a> Visitor<'a> for NameUses {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.try_or_with |= matches!(stmt, Stmt::Try(_) | Stmt::With(_));
        // A name declared global or nonlocal is seen outside the function.
        let declared = match stmt {
            Stmt::Global(global) => &global.names[..],
            Stmt::Nonlocal(nonlocal) => &nonlocal.names[..],
            _ => &[],
        };
        for name in declared {
            *self.count.entry(name.to_string()).or_default() += 1;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(name) = expr {
            *self.count.entry(name.id.to_string()).or_default() += 1;
        }
        visitor::walk_expr(self, expr);
    }
}

/// `return None` is `return` (RET501), and a `return` that ends a function is what falling
/// off its end does (RET503 adds one).
fn plain_returns(body: &mut ast::Suite, in_function: bool) {
    for stmt in body.iter_mut() {
        if let Stmt::Return(ret) = stmt
            && ret.value.as_deref().is_some_and(Expr::is_none_literal_expr)
        {
            ret.value = None;
        }
        let nested = matches!(stmt, Stmt::FunctionDef(_));
        for inner in bodies(stmt) {
            plain_returns(inner, nested);
        }
    }
    if in_function && matches!(body.last(), Some(Stmt::Return(ret)) if ret.value.is_none()) {
        body.pop();
    }
}

/// `super(C, self)` in a method of class `C` is `super()` (pyupgrade's UP008), for a class
/// without decorators whose name is bound once, in the method's own scope.
fn super_calls(body: &mut ast::Suite, bound: &ModuleBindings) {
    for stmt in body.iter_mut() {
        if let Stmt::ClassDef(class) = stmt
            && class.decorator_list.is_empty()
            && bound.count.get(class.name.as_str()) == Some(&1)
        {
            for method in class.body.iter_mut() {
                let Stmt::FunctionDef(function) = method else {
                    continue;
                };
                let parameters = &function.parameters;
                let Some(first) = parameters.posonlyargs.iter().chain(&parameters.args).next()
                else {
                    continue;
                };
                let call = SuperCall {
                    class: class.name.as_str(),
                    first: first.parameter.name.as_str(),
                    bound,
                };
                for inner in function.body.iter_mut() {
                    call.visit_stmt(inner);
                }
            }
        }
        for inner in bodies(stmt) {
            super_calls(inner, bound);
        }
    }
}

struct SuperCall<'a> {
    class: &'a str,
    first: &'a str,
    bound: &'a ModuleBindings,
}

impl Transformer for SuperCall<'_> {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        // Another scope: its `super()` would not see this method's arguments.
        if !matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            transformer::walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&self, expr: &mut Expr) {
        if matches!(
            expr,
            Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_)
        ) {
            return;
        }
        transformer::walk_expr(self, expr);
        if let Expr::Call(call) = expr
            && self.bound.builtin(&call.func, "super")
            && call.arguments.keywords.is_empty()
            && let [Expr::Name(class), Expr::Name(first)] = &*call.arguments.args
            && class.id.as_str() == self.class
            && first.id.as_str() == self.first
        {
            call.arguments.args = Box::default();
        }
    }
}

/// The expression rewrites, made bottom-up.
struct Canonical<'a> {
    bound: &'a ModuleBindings,
}

impl Transformer for Canonical<'_> {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        // `class C(object):` is `class C:` (UP004), and `class C():` too.
        if let Stmt::ClassDef(class) = stmt
            && let Some(arguments) = &mut class.arguments
        {
            let bases = std::mem::take(&mut arguments.args).into_vec();
            arguments.args = bases
                .into_iter()
                .filter(|base| !self.bound.builtin(base, "object"))
                .collect();
            if arguments.args.is_empty() && arguments.keywords.is_empty() {
                class.arguments = None;
            }
        }
        transformer::walk_stmt(self, stmt);
    }

    fn visit_expr(&self, expr: &mut Expr) {
        transformer::walk_expr(self, expr);
        let rewritten = match &*expr {
            Expr::FString(fstring) => {
                Template::of_fstring(&fstring.value).map(|t| t.expr(expr.range()))
            }
            Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
                Template::of_percent(&binop.left, &binop.right).map(|t| t.expr(expr.range()))
            }
            Expr::Call(call) => self.call(call),
            _ => None,
        };
        if let Some(rewritten) = rewritten {
            *expr = rewritten;
        }
    }
}

impl Canonical<'_> {
    fn call(&self, call: &ast::ExprCall) -> Option<Expr> {
        self.set_display(call)
            .or_else(|| self.empty_collection(call))
            .or_else(|| self.zip_default(call))
            .or_else(|| self.open_default(call))
            .or_else(|| self.integral_decimal(call))
            .or_else(|| str_format(call))
            .or_else(|| utf8_encode(call))
            .or_else(|| check_condition(call))
    }

    /// `set([a, b])` is `{a, b}`, and `set([])` is `set()` (C405).
    fn set_display(&self, call: &ast::ExprCall) -> Option<Expr> {
        if !self.bound.builtin(&call.func, "set") || !call.arguments.keywords.is_empty() {
            return None;
        }
        let [Expr::List(ast::ExprList { elts, .. }) | Expr::Tuple(ast::ExprTuple { elts, .. })] =
            &*call.arguments.args
        else {
            return None;
        };
        if elts.is_empty() {
            let mut empty = call.clone();
            empty.arguments.args = Box::default();
            return Some(Expr::Call(empty));
        }
        Some(Expr::Set(ast::ExprSet {
            node_index: ast::AtomicNodeIndex::default(),
            range: call.range(),
            elts: elts.clone(),
        }))
    }

    /// `dict()`, `list()`, `tuple()` and `dict(a=1)` are `{}`, `[]`, `()` and `{"a": 1}`
    /// (C408).
    fn empty_collection(&self, call: &ast::ExprCall) -> Option<Expr> {
        let (func, keywords, range) = (&*call.func, &call.arguments.keywords, call.range());
        if !call.arguments.args.is_empty() {
            return None;
        }
        let (node_index, elts, ctx) = (
            ast::AtomicNodeIndex::default(),
            Vec::new(),
            ast::ExprContext::Load,
        );
        if self.bound.builtin(func, "list") && keywords.is_empty() {
            return Some(Expr::List(ast::ExprList {
                node_index,
                range,
                elts,
                ctx,
            }));
        }
        if self.bound.builtin(func, "tuple") && keywords.is_empty() {
            let parenthesized = true;
            return Some(Expr::Tuple(ast::ExprTuple {
                node_index,
                range,
                elts,
                ctx,
                parenthesized,
            }));
        }
        if !self.bound.builtin(func, "dict") || keywords.iter().any(|k| k.arg.is_none()) {
            return None;
        }
        let items = keywords
            .iter()
            .map(|keyword| ast::DictItem {
                key: keyword
                    .arg
                    .as_ref()
                    .map(|arg| string_literal(arg.as_str(), range)),
                value: keyword.value.clone(),
            })
            .collect();
        Some(Expr::Dict(ast::ExprDict {
            node_index,
            range,
            items,
        }))
    }

    /// `zip(a, b, strict=False)` is `zip(a, b)` (B905 spells the default out).
    fn zip_default(&self, call: &ast::ExprCall) -> Option<Expr> {
        if !self.bound.builtin(&call.func, "zip") {
            return None;
        }
        let not_strict = |keyword: &ast::Keyword| {
            keyword.arg.as_ref().is_some_and(|a| a == "strict")
                && matches!(
                    keyword.value,
                    Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
                )
        };
        let index = call.arguments.keywords.iter().position(not_strict)?;
        let mut call = call.clone();
        call.arguments.keywords.remove(index);
        Some(Expr::Call(call))
    }

    /// `open(f, "r")` is `open(f)` (UP015).
    fn open_default(&self, call: &ast::ExprCall) -> Option<Expr> {
        if !self.bound.builtin(&call.func, "open") {
            return None;
        }
        let (args, keywords) = (&*call.arguments.args, &call.arguments.keywords);
        let default_mode = |expr: &Expr| matches!(expr, Expr::StringLiteral(s) if matches!(s.value.to_str(), "r" | "rt"));
        let mut call = call.clone();
        // Not where `**kwargs` or `*args` may hold more arguments.
        let plain =
            keywords.iter().all(|k| k.arg.is_some()) && !args.iter().any(Expr::is_starred_expr);
        if plain && args.len() == 2 && default_mode(&args[1]) {
            call.arguments.args = args[..1].into();
            return Some(Expr::Call(call));
        }
        let mode = |k: &ast::Keyword| {
            k.arg.as_ref().is_some_and(|a| a == "mode") && default_mode(&k.value)
        };
        let index = keywords.iter().position(mode)?;
        call.arguments.keywords.remove(index);
        Some(Expr::Call(call))
    }

    /// `Decimal(7)` is `Decimal("7")`: an integer and its digits make the same Decimal
    /// (FURB157). Not `"-0"` (negative zero), `"1.0"` (another exponent) or `"1_0"`.
    fn integral_decimal(&self, call: &ast::ExprCall) -> Option<Expr> {
        let ([arg], true) = (&*call.arguments.args, call.arguments.keywords.is_empty()) else {
            return None;
        };
        if !self.bound.decimal(&call.func) {
            return None;
        }
        let value = match arg {
            Expr::NumberLiteral(ast::ExprNumberLiteral {
                value: ast::Number::Int(int),
                ..
            }) => int.as_u64()?,
            Expr::StringLiteral(s) => {
                let digits = s.value.to_str();
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse::<u64>().ok()?
            }
            _ => return None,
        };
        let mut call = call.clone();
        call.arguments.args = Box::new([string_literal(&value.to_string(), arg.range())]);
        Some(Expr::Call(call))
    }
}

/// `"{} {n}".format(a, n=b)` is `f"{a} {b}"` (UP032).
fn str_format(call: &ast::ExprCall) -> Option<Expr> {
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    let Expr::StringLiteral(template) = &*attribute.value else {
        return None;
    };
    let (args, keywords) = (&*call.arguments.args, &call.arguments.keywords[..]);
    if attribute.attr.as_str() != "format" || args.iter().any(Expr::is_starred_expr) {
        return None;
    }
    Template::of_format(template.value.to_str(), args, keywords).map(|t| t.expr(call.range()))
}

/// A string's `.encode("utf-8")` is `.encode()`, and for ASCII text a bytes literal (UP012).
/// Other objects' `encode` may read its argument otherwise.
fn utf8_encode(call: &ast::ExprCall) -> Option<Expr> {
    let Expr::Attribute(attribute) = &*call.func else {
        return None;
    };
    if attribute.attr.as_str() != "encode" || !is_str(&attribute.value) {
        return None;
    }
    let utf8 = |expr: &Expr| {
        matches!(expr, Expr::StringLiteral(s)
            if matches!(s.value.to_str().to_ascii_lowercase().as_str(), "utf-8" | "utf8" | "utf_8"))
    };
    let (args, keywords) = (&*call.arguments.args, &call.arguments.keywords[..]);
    let default = match (args, keywords) {
        ([], []) => true,
        ([encoding], []) => utf8(encoding),
        ([], [keyword]) => {
            keyword.arg.as_ref().is_some_and(|a| a == "encoding") && utf8(&keyword.value)
        }
        _ => false,
    };
    if !default {
        return None;
    }
    let range = call.range();
    match &*attribute.value {
        Expr::StringLiteral(text) if text.value.to_str().is_ascii() => {
            Some(Expr::BytesLiteral(ast::ExprBytesLiteral {
                node_index: ast::AtomicNodeIndex::default(),
                range,
                value: ast::BytesLiteralValue::single(ast::BytesLiteral {
                    range,
                    node_index: ast::AtomicNodeIndex::default(),
                    value: text.value.to_str().as_bytes().into(),
                    flags: ast::BytesLiteralFlags::empty(),
                }),
            }))
        }
        _ if args.is_empty() && keywords.is_empty() => None,
        _ => {
            let mut call = call.clone();
            call.arguments.args = Box::default();
            call.arguments.keywords.clear();
            Some(Expr::Call(call))
        }
    }
}

/// Django's `CheckConstraint(check=...)` is `CheckConstraint(condition=...)`: Django 5.1
/// renamed the argument, and the constraint is the same.
fn check_condition(call: &ast::ExprCall) -> Option<Expr> {
    if last_segment(&call.func) != Some("CheckConstraint") {
        return None;
    }
    let at = call
        .arguments
        .keywords
        .iter()
        .position(|k| k.arg.as_ref().is_some_and(|arg| arg.as_str() == "check"))?;
    let mut call = call.clone();
    call.arguments.keywords[at].arg = Some(ast::Identifier::new("condition", TextRange::default()));
    Some(Expr::Call(call))
}

#[cfg(test)]
mod tests {
    use super::super::{Context, normalize};

    /// Whether two versions of a function body are the same after normalization.
    fn same(old: &str, new: &str) -> bool {
        let module = |body: &str| {
            let body: String = body.lines().map(|line| format!("    {line}\n")).collect();
            format!("from decimal import Decimal\n\n\ndef forwards(apps, schema_editor):\n{body}")
        };
        let context = Context::default();
        normalize(&module(old), &context).unwrap() == normalize(&module(new), &context).unwrap()
    }

    /// `old` → `new` is cosmetic, `old` → `miss` is not.
    fn rewrite(old: &str, new: &str, miss: &str) {
        assert!(same(old, new), "{old:?} -> {new:?} is cosmetic");
        assert!(!same(old, miss), "{old:?} -> {miss:?} is semantic");
    }

    #[test]
    fn check_constraint_condition() {
        let old = "return models.CheckConstraint(check=models.Q(a__gte=0), name='a_positive')";
        rewrite(
            old,
            &old.replace("check=", "condition="),
            &old.replace("a__gte=0", "a__gte=1"),
        );
        let other = "return Check(check=1)";
        assert!(!same(other, &other.replace("check=", "condition=")));
    }

    #[test]
    fn object_base() {
        let old = "class Helper(object):\n    pass\nreturn Helper";
        rewrite(
            old,
            &old.replace("(object)", ""),
            &old.replace("(object)", "(dict)"),
        );
        assert!(same(old, &old.replace("(object)", "()")));
        // A module that binds `object` means something else by it.
        let bound = format!("object = dict\n{old}");
        assert!(!same(&bound, &bound.replace("(object)", "")));
    }

    #[test]
    fn super_with_arguments() {
        let old = "class Helper(Base):\n    def save(self, *args):\n        return super(Helper, self).save(*args)\nreturn Helper";
        rewrite(
            old,
            &old.replace("super(Helper, self)", "super()"),
            &old.replace("super(Helper, self)", "super(Base, self)"),
        );
        // Only in the method's own scope, with its first argument.
        let nested = old.replace(
            "return super(Helper, self).save(*args)",
            "return (lambda: super(Helper, self))().save(*args)",
        );
        assert!(!same(
            &nested,
            &nested.replace("super(Helper, self)", "super()")
        ));
        let other = old.replace("super(Helper, self)", "super(Helper, args[0])");
        assert!(!same(
            &other,
            &other.replace("super(Helper, args[0])", "super()")
        ));
    }

    #[test]
    fn set_of_a_list() {
        rewrite("return set([a, b])", "return {a, b}", "return {a, c}");
        rewrite("return set(())", "return set()", "return {()}");
        // A list comprehension is not a list literal.
        assert!(!same("return set([a for a in b])", "return {a for a in b}"));
    }

    #[test]
    fn empty_collections() {
        rewrite(
            "return dict(), list(), tuple()",
            "return {}, [], ()",
            "return {}, [], [()]",
        );
        rewrite("return dict(a=1)", "return {'a': 1}", "return {'a': 2}");
        assert!(!same("return list(x)", "return [x]"));
        let bound = "list = tuple\nreturn list()";
        assert!(!same(bound, &bound.replace("list()", "[]")));
    }

    #[test]
    fn format_strings() {
        rewrite(
            "return 'x {} {!r:>4}'.format(a, b)",
            "return f\"x {a} {b!r:>4}\"",
            "return f\"x {b} {a!r:>4}\"",
        );
        rewrite(
            "return 'x {0} {1}'.format(a, b)",
            "return f'x {a} {b}'",
            "return f'x {a}{b}'",
        );
        rewrite(
            "return 'x %s %r %%' % (a, b)",
            "return f'x {a} {b!r} %'",
            "return f'x {a} {b} %'",
        );
        rewrite(
            "return f'no fields'",
            "return 'no fields'",
            "return 'no field'",
        );
        // Not certainly the same: unused or reused arguments, numbering mixed, `%d`, and a
        // right side that may hold a tuple.
        assert!(!same("return '{}'.format(a, b)", "return f'{a}'"));
        assert!(!same("return '{0}{0}'.format(a.b)", "return f'{a.b}{a.b}'"));
        assert!(!same("return '{}{1}'.format(a, b)", "return f'{a}{b}'"));
        assert!(!same("return '%d' % (a,)", "return f'{a}'"));
        assert!(!same("return 'x %s' % a", "return f'x {a}'"));
    }

    #[test]
    fn format_keywords_indexes_and_attributes() {
        rewrite(
            "return '{n} rows'.format(n=n)",
            "return f'{n} rows'",
            "return f'{m} rows'",
        );
        rewrite(
            "return '{} of {total:>4}'.format(done, total=count)",
            "return f'{done} of {count:>4}'",
            "return f'{done} of {count:<4}'",
        );
        rewrite(
            "return '{0.name} ({0.pk!r})'.format(product)",
            "return f'{product.name} ({product.pk!r})'",
            "return f'{product.name} ({product.pk})'",
        );
        rewrite(
            "return '{row[0]}: {row[label]}'.format(row=row)",
            "return f\"{row[0]}: {row['label']}\"",
            "return f\"{row['0']}: {row['label']}\"",
        );
        rewrite(
            "return '{}.{.db_table}'.format(schema, model._meta)",
            "return f'{schema}.{model._meta.db_table}'",
            "return f'{schema}.{model.db_table}'",
        );
        // Keywords in another order than their fields, when they read the same whenever read.
        rewrite(
            "return '{a}-{b}'.format(b=y, a=x)",
            "return f'{x}-{y}'",
            "return f'{y}-{x}'",
        );
        // A call read from after it is evaluated, in both.
        rewrite(
            "return '{0.name}'.format(get())",
            "return f'{get().name}'",
            "return f'{get()}'",
        );
        // `[-1]` is the key '-1' to `str.format`.
        assert!(!same("return '{0[-1]}'.format(a)", "return f'{a[-1]}'"));
        assert!(same("return '{0[-1]}'.format(a)", "return f\"{a['-1']}\""));
        // Not certainly the same: an unused keyword, a keyword no field names, calls out of
        // order or before an attribute is read, `**kwargs`, and a positional field past the
        // positional arguments.
        assert!(!same("return '{a}'.format(a=x, b=y)", "return f'{x}'"));
        assert!(!same("return '{c}'.format(a=x)", "return f'{x}'"));
        assert!(!same(
            "return '{b}{a}'.format(a=f(), b=g())",
            "return f'{g()}{f()}'"
        ));
        assert!(!same(
            "return '{0.a}{1}'.format(x, f())",
            "return f'{x.a}{f()}'"
        ));
        assert!(!same("return '{a}'.format(**k)", "return f'{k[\"a\"]}'"));
        assert!(!same("return '{} {}'.format(a, k=b)", "return f'{a} {b}'"));
        assert!(!same("return '{1}'.format(a, k=b)", "return f'{b}'"));
    }

    #[test]
    fn percent_tuples_and_dicts() {
        rewrite(
            "return 'ALTER TABLE %s ADD %s' % (table, column)",
            "return f'ALTER TABLE {table} ADD {column}'",
            "return f'ALTER TABLE {column} ADD {table}'",
        );
        rewrite(
            "return '%s: %r' % (obj.name, obj.pk)",
            "return f'{obj.name}: {obj.pk!r}'",
            "return f'{obj.name}: {obj.pk}'",
        );
        rewrite(
            "return '%(table)s.%(table)s_id' % {'table': table}",
            "return f'{table}.{table}_id'",
            "return f'{table}.{table}id'",
        );
        // Braces in the text are text.
        rewrite("return '{%s}' % (a,)", "return f'{{{a}}}'", "return f'{a}'");
        rewrite(
            "return '{{{n}}}'.format(n=a)",
            "return '{%s}' % (a,)",
            "return '{{%s}}' % (a,)",
        );
        // `%s` is not `!r`, `%5s` and `%d` are not `{}`.
        assert!(!same("return '%s' % (a,)", "return f'{a!r}'"));
        assert!(!same("return '%5s' % (a,)", "return f'{a:>5}'"));
        assert!(!same("return '%d' % (a,)", "return f'{a:d}'"));
    }

    #[test]
    fn integral_decimals() {
        rewrite(
            "return Decimal('0')",
            "return Decimal(0)",
            "return Decimal('0.0')",
        );
        rewrite(
            "return Decimal('007')",
            "return Decimal(7)",
            "return Decimal(8)",
        );
        // `Decimal("-0")` is negative zero; `Decimal(-0)` is zero.
        assert!(!same("return Decimal('-0')", "return Decimal(-0)"));
        assert!(!same("return Decimal('1.0')", "return Decimal(1)"));
    }

    #[test]
    fn exits_before_elif_and_else() {
        let old = "if a:\n    return 1\nelif b:\n    return 2\nelse:\n    c()\nreturn 3";
        let new = "if a:\n    return 1\nif b:\n    return 2\nc()\nreturn 3";
        rewrite(old, new, &new.replace("    return 2\n", "    pass\n"));
        let loop_ = "for x in y:\n    if x:\n        continue\n    else:\n        z(x)";
        assert!(same(
            loop_,
            "for x in y:\n    if x:\n        continue\n    z(x)"
        ));
        // A body that does not always leave.
        let maybe = "if a:\n    f()\nelse:\n    g()";
        assert!(!same(maybe, "if a:\n    f()\ng()"));
    }

    #[test]
    fn default_open_mode() {
        rewrite(
            "return open(path, 'r').read()",
            "return open(path).read()",
            "return open(path, 'rb').read()",
        );
        rewrite(
            "return open(path, mode='rt', encoding='utf-8').read()",
            "return open(path, encoding='utf-8').read()",
            "return open(path, encoding='latin-1').read()",
        );
    }

    #[test]
    fn utf8_encode_of_strings() {
        rewrite(
            "return 'abc'.encode('utf-8')",
            "return b'abc'",
            "return b'abd'",
        );
        rewrite(
            "return f'{a}'.encode(encoding='UTF8')",
            "return f'{a}'.encode()",
            "return f'{a}'.encode('latin-1')",
        );
        // Another object's `encode` may read its argument differently.
        assert!(!same("return name.encode('utf-8')", "return name.encode()"));
    }

    #[test]
    fn all_of_a_list_stays_semantic() {
        assert!(!same(
            "return all([f(x) for x in y])",
            "return all(f(x) for x in y)"
        ));
    }

    #[test]
    fn returning_none() {
        rewrite(
            "if a:\n    return b",
            "if a:\n    return b\nreturn None",
            "if a:\n    return b\nreturn 0",
        );
        rewrite(
            "if a:\n    return None\nf()",
            "if a:\n    return\nf()",
            "if a:\n    pass\nf()",
        );
    }

    #[test]
    fn zip_not_strict() {
        rewrite(
            "return zip(a, b, strict=False)",
            "return zip(a, b)",
            "return zip(a, b, strict=True)",
        );
    }

    #[test]
    fn percent_with_a_dict_and_repeated_names() {
        rewrite(
            "return 'by %(user)s on %(day)r' % {'user': user, 'day': day}",
            "return f'by {user} on {day!r}'",
            "return f'by {day} on {user!r}'",
        );
        // Names and literals read the same however often and in whatever order.
        rewrite(
            "return '{0}.{1} in {0}'.format(schema, table)",
            "return f'{schema}.{table} in {schema}'",
            "return f'{schema}.{table} in {table}'",
        );
        // Calls do not; a dict formats itself with a plain `%s`.
        assert!(!same("return '{0}{0}'.format(f())", "return f'{f()}{f()}'"));
        assert!(!same(
            "return '%(a)s' % {'a': f(), 'b': g()}",
            "return f'{f()}'"
        ));
        assert!(!same("return '%s' % {'a': a}", "return f'{a}'"));
    }

    /// A module whose generator `batches` is only looped over.
    const GENERATORS: &str = "def batches(ids):
    for batch in chunks(ids):
        yield batch


def forwards(apps, schema_editor):
    for batch in batches([]):
        print(batch)
";

    fn same_module(old: &str, new: &str) -> bool {
        let context = Context::default();
        normalize(old, &context).unwrap() == normalize(new, &context).unwrap()
    }

    #[test]
    fn yield_from_a_generator_only_looped_over() {
        let loop_ = "    for batch in chunks(ids):\n        yield batch\n";
        let yield_from = GENERATORS.replace(loop_, "    yield from chunks(ids)\n");
        assert!(same_module(GENERATORS, &yield_from));
        assert!(!same_module(
            GENERATORS,
            &yield_from.replace("chunks(ids)", "ids")
        ));
        // Not when something else may send to it, the loop variable is read after the
        // loop or declared global, or a `try` or `with` may close it early.
        let sent = |module: &str| format!("{module}\nbatches([]).send(None)\n");
        assert!(!same_module(&sent(GENERATORS), &sent(&yield_from)));
        let after = |module: &str| {
            module.replace("\n\n\ndef forwards", "\n    print(batch)\n\n\ndef forwards")
        };
        assert!(!same_module(&after(GENERATORS), &after(&yield_from)));
        for prelude in ["    global batch\n", "    with lock():\n        pass\n"] {
            let guarded = |module: &str| {
                module.replace(
                    "def batches(ids):\n",
                    &format!("def batches(ids):\n{prelude}"),
                )
            };
            assert!(!same_module(&guarded(GENERATORS), &guarded(&yield_from)));
        }
        // The same loop in a function that is not a generator of the module stays.
        assert!(!same("for x in y:\n    yield x", "yield from y"));
    }
}
