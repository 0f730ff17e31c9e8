//! Render: findings as text for people or machines. Output order is the report's order.

mod github;
mod gitlab;
pub mod graph;
mod human;
mod json;
mod junit;
mod sarif;

use std::io::{self, Write};

use crate::cli::Format;
use crate::diagnostic::Report;

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub color: bool,
    pub quiet: bool,
    pub statistics: bool,
}

pub fn render(
    report: &Report,
    format: Format,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human if options.statistics => human::statistics(report, options, out),
        Format::Human => human::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
    }
}
