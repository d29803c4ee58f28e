//! The `dossier` binary: parses the command line, calls the library, prints
//! diagnostics and sets the exit code (0 ok, 1 content errors, 2 could not run).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use codespan_reporting::term::{Styles, StylesWriter};

use cli::{Cli, Command};
use dossier::diag::{self, Diagnostics};
use dossier::{Failure, Project};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match &cli.command {
        Command::Build { root, out } => {
            let project = Project::new(&root.root, out.clone());
            match dossier::build(&project) {
                Ok(b) => {
                    report(&cli, &project, &b.checked.diagnostics);
                    if !cli.quiet {
                        let w = &b.written;
                        eprintln!(
                            "built {} files into {} in {} ms: {} written, {} unchanged{}",
                            b.checked.site.files.len(),
                            project.out.display(),
                            started.elapsed().as_millis(),
                            w.written,
                            w.unchanged,
                            if w.removed > 0 {
                                format!(", {} removed", w.removed)
                            } else {
                                String::new()
                            }
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => fail(&cli, &project, f, true),
            }
        }
        Command::Check { root } => {
            let project = Project::new(&root.root, None);
            match dossier::check(&project) {
                Ok(c) => {
                    report(&cli, &project, &c.diagnostics);
                    if !cli.quiet {
                        let d = &c.dossier;
                        eprintln!(
                            "ok: {} actors, {} sources, {} events, {} commitments, {} discrepancies; every quote verified ({} ms)",
                            d.actors.len(),
                            d.sources.len(),
                            d.events.len(),
                            d.commitments.len(),
                            d.discrepancies.len(),
                            started.elapsed().as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => fail(&cli, &project, f, false),
            }
        }
    }
}

fn fail(cli: &Cli, project: &Project, f: Failure, writing: bool) -> ExitCode {
    match f {
        Failure::CannotRun(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Failure::Content(d) => {
            report(cli, project, &d);
            let (e, w) = (d.error_count(), d.warning_count());
            eprintln!(
                "{} error{}{}{}",
                e,
                if e == 1 { "" } else { "s" },
                if w > 0 {
                    format!(", {w} warning{}", if w == 1 { "" } else { "s" })
                } else {
                    String::new()
                },
                if writing {
                    format!("; {} was left as it was", project.out.display())
                } else {
                    String::new()
                }
            );
            ExitCode::from(1)
        }
    }
}

/// Prints diagnostics to stderr as code snippets (warnings hidden by --quiet).
fn report(cli: &Cli, project: &Project, d: &Diagnostics) {
    let list: Vec<_> = d
        .sorted()
        .into_iter()
        .filter(|x| x.is_error() || !cli.quiet)
        .collect();
    if list.is_empty() {
        return;
    }
    let color = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stderr(color);
    let styles = Styles::default();
    let mut lock = stream.lock();
    let mut w = StylesWriter::new(&mut lock, &styles);
    if diag::render_snippets(&list, &project.root, &mut w).is_err() {
        for x in &list {
            eprintln!("{x}");
        }
    }
}
