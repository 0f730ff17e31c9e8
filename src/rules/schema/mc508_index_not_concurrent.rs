//! MC508 index-not-concurrent: an index built or dropped without CONCURRENTLY on a table
//! with readers and writers.

use super::{Context, index_change};
use crate::diagnostic::Diagnostic;
use crate::model::Operation;
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let Some(index) = index_change(cx, operation) else {
        return;
    };
    if index.concurrently || index.exempt {
        return;
    }
    let built = if index.many {
        "they are built"
    } else {
        "it is built"
    };
    let blocks = match (index.build, index.blocks_reads) {
        (true, false) => format!("writes to the table block until {built}"),
        (true, true) => format!("every query on the table blocks until {built}"),
        (false, _) => "it waits for, and then blocks, every query on the table".to_string(),
    };
    out.push(cx.locking_finding(
        Rule::IndexNotConcurrent,
        operation,
        format!(
            "{} {}{} without CONCURRENTLY: {blocks}",
            index.verb(),
            index.what,
            index.on.as_deref().unwrap_or_default()
        ),
        index.help.to_string(),
    ));
}
