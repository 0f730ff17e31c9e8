//! Formatted strings in one form: an f-string, `"...".format(...)` and `"..." % (...)` that
//! produce the same text from the same values become the same expression.

use ruff_python_ast::name::Name;
use ruff_python_ast::{self as ast, ConversionFlag, Expr};
use ruff_text_size::TextRange;

/// Whether an expression is certainly a `str`: a string literal, or a formatted one.
pub(super) fn is_str(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_) | Expr::FString(_) => true,
        Expr::Call(call) => matches!(&*call.func, Expr::Name(name) if name.id.as_str() == FORMAT),
        _ => false,
    }
}

/// The callee of a canonical formatted string. `%` cannot start a Python name, so no real
/// call looks the same.
pub(super) const FORMAT: &str = "%format";
/// The callee of one replacement field in it.
const FIELD: &str = "%field";

/// A formatted string: an f-string, `"...".format(...)` or `"..." % (...)`.
#[derive(Default)]
pub(super) struct Template {
    pieces: Vec<Piece>,
}

enum Piece {
    Text(String),
    /// A value, its conversion (`!r`) and its format spec.
    Field(Expr, ConversionFlag, String),
}

/// A piece of a template before its values are put in: fields by the value's position.
enum Part {
    Text(String),
    Field(usize, ConversionFlag, String),
}

impl Template {
    fn text(&mut self, text: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ if text.is_empty() => {}
            _ => self.pieces.push(Piece::Text(text.to_string())),
        }
    }

    /// An f-string whose format specs hold no fields and that has no `=` (debug) fields.
    pub(super) fn of_fstring(value: &ast::FStringValue) -> Option<Template> {
        let mut template = Template::default();
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(literal) => template.text(&literal.value),
                ast::FStringPart::FString(fstring) => {
                    for element in fstring.elements.iter() {
                        match element {
                            ast::InterpolatedStringElement::Literal(literal) => {
                                template.text(&literal.value);
                            }
                            ast::InterpolatedStringElement::Interpolation(field) => {
                                if field.debug_text.is_some() {
                                    return None;
                                }
                                let mut spec = String::new();
                                for element in
                                    field.format_spec.iter().flat_map(|s| s.elements.iter())
                                {
                                    match element {
                                        ast::InterpolatedStringElement::Literal(literal) => {
                                            spec.push_str(&literal.value);
                                        }
                                        ast::InterpolatedStringElement::Interpolation(_) => {
                                            return None;
                                        }
                                    }
                                }
                                let value = (*field.expression).clone();
                                template
                                    .pieces
                                    .push(Piece::Field(value, field.conversion, spec));
                            }
                        }
                    }
                }
            }
        }
        Some(template)
    }

    /// `"...".format(a, b)` with fields `{}`, `{0}`, `{!r}`, `{:>4}`: no keywords, no
    /// attributes or indexes in fields, no fields in format specs.
    pub(super) fn of_format(text: &str, args: &[Expr]) -> Option<Template> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut next = 0;
        // Python refuses to mix `{}` and `{0}`.
        let mut numbered = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return None,
                '{' => {
                    let mut field = String::new();
                    loop {
                        match chars.next()? {
                            '}' => break,
                            '{' => return None,
                            c => field.push(c),
                        }
                    }
                    let (name, rest) = field
                        .find(['!', ':'])
                        .map_or((field.as_str(), ""), |at| field.split_at(at));
                    if *numbered.get_or_insert(!name.is_empty()) == name.is_empty() {
                        return None;
                    }
                    let index = if name.is_empty() {
                        next += 1;
                        next - 1
                    } else {
                        name.parse().ok()?
                    };
                    let (conversion, spec) = match rest.strip_prefix('!') {
                        Some(rest) => {
                            let mut parts = rest.splitn(2, ':');
                            let conversion = match parts.next()? {
                                "s" => ConversionFlag::Str,
                                "r" => ConversionFlag::Repr,
                                "a" => ConversionFlag::Ascii,
                                _ => return None,
                            };
                            (conversion, parts.next().unwrap_or_default())
                        }
                        None => (ConversionFlag::None, rest.strip_prefix(':').unwrap_or(rest)),
                    };
                    parts.push(Part::Text(std::mem::take(&mut literal)));
                    parts.push(Part::Field(index, conversion, spec.to_string()));
                }
                c => literal.push(c),
            }
        }
        parts.push(Part::Text(literal));
        Template::fill(parts, args)
    }

    /// `"..." % (a, b)` or `"..." % {"k": v}` with only `%s`, `%r`, `%a` (`%(k)s` ...) and
    /// `%%`. `%s` is `{}`: `str(x)` and `format(x, "")` agree, as pyupgrade and ruff take
    /// for granted. A right side that is not a tuple or dict literal may hold a tuple at run
    /// time: not rewritten.
    pub(super) fn of_percent(left: &Expr, right: &Expr) -> Option<Template> {
        let Expr::StringLiteral(text) = left else {
            return None;
        };
        let (values, keys): (Vec<Expr>, Option<Vec<String>>) = match right {
            Expr::Tuple(tuple) => (tuple.elts.clone(), None),
            Expr::Dict(dict) => {
                let keys = dict
                    .items
                    .iter()
                    .map(|item| item.key.as_ref().and_then(super::super::python::string))
                    .collect::<Option<Vec<String>>>()?;
                let values = dict.items.iter().map(|item| item.value.clone()).collect();
                (values, Some(keys))
            }
            _ => return None,
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut next = 0;
        let mut chars = text.value.to_str().chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            let index = match (chars.peek(), &keys) {
                (Some('%'), _) => {
                    chars.next();
                    literal.push('%');
                    continue;
                }
                (Some('('), Some(keys)) => {
                    chars.next();
                    let key: String = chars.by_ref().take_while(|&c| c != ')').collect();
                    let mut matching = keys.iter().enumerate().filter(|(_, k)| **k == key);
                    let (index, _) = matching.next()?;
                    // A key twice in the dict: Python keeps the last.
                    if matching.next().is_some() {
                        return None;
                    }
                    index
                }
                // A dict formats itself with a plain `%s`.
                (_, Some(_)) => return None,
                (_, None) => {
                    next += 1;
                    next - 1
                }
            };
            let conversion = match chars.next()? {
                's' => ConversionFlag::None,
                'r' => ConversionFlag::Repr,
                'a' => ConversionFlag::Ascii,
                _ => return None,
            };
            parts.push(Part::Text(std::mem::take(&mut literal)));
            parts.push(Part::Field(index, conversion, String::new()));
        }
        parts.push(Part::Text(literal));
        Template::fill(parts, &values)
    }

    /// The template with its fields' values put in. Every value must be used; and since an
    /// f-string evaluates each field where it stands, each once and in order, unless every
    /// value is a name or a literal, which reads the same however often and whenever read.
    fn fill(parts: Vec<Part>, values: &[Expr]) -> Option<Template> {
        let used: Vec<usize> = parts
            .iter()
            .filter_map(|part| match part {
                Part::Field(index, ..) => Some(*index),
                Part::Text(_) => None,
            })
            .collect();
        let simple = values
            .iter()
            .all(|value| value.is_name_expr() || value.is_literal_expr());
        let in_order = used.iter().copied().eq(0..values.len());
        let all_used = (0..values.len()).all(|index| used.contains(&index));
        if !(in_order || (simple && all_used)) {
            return None;
        }
        let mut template = Template::default();
        for part in parts {
            match part {
                Part::Text(text) => template.text(&text),
                Part::Field(index, conversion, spec) => {
                    let value = values.get(index)?.clone();
                    template.pieces.push(Piece::Field(value, conversion, spec));
                }
            }
        }
        Some(template)
    }

    /// The canonical expression: a string literal when nothing is formatted, else a call
    /// of [`FORMAT`] with the text and a [`FIELD`] call per field.
    pub(super) fn expr(self, range: TextRange) -> Expr {
        if let [] | [Piece::Text(_)] = &self.pieces[..] {
            let text = match self.pieces.into_iter().next() {
                Some(Piece::Text(text)) => text,
                _ => String::new(),
            };
            return string_literal(&text, range);
        }
        let args = self
            .pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => string_literal(&text, range),
                Piece::Field(value, conversion, spec) => {
                    let conversion = match conversion {
                        ConversionFlag::None => "",
                        ConversionFlag::Str => "s",
                        ConversionFlag::Repr => "r",
                        ConversionFlag::Ascii => "a",
                    };
                    call(
                        FIELD,
                        vec![
                            value,
                            string_literal(conversion, range),
                            string_literal(&spec, range),
                        ],
                        range,
                    )
                }
            })
            .collect();
        call(FORMAT, args, range)
    }
}

fn call(name: &str, args: Vec<Expr>, range: TextRange) -> Expr {
    Expr::Call(ast::ExprCall {
        node_index: ast::AtomicNodeIndex::default(),
        range_start: range.start(),
        func: Box::new(Expr::Name(ast::ExprName {
            node_index: ast::AtomicNodeIndex::default(),
            range,
            id: Name::new(name),
            ctx: ast::ExprContext::Load,
        })),
        arguments: ast::Arguments {
            range,
            node_index: ast::AtomicNodeIndex::default(),
            args: args.into_boxed_slice(),
            keywords: Default::default(),
        },
    })
}

pub(super) fn string_literal(text: &str, range: TextRange) -> Expr {
    Expr::StringLiteral(ast::ExprStringLiteral {
        node_index: ast::AtomicNodeIndex::default(),
        range,
        value: ast::StringLiteralValue::single(ast::StringLiteral {
            range,
            node_index: ast::AtomicNodeIndex::default(),
            value: text.into(),
            flags: ast::StringLiteralFlags::empty(),
        }),
    })
}
