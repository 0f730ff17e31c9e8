//! Small helpers over ruff's Python AST, shared by the Django and Alembic front ends.

use foldhash::HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_python_parser::semantic_errors::{
    SemanticSyntaxChecker, SemanticSyntaxContext, SemanticSyntaxError, SemanticSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::normalize::template::{Access, Argument, Segment, format_segments, percent_segments};
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
                _ => {
                    for block in blocks(stmt) {
                        self.collect(block);
                    }
                }
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
        path(expr, Some(&self.bindings))
    }
}

/// The dotted path of a name or attribute chain, built in one string: its first name as
/// `bindings` bind it (as written without them, or when they do not bind it).
fn path(expr: &Expr, bindings: Option<&HashMap<String, String>>) -> Option<String> {
    fn write(expr: &Expr, bindings: Option<&HashMap<String, String>>, path: &mut String) -> bool {
        match expr {
            Expr::Name(name) => {
                let name = name.id.as_str();
                let bound = bindings.and_then(|bindings| bindings.get(name));
                path.push_str(bound.map_or(name, String::as_str));
                true
            }
            Expr::Attribute(attribute) => {
                let whole = write(&attribute.value, bindings, path);
                path.push('.');
                path.push_str(attribute.attr.as_str());
                whole
            }
            _ => false,
        }
    }
    let mut built = String::with_capacity(48);
    write(expr, bindings, &mut built).then_some(built)
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
            vec![
                &stmt_try.body[..],
                &stmt_try.orelse[..],
                &stmt_try.finalbody[..],
            ],
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
    path(expr, None)
}

/// The last part of a name or attribute, whatever it is an attribute of: `Column` of
/// `sa.Column` (and of `f().Column`, which [`last_name`] leaves out).
pub fn last_segment(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
        _ => None,
    }
}

/// The last name of a name or attribute chain (`RunSQL` of `migrations.RunSQL`), as
/// [`dotted`] would end, without building the whole.
pub fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attribute) => {
            let mut base = &*attribute.value;
            while let Expr::Attribute(inner) = base {
                base = &inner.value;
            }
            matches!(base, Expr::Name(_)).then_some(attribute.attr.as_str())
        }
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

/// What `text(...)` (SQLAlchemy's) wraps.
fn text_argument(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Call(call) if last_name(&call.func) == Some("text") => call.arguments.args.first(),
        _ => None,
    }
}

/// The SQL of an argument: itself, or what `text(...)` wraps.
fn unwrap_text(expr: &Expr) -> &Expr {
    text_argument(expr).unwrap_or(expr)
}

/// Where and how a piece of SQL is written in the module.
struct Written<'a> {
    /// The string literal, f-string or concatenation that holds it.
    at: &'a Expr,
    /// The SQL, each blank of a template (an f-string's `{table}`, `"..." % x`,
    /// `"...".format(x)`, `"..." + x`) written as `sql::blank`.
    text: String,
    /// What fills each blank: the source text of its expression.
    blanks: Vec<String>,
}

impl Written<'_> {
    fn blank(&mut self, filler: String) {
        self.text.push_str(&super::sql::blank(self.blanks.len()));
        self.blanks.push(filler);
    }

    /// An f-string's text, its fields blanks.
    fn fstring(&mut self, value: &ast::FStringValue, source: &SourceFile) {
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(literal) => self.text.push_str(&literal.value),
                ast::FStringPart::FString(fstring) => {
                    for element in &fstring.elements {
                        match element {
                            ast::InterpolatedStringElement::Literal(literal) => {
                                self.text.push_str(&literal.value);
                            }
                            ast::InterpolatedStringElement::Interpolation(field)
                                if field.conversion == ast::ConversionFlag::None
                                    && field.format_spec.is_none() =>
                            {
                                self.value(&field.expression, source);
                            }
                            ast::InterpolatedStringElement::Interpolation(field) => {
                                self.blank(source.slice(field.expression.range()).to_string());
                            }
                        }
                    }
                }
            }
        }
    }

    /// A `str.format` or `%` template's text, each field filled by what `filler` finds for
    /// it: the value it reads (`Ok`), or the name of what would hold it (`Err`).
    fn segments<'e>(
        &mut self,
        segments: Vec<Segment>,
        source: &SourceFile,
        filler: impl Fn(&Argument) -> Result<&'e Expr, String>,
    ) {
        for segment in segments {
            match segment {
                Segment::Text(text) => self.text.push_str(&text),
                Segment::Field(field) => {
                    let filled = filler(&field.argument);
                    let as_written =
                        matches!(field.conversion, None | Some('s')) && field.spec.is_empty();
                    if let Ok(value) = filled
                        && field.access.is_empty()
                        && as_written
                    {
                        self.value(value, source);
                        continue;
                    }
                    let mut filled = filled
                        .map_or_else(|name| name, |value| source.slice(value.range()).to_string());
                    for access in &field.access {
                        match access {
                            Access::Attribute(name) => filled = format!("{filled}.{name}"),
                            Access::Index(index) => filled = format!("{filled}[{index}]"),
                            Access::Key(key) => filled = format!("{filled}[{key:?}]"),
                        }
                    }
                    self.blank(filled);
                }
            }
        }
    }

    /// A value a template fills in: a string literal's text, as it runs; anything else a
    /// blank.
    fn value(&mut self, value: &Expr, source: &SourceFile) {
        match value {
            Expr::StringLiteral(literal) => self.text.push_str(literal.value.to_str()),
            _ => self.blank(source.slice(value.range()).to_string()),
        }
    }
}

/// The SQL an expression stands for, as far as the module spells it out: a string literal, a
/// template, `text(...)` around one, or a name `bound` to one.
fn written<'a>(
    expr: &'a Expr,
    source: &SourceFile,
    bound: &dyn Fn(&str) -> Option<&'a Expr>,
    depth: usize,
) -> Option<Written<'a>> {
    let slice = |expr: &Expr| source.slice(expr.range()).to_string();
    let mut sql = Written {
        at: expr,
        text: String::new(),
        blanks: Vec::new(),
    };
    match expr {
        Expr::StringLiteral(_) => sql.text = string(expr)?,
        Expr::FString(fstring) => sql.fstring(&fstring.value, source),
        Expr::BinOp(binop) if binop.op == ast::Operator::Mod => {
            sql.at = &binop.left;
            let segments = percent_segments(&string(&binop.left)?)?;
            let right = &*binop.right;
            let single = segments
                .iter()
                .filter(|segment| matches!(segment, Segment::Field(_)))
                .count()
                == 1;
            sql.segments(segments, source, |argument| match (argument, right) {
                (Argument::Position(at), Expr::Tuple(tuple)) => tuple
                    .elts
                    .get(*at)
                    .filter(|value| !value.is_starred_expr())
                    .ok_or_else(|| format!("{}[{at}]", slice(right))),
                (Argument::Position(_), _) if single => Ok(right),
                (Argument::Position(at), _) => Err(format!("{}[{at}]", slice(right))),
                (Argument::Key(key), Expr::Dict(dict)) => dict
                    .items
                    .iter()
                    .find(|item| item.key.as_ref().and_then(string).as_ref() == Some(key))
                    .map(|item| &item.value)
                    .ok_or_else(|| format!("{}[{key:?}]", slice(right))),
                (Argument::Key(key), _) => Err(format!("{}[{key:?}]", slice(right))),
            });
        }
        // `"DELETE FROM " + table`: the strings' text, anything else a blank.
        Expr::BinOp(binop) if binop.op == ast::Operator::Add => {
            let mut operands = vec![expr];
            while let Some(Expr::BinOp(inner)) = operands.first().copied()
                && inner.op == ast::Operator::Add
            {
                operands.splice(0..1, [&*inner.left, &*inner.right]);
            }
            if !operands
                .iter()
                .any(|operand| operand.is_string_literal_expr())
            {
                return None;
            }
            for operand in operands {
                match operand {
                    Expr::StringLiteral(_) => sql.text.push_str(&string(operand)?),
                    Expr::FString(fstring) => sql.fstring(&fstring.value, source),
                    _ => sql.blank(slice(operand)),
                }
            }
        }
        Expr::Call(call) => match &*call.func {
            Expr::Attribute(attribute) if attribute.attr.as_str() == "format" => {
                sql.at = &attribute.value;
                let segments = format_segments(&string(&attribute.value)?)?;
                let arguments = &call.arguments;
                sql.segments(segments, source, |argument| {
                    let value = match argument {
                        Argument::Position(at) => arguments
                            .args
                            .get(*at)
                            .filter(|value| !value.is_starred_expr()),
                        Argument::Key(key) => {
                            arguments.find_keyword(key).map(|keyword| &keyword.value)
                        }
                    };
                    match (value, argument) {
                        (Some(value), _) => Ok(value),
                        (None, Argument::Position(at)) => Err(format!("{at}")),
                        (None, Argument::Key(key)) => Err(key.clone()),
                    }
                });
            }
            _ => return written(text_argument(expr)?, source, bound, depth),
        },
        // A name bound to a name bound to SQL, and no further.
        Expr::Name(name) if depth < 4 => {
            return written(bound(&name.id)?, source, bound, depth + 1);
        }
        _ => return None,
    }
    Some(sql)
}

/// The SQL strings of a module, each parsed once, by the range of what holds it.
#[derive(Debug, Default)]
pub struct SqlIndex {
    by_literal: HashMap<TextRange, SqlText>,
    /// Each argument that names SQL (a literal, or a name bound to one): where the SQL is.
    by_argument: HashMap<TextRange, TextRange>,
}

impl SqlIndex {
    /// One piece of SQL from an expression given to `RunSQL`, `op.execute` and the like.
    pub fn sql_text(&self, expr: &Expr, source: &SourceFile, dialect: Dialect) -> SqlText {
        let argument = unwrap_text(expr);
        let found = self
            .by_argument
            .get(&argument.range())
            .and_then(|at| self.by_literal.get(at));
        match found {
            Some(found) => found.clone(),
            None => match written(argument, source, &|_| None, 0) {
                Some(written) => parse(written, source, dialect),
                None => SqlText {
                    span: source.span(argument.range()),
                    statements: Vec::new(),
                    query: false,
                },
            },
        }
    }

    pub fn all(&self) -> Vec<SqlText> {
        let mut all: Vec<SqlText> = self.by_literal.values().cloned().collect();
        all.sort_by_key(|sql| (sql.span.range.start(), sql.span.range.end()));
        all
    }
}

/// The statements of a piece of SQL, each pointed at itself where the source spells it out.
fn parse(written: Written, source: &SourceFile, dialect: Dialect) -> SqlText {
    let found = super::sql::template_statements(&written.text, &written.blanks, dialect);
    // Several statements in a literal that reads as it runs: each is pointed at itself.
    let several = found.windows(2).any(|pair| pair[0].0 != pair[1].0);
    let verbatim = several
        .then(|| verbatim_start(written.at, &written.text, source))
        .flatten();
    let statements = found
        .into_iter()
        .map(|(range, mut statement)| {
            statement.span = verbatim.and_then(|start| {
                let at = |offset: usize| Some(start + TextSize::try_from(offset).ok()?);
                Some(source.span(TextRange::new(at(range.start)?, at(range.end)?)))
            });
            statement
        })
        .collect();
    SqlText {
        span: source.span(written.at.range()),
        statements,
        query: false,
    }
}

/// Where the text of a string literal starts in the source, when the source spells `text`
/// out byte for byte: one part, no escapes, no blanks.
fn verbatim_start(expr: &Expr, text: &str, source: &SourceFile) -> Option<TextSize> {
    let Expr::StringLiteral(literal) = expr else {
        return None;
    };
    let [part] = literal.value.as_slice() else {
        return None;
    };
    let content = part.content_range();
    (source.slice(content) == text).then_some(content.start())
}

/// Every string the module hands to the database as SQL: the arguments of `RunSQL`,
/// `.execute(...)`, `.exec_driver_sql(...)` and `text(...)` calls, anywhere in the module,
/// also through a name bound once to a string (a module constant, a local `sql = "..."`).
pub fn embedded_sql<'a>(module: &'a [Stmt], source: &'a SourceFile, dialect: Dialect) -> SqlIndex {
    // Walking the whole tree costs a tenth of reading a migration; most never name a call
    // that takes SQL.
    if !SQL_CALLEES
        .iter()
        .any(|callee| mentions_name(source.text(), callee))
    {
        return SqlIndex::default();
    }
    let mut collector = SqlCollector {
        source,
        dialect,
        found: SqlIndex::default(),
        module: LazyBody::new(module, None),
        scopes: Vec::new(),
    };
    collector.visit_body(module);
    collector.found
}

/// The calls whose arguments [`SqlCollector`] reads as SQL, by the last name of the callee.
const SQL_CALLEES: [&str; 5] = [
    "RunSQL",
    "execute",
    "executemany",
    "exec_driver_sql",
    "text",
];

/// Whether `name` may be a name in the source: it stands in the text with no letter, digit
/// or underscore of an ASCII identifier on either side. Every name token the parser reads
/// is such a place (in strings and comments there may be more).
fn mentions_name(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    let part_of_name =
        |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    memchr::memmem::find_iter(bytes, name).any(|at| {
        !part_of_name(at.checked_sub(1).and_then(|i| bytes.get(i)))
            && !part_of_name(bytes.get(at + name.len()))
    })
}

/// The names a scope binds, and the values of those bound once by a plain assignment.
#[derive(Default)]
struct BodyBindings<'a> {
    count: HashMap<&'a str, usize>,
    values: HashMap<&'a str, &'a Expr>,
}

impl<'a> BodyBindings<'a> {
    fn of(body: &'a [Stmt], parameters: Option<&'a ast::Parameters>) -> Self {
        let mut bindings = BodyBindings::default();
        for parameter in parameters.into_iter().flat_map(|p| p.iter()) {
            bindings.bind(parameter.name());
        }
        bindings.visit_body(body);
        bindings
    }

    fn bind(&mut self, name: &'a str) {
        *self.count.entry(name).or_default() += 1;
    }

    /// The value of a name bound exactly once, by an assignment.
    fn value(&self, name: &str) -> Option<&'a Expr> {
        (self.count.get(name) == Some(&1))
            .then(|| self.values.get(name).copied())
            .flatten()
    }
}

impl<'a> Visitor<'a> for BodyBindings<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Some((name, value)) = assignment(stmt) {
            self.values.insert(name, value);
        }
        match stmt {
            // Their bodies are scopes of their own.
            Stmt::FunctionDef(function) => self.bind(&function.name),
            Stmt::ClassDef(class) => self.bind(&class.name),
            Stmt::Import(ast::StmtImport { names, .. })
            | Stmt::ImportFrom(ast::StmtImportFrom { names, .. }) => {
                for alias in names {
                    self.bind(alias.asname.as_ref().unwrap_or(&alias.name));
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) if name.ctx.is_store() => self.bind(&name.id),
            Expr::Lambda(_) => return,
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

/// A module, function or class body whose bindings are worked out when first asked for:
/// most bodies hold no SQL that names a variable, and need no second walk.
struct LazyBody<'a> {
    body: &'a [Stmt],
    parameters: Option<&'a ast::Parameters>,
    bindings: std::cell::OnceCell<BodyBindings<'a>>,
}

impl<'a> LazyBody<'a> {
    fn new(body: &'a [Stmt], parameters: Option<&'a ast::Parameters>) -> Self {
        LazyBody {
            body,
            parameters,
            bindings: std::cell::OnceCell::new(),
        }
    }

    fn bindings(&self) -> &BodyBindings<'a> {
        self.bindings
            .get_or_init(|| BodyBindings::of(self.body, self.parameters))
    }
}

struct SqlCollector<'a> {
    source: &'a SourceFile,
    dialect: Dialect,
    found: SqlIndex,
    module: LazyBody<'a>,
    /// The function and class bodies being walked, innermost last.
    scopes: Vec<LazyBody<'a>>,
}

/// What a name is bound to in a function or class body: there if the body binds the name at
/// all, else at module level.
fn bound_in<'a>(
    scope: Option<&BodyBindings<'a>>,
    module: &BodyBindings<'a>,
    name: &str,
) -> Option<&'a Expr> {
    match scope {
        Some(scope) if scope.count.contains_key(name) => scope.value(name),
        _ => module.value(name),
    }
}

/// The names a function of the module can read as strings: those bound once to a string
/// literal in its body, or else at module level (`TABLE = "orders"`).
pub struct Constants<'a> {
    module: BodyBindings<'a>,
    function: BodyBindings<'a>,
}

impl<'a> Constants<'a> {
    pub fn of(module: &'a [Stmt], function: &'a ast::StmtFunctionDef) -> Self {
        Constants {
            module: BodyBindings::of(module, None),
            function: BodyBindings::of(&function.body, Some(&function.parameters)),
        }
    }

    /// The string an expression is: a literal, or a name bound to one (through a few names
    /// bound to names).
    pub fn string(&self, expr: &Expr) -> Option<String> {
        let mut expr = expr;
        for _ in 0..4 {
            match expr {
                Expr::Name(name) => expr = bound_in(Some(&self.function), &self.module, &name.id)?,
                _ => return string(expr),
            }
        }
        None
    }
}

impl<'a> SqlCollector<'a> {
    /// What a name is bound to where the walk is: in the innermost function or class body
    /// if it binds the name at all, else at module level.
    fn bound(&self, name: &str) -> Option<&'a Expr> {
        bound_in(
            self.scopes.last().map(LazyBody::bindings),
            self.module.bindings(),
            name,
        )
    }

    fn add(&mut self, expr: &'a Expr) {
        if let Some(items) = elements(expr) {
            for item in items {
                match elements(item) {
                    // `(sql, params)` pairs in RunSQL lists.
                    Some([sql, _]) => self.add(sql),
                    _ => self.add(item),
                }
            }
            return;
        }
        let argument = unwrap_text(expr);
        let Some(written) = written(argument, self.source, &|name| self.bound(name), 0) else {
            return;
        };
        let at = written.at.range();
        self.found.by_argument.insert(argument.range(), at);
        if !self.found.by_literal.contains_key(&at) {
            let sql = parse(written, self.source, self.dialect);
            self.found.by_literal.insert(at, sql);
        }
    }
}

impl<'a> Visitor<'a> for SqlCollector<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let scope = match stmt {
            Stmt::FunctionDef(function) => {
                LazyBody::new(&function.body, Some(&function.parameters))
            }
            Stmt::ClassDef(class) => LazyBody::new(&class.body, None),
            _ => return visitor::walk_stmt(self, stmt),
        };
        self.scopes.push(scope);
        visitor::walk_stmt(self, stmt);
        self.scopes.pop();
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            match last_name(&call.func).unwrap_or_default() {
                "RunSQL" => {
                    for (keyword, position) in [("sql", 0), ("reverse_sql", 1)] {
                        if let Some(sql) = argument(call, keyword, position) {
                            self.add(sql);
                        }
                    }
                }
                "execute" | "executemany" | "exec_driver_sql" | "text" => {
                    if let Some(sql) = call.arguments.args.first() {
                        self.add(sql);
                    }
                }
                _ => {}
            }
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(text: &str) -> Expr {
        *ruff_python_parser::parse_expression(text)
            .expect("an expression")
            .into_syntax()
            .body
    }

    #[test]
    fn a_name_is_mentioned_only_as_a_whole_name() {
        for (text, name, mentioned) in [
            ("op.execute(sql)", "execute", true),
            ("conn.executemany(sql, rows)", "executemany", true),
            ("conn.executemany(sql, rows)", "execute", false),
            ("execute", "execute", true),
            ("executed = True", "execute", false),
            ("op.executes(x)", "execute", false),
            ("help_text='Name'", "text", false),
            ("sa.text('SELECT 1')", "text", true),
            ("context = 1", "text", false),
            ("migrations.RunSQL(x)", "RunSQL", true),
            ("RunSQLite()", "RunSQL", false),
        ] {
            assert_eq!(mentions_name(text, name), mentioned, "{name} in {text}");
        }
    }

    /// A module that names no SQL call holds no SQL: the walk it skips would find none.
    #[test]
    fn a_module_without_sql_calls_has_no_embedded_sql() {
        let with = "from django.db import migrations\nOPS = [migrations.RunSQL('DROP TABLE t')]\n";
        let without = with.replace("RunSQL", "RunPython");
        let all = |text: &str| {
            let parsed = ruff_python_parser::parse_module(text).expect("parses");
            let source = SourceFile::new(text.to_string());
            embedded_sql(&parsed.syntax().body, &source, Dialect::default())
                .all()
                .len()
        };
        assert_eq!(all(with), 1);
        assert_eq!(all(&without), 0);
        // Every call that takes SQL opens the walk.
        let many = "def upgrade(conn):\n    conn.executemany('DELETE FROM t', [])\n";
        assert_eq!(all(many), 1);
    }

    #[test]
    fn last_name_ends_a_dotted_name_as_dotted_does() {
        for text in [
            "RunSQL",
            "migrations.RunSQL",
            "a.b.c.execute",
            "f().execute",
            "x[0].text",
            "1",
        ] {
            let expr = expression(text);
            let expected = dotted(&expr).map(|whole| whole.rsplit('.').next().unwrap().to_string());
            assert_eq!(last_name(&expr).map(str::to_string), expected, "{text}");
        }
        assert_eq!(last_name(&expression("migrations.RunSQL")), Some("RunSQL"));
        assert_eq!(last_name(&expression("f().execute")), None);
    }
}

/// The first error CPython's compiler raises for a module that parses (a keyword argument
/// given twice, `return` at module level, a late `from __future__` import, ...), found by
/// the parser's [`SemanticSyntaxChecker`]; only the errors it finds without knowing what
/// names the module binds are asked of it.
///
/// [`SemanticSyntaxChecker`]: ruff_python_parser::semantic_errors::SemanticSyntaxChecker
pub fn compile_error(module: &[Stmt], text: &str) -> Option<SemanticSyntaxError> {
    let mut walk = CompileCheck {
        checker: SemanticSyntaxChecker::new(),
        context: CompileContext {
            text,
            scopes: vec![CompileScope::Module],
            loops: vec![0],
            errors: std::cell::RefCell::default(),
        },
    };
    walk.visit_body(module);
    let errors = walk.context.errors.into_inner();
    errors.into_iter().min_by_key(|error| error.range.start())
}

/// What a stretch of code sits in, as far as the checker asks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CompileScope {
    Module,
    Function { is_async: bool },
    Class,
    Lambda,
    Comprehension,
    Generator,
}

struct CompileContext<'a> {
    text: &'a str,
    /// Innermost last.
    scopes: Vec<CompileScope>,
    /// Loops open in each function or class body, innermost last.
    loops: Vec<usize>,
    errors: std::cell::RefCell<Vec<SemanticSyntaxError>>,
}

impl CompileContext<'_> {
    /// The nearest function, lambda or class around the code, if any.
    fn enclosing(&self) -> Option<CompileScope> {
        self.scopes.iter().rev().copied().find(|scope| {
            matches!(
                scope,
                CompileScope::Function { .. }
                    | CompileScope::Lambda
                    | CompileScope::Class
                    | CompileScope::Module
            )
        })
    }
}

impl SemanticSyntaxContext for CompileContext<'_> {
    fn future_annotations_or_stub(&self) -> bool {
        false
    }
    fn lazy_import_context(
        &self,
    ) -> Option<ruff_python_parser::semantic_errors::LazyImportContext> {
        None
    }
    fn python_version(&self) -> ast::PythonVersion {
        ast::PythonVersion::PY314
    }
    fn source(&self) -> &str {
        self.text
    }
    // What needs the module's bindings is not asked for (see `reported`).
    fn global(&self, _: &str) -> Option<TextRange> {
        None
    }
    fn has_nonlocal_binding(&self, _: &str) -> bool {
        true
    }
    fn is_bound_parameter(&self, _: &str) -> bool {
        false
    }
    fn in_async_context(&self) -> bool {
        matches!(
            self.scopes.iter().rev().find(|scope| matches!(
                scope,
                CompileScope::Function { .. } | CompileScope::Lambda
            )),
            Some(CompileScope::Function { is_async: true })
        )
    }
    fn in_await_allowed_context(&self) -> bool {
        matches!(
            self.enclosing(),
            Some(CompileScope::Function { .. } | CompileScope::Lambda)
        )
    }
    fn in_yield_allowed_context(&self) -> bool {
        matches!(
            self.scopes.last(),
            Some(CompileScope::Function { .. } | CompileScope::Lambda)
        )
    }
    fn in_sync_comprehension(&self) -> bool {
        false
    }
    fn in_class_body_comprehension(&self) -> bool {
        false
    }
    fn in_module_scope(&self) -> bool {
        self.scopes.last() == Some(&CompileScope::Module)
    }
    fn in_function_scope(&self) -> bool {
        matches!(self.scopes.last(), Some(CompileScope::Function { .. }))
    }
    fn in_generator_context(&self) -> bool {
        self.scopes.contains(&CompileScope::Generator)
    }
    fn in_notebook(&self) -> bool {
        false
    }
    fn report_semantic_error(&self, error: SemanticSyntaxError) {
        if reported(&error.kind) {
            self.errors.borrow_mut().push(error);
        }
    }
    fn in_loop_context(&self) -> bool {
        self.loops.last().is_some_and(|&open| open > 0)
    }
}

/// The errors taken from the checker: those that CPython raises whatever the module binds,
/// in every Python 3 a migration runs on.
fn reported(kind: &SemanticSyntaxErrorKind) -> bool {
    use SemanticSyntaxErrorKind as Kind;
    matches!(
        kind,
        Kind::DuplicateKeywordArgument(_)
            | Kind::DuplicateParameter(_)
            | Kind::ReturnOutsideFunction
            | Kind::YieldOutsideFunction(_)
            | Kind::AwaitOutsideAsyncFunction(_)
            | Kind::LateFutureImport
            | Kind::FutureFeatureNotDefined(_)
            | Kind::NonlocalDeclarationAtModuleLevel
            | Kind::WriteToDebug(_)
            | Kind::BreakOutsideLoop
            | Kind::ContinueOutsideLoop
            | Kind::NonModuleImportStar(_)
            | Kind::ReturnInGenerator
            | Kind::MultipleCaseAssignment(_)
            | Kind::MultipleStarredNamesInSequencePattern
            | Kind::IrrefutableCasePattern(_)
            | Kind::SingleStarredAssignment
            | Kind::MultipleStarredExpressions
            | Kind::DifferentMatchPatternBindings
    )
}

/// Walks a module for [`compile_error`], keeping the scopes and loops the checker asks of.
struct CompileCheck<'a> {
    checker: SemanticSyntaxChecker,
    context: CompileContext<'a>,
}

impl<'a> CompileCheck<'a> {
    fn within(&mut self, scope: CompileScope, walk: impl FnOnce(&mut Self)) {
        let body = matches!(scope, CompileScope::Function { .. } | CompileScope::Class);
        self.context.scopes.push(scope);
        if body {
            self.context.loops.push(0);
        }
        walk(self);
        if body {
            self.context.loops.pop();
        }
        self.context.scopes.pop();
    }

    fn in_loop(&mut self, body: &'a [Stmt]) {
        *self.context.loops.last_mut().expect("a body is open") += 1;
        self.visit_body(body);
        *self.context.loops.last_mut().expect("a body is open") -= 1;
    }
}

impl<'a> Visitor<'a> for CompileCheck<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.checker.visit_stmt(stmt, &self.context);
        // Nesting is bounded before this runs (`MAX_NESTING`), not the stack it needs.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || match stmt {
            Stmt::FunctionDef(function) => {
                for decorator in &function.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.visit_parameters(&function.parameters);
                if let Some(returns) = &function.returns {
                    self.visit_annotation(returns);
                }
                let scope = CompileScope::Function {
                    is_async: function.is_async,
                };
                self.within(scope, |this| this.visit_body(&function.body));
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_decorator(decorator);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.within(CompileScope::Class, |this| this.visit_body(&class.body));
            }
            Stmt::For(stmt_for) => {
                self.visit_expr(&stmt_for.target);
                self.visit_expr(&stmt_for.iter);
                self.in_loop(&stmt_for.body);
                self.visit_body(&stmt_for.orelse);
            }
            Stmt::While(stmt_while) => {
                self.visit_expr(&stmt_while.test);
                self.in_loop(&stmt_while.body);
                self.visit_body(&stmt_while.orelse);
            }
            _ => visitor::walk_stmt(self, stmt),
        });
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.checker.visit_expr(expr, &self.context);
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            let (scope, generators, elements): (_, _, Vec<&Expr>) = match expr {
                Expr::Lambda(_) => {
                    return self.within(CompileScope::Lambda, |this| {
                        visitor::walk_expr(this, expr);
                    });
                }
                Expr::ListComp(list) => (
                    CompileScope::Comprehension,
                    &list.generators,
                    vec![&list.elt],
                ),
                Expr::SetComp(set) => {
                    (CompileScope::Comprehension, &set.generators, vec![&set.elt])
                }
                Expr::DictComp(dict) => (
                    CompileScope::Comprehension,
                    &dict.generators,
                    dict.key
                        .as_deref()
                        .into_iter()
                        .chain([&*dict.value])
                        .collect(),
                ),
                Expr::Generator(generator) => (
                    CompileScope::Generator,
                    &generator.generators,
                    vec![&generator.elt],
                ),
                _ => return visitor::walk_expr(self, expr),
            };
            // The first iterable is evaluated where the comprehension is, the rest in it.
            let Some((first, rest)) = generators.split_first() else {
                return;
            };
            self.visit_expr(&first.iter);
            self.within(scope, |this| {
                this.visit_expr(&first.target);
                for condition in &first.ifs {
                    this.visit_expr(condition);
                }
                for generator in rest {
                    this.visit_comprehension(generator);
                }
                for element in elements {
                    this.visit_expr(element);
                }
            });
        });
    }
}
