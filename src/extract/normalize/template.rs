//! Formatted strings in one form: an f-string, `"...".format(...)` and `"..." % (...)` that
//! produce the same text from the same values become the same expression.

use ruff_python_ast::name::Name;
use ruff_python_ast::{self as ast, ConversionFlag, Expr};
use ruff_text_size::{Ranged, TextRange};

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

/// A piece of a template before its values are put in: fields by the value's position,
/// with the attributes and indexes `str.format` reads from it.
enum Part {
    Text(String),
    Field(usize, Vec<Access>, ConversionFlag, String),
}

/// `.name` or `[key]` in a `str.format` field: `[0]` indexes with an integer, `[key]` (not
/// all digits, `[-1]` too) with a string.
pub(in crate::extract) enum Access {
    Attribute(String),
    Index(u64),
    Key(String),
}

/// A `str.format` field name: the argument (empty, digits or a keyword) and what is read
/// from it.
fn field_name(name: &str) -> Option<(&str, Vec<Access>)> {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(end);
    let mut access = Vec::new();
    while let Some(c) = rest.chars().next() {
        rest = &rest[1..];
        if c == '.' {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let (attribute, after) = rest.split_at(end);
            let mut chars = attribute.chars();
            let identifier = chars
                .next()
                .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
                && chars.all(|c| c == '_' || c.is_ascii_alphanumeric());
            if !identifier {
                return None;
            }
            access.push(Access::Attribute(attribute.to_string()));
            rest = after;
        } else {
            // `[`: up to `]`, then `.`, `[` or the end.
            let (key, after) = rest.split_once(']')?;
            if key.is_empty() || !(after.is_empty() || after.starts_with(['.', '['])) {
                return None;
            }
            access.push(if key.bytes().all(|b| b.is_ascii_digit()) {
                Access::Index(key.parse().ok()?)
            } else {
                Access::Key(key.to_string())
            });
            rest = after;
        }
    }
    Some((first, access))
}

/// A piece of a `str.format` or `%` template as written: text (its escapes, `{{` and `%%`,
/// undone), or a field.
pub(in crate::extract) enum Segment {
    Text(String),
    Field(Field),
}

/// A field of a template: the argument it reads and how it formats it.
pub(in crate::extract) struct Field {
    pub argument: Argument,
    /// What is read from the argument (`{0.name}`, `{key[0]}`).
    pub access: Vec<Access>,
    /// `str.format`: `!s`, `!r`, `!a`; `%`: the conversion (`s`, `d`, `r`...).
    pub conversion: Option<char>,
    /// `str.format`: what follows `:`; `%`: flags, width, precision and length as written.
    pub spec: String,
}

/// The argument a field reads: by position (`{}` and `%s` count up from 0), or by key
/// (`{name}`, `%(name)s`).
pub(in crate::extract) enum Argument {
    Position(usize),
    Key(String),
}

/// The segments of a `str.format` template; `None` where Python raises (an unmatched
/// brace, `{}` and `{0}` mixed) or a format spec holds a field.
pub(in crate::extract) fn format_segments(text: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
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
                let (first, access) = field_name(name)?;
                let argument = if first.is_empty() || first.bytes().all(|b| b.is_ascii_digit()) {
                    if *numbered.get_or_insert(!first.is_empty()) == first.is_empty() {
                        return None;
                    }
                    Argument::Position(if first.is_empty() {
                        next += 1;
                        next - 1
                    } else {
                        first.parse().ok()?
                    })
                } else {
                    Argument::Key(first.to_string())
                };
                let (conversion, spec) = match rest.strip_prefix('!') {
                    Some(rest) => {
                        let mut parts = rest.splitn(2, ':');
                        let mut conversion = parts.next()?.chars();
                        let (Some(conversion), None) = (conversion.next(), conversion.next())
                        else {
                            return None;
                        };
                        (Some(conversion), parts.next().unwrap_or_default())
                    }
                    None => (None, rest.strip_prefix(':').unwrap_or(rest)),
                };
                segments.push(Segment::Text(std::mem::take(&mut literal)));
                segments.push(Segment::Field(Field {
                    argument,
                    access,
                    conversion,
                    spec: spec.to_string(),
                }));
            }
            c => literal.push(c),
        }
    }
    segments.push(Segment::Text(literal));
    Some(segments)
}

/// The segments of a `%` template: `%s`, `%(key)d`, `%-5.2f`...; `None` for a `%` that
/// starts no directive (Python raises).
pub(in crate::extract) fn percent_segments(text: &str) -> Option<Vec<Segment>> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut next = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        if chars.next_if_eq(&'%').is_some() {
            literal.push('%');
            continue;
        }
        let key = chars
            .next_if_eq(&'(')
            .map(|_| chars.by_ref().take_while(|&c| c != ')').collect::<String>());
        let mut spec = String::new();
        while let Some(c) = chars.next_if(|c| "#0- +*.hlL".contains(*c) || c.is_ascii_digit()) {
            spec.push(c);
        }
        let conversion = chars.next().filter(|c| "diouxXeEfFgGcrsa".contains(*c))?;
        let argument = match key {
            Some(key) => Argument::Key(key),
            None => {
                // A `*` width or precision takes an argument of its own.
                next += 1 + spec.matches('*').count();
                Argument::Position(next - 1)
            }
        };
        segments.push(Segment::Text(std::mem::take(&mut literal)));
        segments.push(Segment::Field(Field {
            argument,
            access: Vec::new(),
            conversion: Some(conversion),
            spec,
        }));
    }
    segments.push(Segment::Text(literal));
    Some(segments)
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

    /// `"...".format(a, b, key=c)` with fields `{}`, `{0}`, `{key}`, `{!r}`, `{:>4}`, and
    /// attributes and indexes in them (`{0.name}`, `{key[0]}`): no `*args` or `**kwargs`,
    /// no fields in format specs.
    pub(super) fn of_format(
        text: &str,
        args: &[Expr],
        keywords: &[ast::Keyword],
    ) -> Option<Template> {
        let mut names = Vec::with_capacity(keywords.len());
        let mut values = args.to_vec();
        for keyword in keywords {
            names.push(keyword.arg.as_ref()?.as_str());
            values.push(keyword.value.clone());
        }
        let mut parts = Vec::new();
        for segment in format_segments(text)? {
            let field = match segment {
                Segment::Text(text) => {
                    parts.push(Part::Text(text));
                    continue;
                }
                Segment::Field(field) => field,
            };
            let index = match field.argument {
                // Past the positional arguments: an IndexError.
                Argument::Position(index) => (index < args.len()).then_some(index)?,
                Argument::Key(key) => args.len() + names.iter().position(|n| *n == key)?,
            };
            let conversion = match field.conversion {
                None => ConversionFlag::None,
                Some('s') => ConversionFlag::Str,
                Some('r') => ConversionFlag::Repr,
                Some('a') => ConversionFlag::Ascii,
                Some(_) => return None,
            };
            parts.push(Part::Field(index, field.access, conversion, field.spec));
        }
        Template::fill(parts, &values)
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
        for segment in percent_segments(text.value.to_str())? {
            let field = match segment {
                Segment::Text(text) => {
                    parts.push(Part::Text(text));
                    continue;
                }
                Segment::Field(field) => field,
            };
            let index = match (field.argument, &keys) {
                (Argument::Key(key), Some(keys)) => {
                    let mut matching = keys.iter().enumerate().filter(|(_, k)| **k == key);
                    let (index, _) = matching.next()?;
                    // A key twice in the dict: Python keeps the last.
                    if matching.next().is_some() {
                        return None;
                    }
                    index
                }
                (Argument::Position(index), None) => index,
                // A dict formats itself with a plain `%s`; a tuple has no keys.
                _ => return None,
            };
            let conversion = match field.conversion {
                _ if !field.spec.is_empty() => return None,
                Some('s') => ConversionFlag::None,
                Some('r') => ConversionFlag::Repr,
                Some('a') => ConversionFlag::Ascii,
                _ => return None,
            };
            parts.push(Part::Field(index, Vec::new(), conversion, String::new()));
        }
        Template::fill(parts, &values)
    }

    /// The template with its fields' values put in. Every value must be used; and since an
    /// f-string evaluates each field where it stands, each once and in order, unless every
    /// value is a name or a literal, which reads the same however often and whenever read.
    /// `str.format` reads a field's attributes and indexes after evaluating every value, an
    /// f-string as it reaches the field: the values after such a field must be names or
    /// literals.
    fn fill(parts: Vec<Part>, values: &[Expr]) -> Option<Template> {
        let used: Vec<usize> = parts
            .iter()
            .filter_map(|part| match part {
                Part::Field(index, ..) => Some(*index),
                Part::Text(_) => None,
            })
            .collect();
        // A name or a literal reads the same however often and whenever read.
        let plain = |value: &Expr| value.is_name_expr() || value.is_literal_expr();
        let simple = values.iter().all(plain);
        let first_read = parts.iter().find_map(|part| match part {
            Part::Field(index, access, ..) if !access.is_empty() => Some(*index),
            _ => None,
        });
        let read_in_time = first_read.is_none_or(|first| {
            let later = values.get(first + 1..).unwrap_or_default();
            later.iter().all(plain)
        });
        let in_order = used.iter().copied().eq(0..values.len()) && read_in_time;
        let all_used = (0..values.len()).all(|index| used.contains(&index));
        if !(in_order || (simple && all_used)) {
            return None;
        }
        let mut template = Template::default();
        for part in parts {
            match part {
                Part::Text(text) => template.text(&text),
                Part::Field(index, access, conversion, spec) => {
                    let value = values.get(index)?.clone();
                    let value = access.into_iter().fold(value, read);
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

/// `value.name` or `value[key]`.
fn read(value: Expr, access: Access) -> Expr {
    let range = value.range();
    let value = Box::new(value);
    let ctx = ast::ExprContext::Load;
    let node_index = ast::AtomicNodeIndex::default();
    match access {
        Access::Attribute(name) => Expr::Attribute(ast::ExprAttribute {
            node_index,
            range,
            value,
            attr: ast::Identifier::new(name, range),
            ctx,
        }),
        Access::Index(index) => {
            let slice = Expr::NumberLiteral(ast::ExprNumberLiteral {
                node_index: ast::AtomicNodeIndex::default(),
                range,
                value: ast::Number::Int(ast::Int::from(index)),
            });
            subscript(value, slice, range)
        }
        Access::Key(key) => subscript(value, string_literal(&key, range), range),
    }
}

fn subscript(value: Box<Expr>, slice: Expr, range: TextRange) -> Expr {
    Expr::Subscript(ast::ExprSubscript {
        node_index: ast::AtomicNodeIndex::default(),
        range,
        value,
        slice: Box::new(slice),
        ctx: ast::ExprContext::Load,
    })
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
