//! `migcheck graph`: each Django app's and Alembic script directory's migration graph, as
//! text, JSON or Graphviz dot.

use std::io::{self, Write};

use serde::Serialize;

use crate::graph::{Graph, topological};
use crate::model::{Framework, Migration, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum GraphFormat {
    /// Per app and location: counts, leaves or heads, and the chain.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// Graphviz: `migcheck graph --format dot | dot -Tsvg > graph.svg`.
    Dot,
}

#[derive(Serialize)]
struct Document {
    django: Vec<App>,
    alembic: Vec<Location>,
}

#[derive(Serialize)]
struct App {
    app: String,
    directory: String,
    migrations: Vec<Node>,
    leaves: Vec<String>,
    conflict: bool,
}

#[derive(Serialize)]
struct Location {
    location: String,
    revisions: Vec<Node>,
    heads: Vec<String>,
    conflict: bool,
}

#[derive(Serialize)]
struct Node {
    name: String,
    path: String,
    /// Parents in the same app / location.
    parents: Vec<String>,
    /// Django: migrations it replaces; Alembic: branch labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    branch_labels: Vec<String>,
    /// Django: a squashed migration stands in for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    replaced: bool,
}

fn name(migration: &Migration) -> String {
    match &migration.framework {
        Framework::Django(django) => django.name.clone(),
        Framework::Alembic(alembic) => alembic.revision.clone().unwrap_or_default(),
    }
}

fn document(graph: &Graph, migrations: &[Migration]) -> Document {
    let node = |i: usize, parents: &[usize], replaced: bool| {
        let migration = &migrations[i];
        let (replaces, branch_labels) = match &migration.framework {
            Framework::Django(_) => (
                migration
                    .replaces
                    .iter()
                    .filter_map(|d| match &d.target {
                        Target::Django { name, .. } => Some(name.clone()),
                        _ => None,
                    })
                    .collect(),
                Vec::new(),
            ),
            Framework::Alembic(alembic) => (Vec::new(), alembic.branch_labels.clone()),
        };
        Node {
            name: name(migration),
            path: migration.path.clone(),
            parents: parents.iter().map(|&p| name(&migrations[p])).collect(),
            replaces,
            branch_labels,
            replaced,
        }
    };
    Document {
        django: graph
            .apps
            .iter()
            .map(|app| App {
                app: app.label.clone(),
                directory: app.directory.clone(),
                migrations: topological(&app.members, &app.parents)
                    .into_iter()
                    .map(|i| {
                        let parents = app.parents.get(&i).map_or(&[][..], Vec::as_slice);
                        node(i, parents, app.replaced.contains(&i))
                    })
                    .collect(),
                leaves: app.leaves.iter().map(|&i| name(&migrations[i])).collect(),
                conflict: app.leaves.len() > 1 && !app.unreadable_dependencies,
            })
            .collect(),
        alembic: graph
            .locations
            .iter()
            .map(|location| Location {
                location: location.name.clone(),
                revisions: topological(&location.members, &location.parents)
                    .into_iter()
                    .map(|i| {
                        let parents = location.parents.get(&i).map_or(&[][..], Vec::as_slice);
                        node(i, parents, false)
                    })
                    .collect(),
                heads: location
                    .heads
                    .iter()
                    .map(|(i, _)| name(&migrations[*i]))
                    .collect(),
                conflict: !location.conflicting_heads().is_empty(),
            })
            .collect(),
    }
}

pub fn render(
    graph: &Graph,
    migrations: &[Migration],
    format: GraphFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    let document = document(graph, migrations);
    match format {
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &document)?;
            writeln!(out)
        }
        GraphFormat::Text => text(&document, out),
        GraphFormat::Dot => dot(&document, out),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn text(document: &Document, out: &mut dyn Write) -> io::Result<()> {
    let chain = |nodes: &[Node], out: &mut dyn Write| -> io::Result<()> {
        for node in nodes {
            let replaced = if node.replaced {
                "  (replaced by a squash)"
            } else {
                ""
            };
            match node.parents.as_slice() {
                [] => writeln!(out, "  {}{replaced}", node.name)?,
                parents => writeln!(out, "  {} <- {}{replaced}", node.name, parents.join(", "))?,
            }
        }
        writeln!(out)
    };
    for app in &document.django {
        writeln!(
            out,
            "Django app `{}` ({}): {}, {}: {}{}",
            app.app,
            app.directory,
            count(app.migrations.len(), "migration", "migrations"),
            count(app.leaves.len(), "leaf", "leaves"),
            app.leaves.join(", "),
            if app.conflict { "  CONFLICT" } else { "" }
        )?;
        chain(&app.migrations, out)?;
    }
    for location in &document.alembic {
        writeln!(
            out,
            "Alembic `{}`: {}, {}: {}{}",
            location.location,
            count(location.revisions.len(), "revision", "revisions"),
            count(location.heads.len(), "head", "heads"),
            location.heads.join(", "),
            if location.conflict { "  CONFLICT" } else { "" }
        )?;
        chain(&location.revisions, out)?;
    }
    Ok(())
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn dot(document: &Document, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph migrations {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, fontname=\"monospace\"];")?;
    let mut cluster = 0;
    let mut write_group = |title: &str,
                           key: &str,
                           nodes: &[Node],
                           ends: &[String],
                           conflict: bool,
                           out: &mut dyn Write|
     -> io::Result<()> {
        writeln!(out, "  subgraph cluster_{cluster} {{")?;
        cluster += 1;
        writeln!(out, "    label={};", quote(title))?;
        for node in nodes {
            let id = quote(&format!("{key}:{}", node.name));
            let style = if node.replaced {
                ", style=dashed, fontcolor=gray"
            } else if ends.contains(&node.name) {
                if conflict {
                    ", style=filled, fillcolor=\"#f8c4c4\", color=red"
                } else {
                    ", style=bold"
                }
            } else {
                ""
            };
            writeln!(out, "    {id} [label={}{style}];", quote(&node.name))?;
        }
        for node in nodes {
            for parent in &node.parents {
                writeln!(
                    out,
                    "    {} -> {};",
                    quote(&format!("{key}:{parent}")),
                    quote(&format!("{key}:{}", node.name))
                )?;
            }
        }
        writeln!(out, "  }}")
    };
    for app in &document.django {
        let title = format!("{} ({})", app.app, app.directory);
        write_group(
            &title,
            &app.directory,
            &app.migrations,
            &app.leaves,
            app.conflict,
            out,
        )?;
    }
    for location in &document.alembic {
        write_group(
            &location.location,
            &location.location,
            &location.revisions,
            &location.heads,
            location.conflict,
            out,
        )?;
    }
    writeln!(out, "}}")
}
