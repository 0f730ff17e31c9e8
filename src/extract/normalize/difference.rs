//! Where two normal forms differ: their pieces lined up by what they are (a longest common
//! subsequence), so that an added statement or a removed operation is named as such, and the
//! first changed line inside a changed piece.

use std::ops::Range;

use ruff_python_ast::comparable::{ComparableExpr, ComparableStmt};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextSize};

use super::{IMPORTS, Item, Node, Normalized};

/// Above this many cells the alignment table is not built: the whole middle is one change.
const MAX_TABLE: usize = 1 << 22;

/// A run of pieces that differ between the versions, between pieces that match.
#[derive(Debug, PartialEq, Eq)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
}

impl Normalized {
    /// Whether `other` does substantially what this does: at least half the operations of
    /// the one with more are in both, counted with repeats. `None` when neither has any
    /// operation, for the caller to judge otherwise.
    pub fn same_operations(&self, other: &Normalized) -> Option<bool> {
        let operations = |form: &Normalized| -> Vec<(String, u64)> {
            let mut found: Vec<(String, u64)> = form
                .items
                .iter()
                .filter(|item| item.key == "operation" || item.key.starts_with("operation ("))
                .map(|item| (item.key.clone(), item.hash))
                .collect();
            found.sort_unstable();
            found
        };
        let (mine, theirs) = (operations(self), operations(other));
        if mine.is_empty() && theirs.is_empty() {
            return None;
        }
        // Both sorted: count the common ones as a merge does.
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < mine.len() && j < theirs.len() {
            match mine[i].cmp(&theirs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        Some(common * 2 >= mine.len().max(theirs.len()))
    }

    /// The first difference between this (the base version) and `new`, as a description and
    /// a line in `new`; `None` when they are equal. A `replaces` attribute that `new` drops
    /// (the last step of squashing) is no difference.
    pub fn difference(&self, new: &Normalized) -> Option<(String, u32)> {
        let replaces = "`Migration.replaces`";
        let old: Vec<&Item> = self
            .items
            .iter()
            .filter(|item| item.key != replaces || new.items.iter().any(|n| n.key == replaces))
            .collect();
        let new_items: Vec<&Item> = new.items.iter().collect();
        let hunks = hunks(&old, &new_items);
        // Changed imports matter less than what uses them: name that, if anything else
        // changed.
        let only_imports = |hunk: &&Hunk| {
            old[hunk.old.clone()]
                .iter()
                .chain(&new_items[hunk.new.clone()])
                .all(|item| item.key == IMPORTS)
        };
        let Some(hunk) = hunks.iter().find(|hunk| !only_imports(hunk)) else {
            return Some(new.describe(hunks.first()?, &old, &new_items));
        };
        // The imports come first; what else changed with them is named.
        let skip = |items: &[&Item], range: &Range<usize>| {
            let leading = range.start < range.end && items[range.start].key == IMPORTS;
            range.start + usize::from(leading)..range.end
        };
        let hunk = Hunk {
            old: skip(&old, &hunk.old),
            new: skip(&new_items, &hunk.new),
        };
        Some(new.describe(&hunk, &old, &new_items))
    }

    /// What a hunk changed, and the line in this (the new) version to point at.
    fn describe(&self, hunk: &Hunk, old: &[&Item], new: &[&Item]) -> (String, u32) {
        let removed = &old[hunk.old.clone()];
        let added = &new[hunk.new.clone()];
        // Where something was removed: the piece after it, or for a statement of a larger
        // piece, the statement before it in the same piece.
        let around = |removed: &Item| {
            let before = hunk.new.start.checked_sub(1).map(|i| new[i]);
            before
                .filter(|item| removed.part && item.key == removed.key)
                .or(new.get(hunk.new.end).copied())
                .or(new.last().copied())
                .map_or(1, |item| item.line)
        };
        match (removed.first(), added.first()) {
            (Some(before), Some(after)) if before.key == after.key => (
                format!("changed {}", after.label),
                self.first_changed_line(before, after),
            ),
            (_, Some(after)) if after.part => (format!("changed {}", after.label), after.line),
            (Some(before), _) if before.part => {
                (format!("changed {}", before.label), around(before))
            }
            (_, Some(after)) if !removed.iter().any(|item| item.key == after.key) => {
                (format!("added {}", after.label), after.line)
            }
            (Some(before), _) => (format!("removed {}", before.label), around(before)),
            (None, Some(after)) => (format!("added {}", after.label), after.line),
            (None, None) => unreachable!("a hunk changes something"),
        }
    }

    /// The first line of `after` (a piece of this version) that differs from `before`.
    fn first_changed_line(&self, before: &Item, after: &Item) -> u32 {
        let at = match (&before.node, &after.node) {
            (Node::Stmt(old), Node::Stmt(new)) => stmt(old, new),
            (Node::Expr(old), Node::Expr(new)) => expr(old, new),
            _ => None,
        };
        at.map_or(after.line, |at| self.source.location(at).line)
    }
}

/// The runs of pieces that differ, in order.
fn hunks(old: &[&Item], new: &[&Item]) -> Vec<Hunk> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut hunks = Vec::new();
    if a.is_empty() && b.is_empty() {
        return hunks;
    }
    if (a.len() + 1) * (b.len() + 1) > MAX_TABLE {
        hunks.push(Hunk {
            old: prefix..prefix + a.len(),
            new: prefix..prefix + b.len(),
        });
        return hunks;
    }
    // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut common = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i * width + j] = if a[i] == b[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            if let Some((start_i, start_j)) = open.take() {
                hunks.push(Hunk {
                    old: prefix + start_i..prefix + i,
                    new: prefix + start_j..prefix + j,
                });
            }
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert((i, j));
        if j == b.len() || (i < a.len() && common[(i + 1) * width + j] >= common[i * width + j + 1])
        {
            i += 1;
        } else {
            j += 1;
        }
    }
    if let Some((start_i, start_j)) = open {
        hunks.push(Hunk {
            old: prefix + start_i..prefix + a.len(),
            new: prefix + start_j..prefix + b.len(),
        });
    }
    hunks
}

/// Where `new` first differs from `old`, looking inside the statements and expressions
/// that hold others; `None` when they are equal.
fn stmt(old: &Stmt, new: &Stmt) -> Option<TextSize> {
    if ComparableStmt::from(old) == ComparableStmt::from(new) {
        return None;
    }
    let inside = match (old, new) {
        (Stmt::Expr(a), Stmt::Expr(b)) => expr(&a.value, &b.value),
        (Stmt::Assign(a), Stmt::Assign(b)) => {
            exprs(&a.targets, &b.targets, b.value.start()).or_else(|| expr(&a.value, &b.value))
        }
        (Stmt::Return(a), Stmt::Return(b)) => match (&a.value, &b.value) {
            (Some(a), Some(b)) => expr(a, b),
            _ => None,
        },
        (Stmt::If(a), Stmt::If(b)) => expr(&a.test, &b.test)
            .or_else(|| stmts(&a.body, &b.body, b.end()))
            .or_else(|| {
                let clauses = a.elif_else_clauses.iter().zip(&b.elif_else_clauses);
                clauses.into_iter().find_map(|(a, b)| {
                    match (&a.test, &b.test) {
                        (Some(x), Some(y)) => expr(x, y),
                        _ => None,
                    }
                    .or_else(|| stmts(&a.body, &b.body, b.end()))
                })
            }),
        (Stmt::For(a), Stmt::For(b)) => expr(&a.target, &b.target)
            .or_else(|| expr(&a.iter, &b.iter))
            .or_else(|| stmts(&a.body, &b.body, b.end())),
        (Stmt::While(a), Stmt::While(b)) => {
            expr(&a.test, &b.test).or_else(|| stmts(&a.body, &b.body, b.end()))
        }
        (Stmt::With(a), Stmt::With(b)) if a.items.len() == b.items.len() => a
            .items
            .iter()
            .zip(&b.items)
            .find_map(|(a, b)| expr(&a.context_expr, &b.context_expr))
            .or_else(|| stmts(&a.body, &b.body, b.end())),
        (Stmt::Try(a), Stmt::Try(b)) => stmts(&a.body, &b.body, b.end()),
        _ => None,
    };
    Some(inside.unwrap_or(new.start()))
}

/// Where `new` first differs from `old`; `None` when they are equal.
fn expr(old: &Expr, new: &Expr) -> Option<TextSize> {
    if ComparableExpr::from(old) == ComparableExpr::from(new) {
        return None;
    }
    // Removed at the end of a bracketed list: its closing bracket.
    let closing = new.end() - TextSize::from(1);
    let inside = match (old, new) {
        (Expr::Call(a), Expr::Call(b)) => expr(&a.func, &b.func)
            .or_else(|| exprs(&a.arguments.args, &b.arguments.args, closing))
            .or_else(|| {
                let keyword =
                    |before: &ast::Keyword, after: &ast::Keyword| match before.arg == after.arg {
                        true => expr(&before.value, &after.value),
                        false => Some(after.start()),
                    };
                pairwise(
                    &a.arguments.keywords,
                    &b.arguments.keywords,
                    closing,
                    keyword,
                )
            }),
        (Expr::List(a), Expr::List(b)) => exprs(&a.elts, &b.elts, closing),
        (Expr::Tuple(a), Expr::Tuple(b)) => exprs(&a.elts, &b.elts, closing),
        (Expr::Set(a), Expr::Set(b)) => exprs(&a.elts, &b.elts, closing),
        (Expr::Dict(a), Expr::Dict(b)) => {
            let item = |before: &ast::DictItem, after: &ast::DictItem| {
                match (&before.key, &after.key) {
                    (Some(x), Some(y)) => expr(x, y),
                    (None, None) => None,
                    _ => Some(after.start()),
                }
                .or_else(|| expr(&before.value, &after.value))
            };
            pairwise(&a.items, &b.items, closing, item)
        }
        (Expr::Attribute(a), Expr::Attribute(b)) if a.attr == b.attr => expr(&a.value, &b.value),
        _ => None,
    };
    Some(inside.unwrap_or(new.start()))
}

/// Where `new` first differs from `old`, element by element; `end` when `new` is `old`
/// with elements removed at the end.
fn exprs(old: &[Expr], new: &[Expr], end: TextSize) -> Option<TextSize> {
    pairwise(old, new, end, expr)
}

/// Where the body `new` first differs from `old`; `end` when statements were removed at the
/// end.
fn stmts(old: &[Stmt], new: &[Stmt], end: TextSize) -> Option<TextSize> {
    pairwise(old, new, end, stmt)
}

/// Where the list `new` first differs from `old`, comparing the items at each position with
/// `differ`: an item with nothing before it is new, and `end` is where items were removed
/// at the end.
fn pairwise<T: Ranged>(
    old: &[T],
    new: &[T],
    end: TextSize,
    differ: impl Fn(&T, &T) -> Option<TextSize>,
) -> Option<TextSize> {
    new.iter()
        .enumerate()
        .find_map(|(index, after)| match old.get(index) {
            Some(before) => differ(before, after),
            None => Some(after.start()),
        })
        .or((old.len() > new.len()).then_some(end))
}

#[cfg(test)]
mod tests {
    use super::super::{Context, normalize};

    fn difference(old: &str, new: &str) -> Option<(String, u32)> {
        let context = Context::default();
        normalize(old, &context)?.difference(&normalize(new, &context)?)
    }

    const MIGRATION: &str = r#"from django.db import migrations, models


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
        migrations.RunSQL("UPDATE shop_product SET sku = ''", migrations.RunSQL.noop),
        migrations.AddField(
            model_name="product",
            name="ean",
            field=models.CharField(
                max_length=13,
                null=True,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
"#;

    #[test]
    fn an_added_statement_changes_its_function() {
        let new = MIGRATION.replace(
            "    Product.objects.update(sku=\"\")\n",
            "    Product.objects.update(sku=\"\")\n    Product.objects.update(ean=\"\")\n",
        );
        assert_eq!(
            difference(MIGRATION, &new),
            Some(("changed `forwards()`".to_string(), 7))
        );
        let removed = MIGRATION.replace("    Product.objects.update(sku=\"\")\n", "");
        assert_eq!(
            difference(MIGRATION, &removed),
            Some(("changed `forwards()`".to_string(), 5))
        );
    }

    #[test]
    fn removed_and_added_operations_are_named() {
        let start = MIGRATION.find("        migrations.RunSQL").unwrap();
        let end = MIGRATION.find("        migrations.AddField(\n").unwrap();
        let removed = format!("{}{}", &MIGRATION[..start], &MIGRATION[end..]);
        assert_eq!(
            difference(MIGRATION, &removed),
            Some(("removed operation 2 (`RunSQL`)".to_string(), 14))
        );
        assert_eq!(
            difference(&removed, MIGRATION),
            Some(("added operation 2 (`RunSQL`)".to_string(), 14))
        );
    }

    #[test]
    fn what_changed_besides_the_imports_is_named() {
        let start = MIGRATION.find("\n\ndef forwards").unwrap();
        let end = MIGRATION.find("\n\nclass Migration").unwrap();
        let without = format!("{}{}", &MIGRATION[..start], &MIGRATION[end..])
            .replace(
                "from django.db import migrations, models",
                "from django.db import migrations",
            )
            .replace(
                "        migrations.RunPython(forwards, migrations.RunPython.noop),\n",
                "",
            );
        let (what, _) = difference(MIGRATION, &without).unwrap();
        assert_eq!(what, "removed `def forwards()`");
    }

    #[test]
    fn a_changed_piece_points_at_its_first_changed_line() {
        let new = MIGRATION.replace("max_length=13", "max_length=14");
        assert_eq!(
            difference(MIGRATION, &new),
            Some(("changed operation 3 (`AddField`)".to_string(), 19))
        );
        // A keyword removed at the end: the closing bracket.
        let new = MIGRATION.replace("                null=True,\n", "");
        assert_eq!(
            difference(MIGRATION, &new),
            Some(("changed operation 3 (`AddField`)".to_string(), 20))
        );
        let new = MIGRATION.replace("sku=\"\"", "sku=\"-\"");
        assert_eq!(
            difference(MIGRATION, &new),
            Some(("changed `forwards()`".to_string(), 6))
        );
    }
}
