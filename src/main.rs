//! The `dossier` binary: parses the command line, calls the library, prints
//! diagnostics and sets the exit code (0 ok, 1 content errors, 2 could not run).

mod cli;

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use codespan_reporting::term::{Styles, StylesWriter};

use cli::{Cli, Command};
use dossier::diag::{self, Diagnostics};
use dossier::render::Site;
use dossier::scaffold::{self, NewKind};
use dossier::serve::Server;
use dossier::watch::Watcher;
use dossier::{Built, Failure, Project};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps the memory the process frees instead of returning it to the system a moment
/// later. A watch session's next rebuild needs about as much again, and faulting it
/// back in (zeroed by the kernel) cost ~10 % of a rebuild at 10k sources; its memory
/// stays at its peak, which every rebuild reaches anyway. A build reuses what one
/// stage freed in the next: at 10k sources, 2,300 page faults instead of 4,900–13,900.
fn keep_memory() {
    // mimalloc.h's `mi_option_purge_delay` (not among libmimalloc-sys's constants);
    // -1: never purge.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an option; mimalloc reads options on every purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Build { root, out } => {
            keep_memory();
            let project = out.project(root);
            let started = Instant::now();
            match dossier::build(&project) {
                Ok(b) => {
                    report(&cli, &project, &b.diagnostics);
                    if !cli.quiet {
                        eprintln!(
                            "built {} files into {} in {} ms: {}",
                            b.written.written + b.written.unchanged,
                            project.out.display(),
                            started.elapsed().as_millis(),
                            written(&cli, &b)
                        );
                    }
                    // The process ends here: freeing the dossier piece by piece would
                    // only delay that (~50 ms at 10,000 sources).
                    std::mem::forget(b);
                    ExitCode::SUCCESS
                }
                Err(f) => fail(&cli, &project, f, true),
            }
        }
        Command::Check {
            root,
            format,
            deny_warnings,
        } => check(
            &cli,
            &Project::new(&root.root, None),
            *format,
            *deny_warnings,
        ),
        Command::Watch { root, out } => {
            let project = out.project(root);
            live(&cli, &project, None)
        }
        Command::Serve {
            root,
            out,
            port,
            bind,
            open,
        } => {
            let project = out.project(root);
            let addr = SocketAddr::new(*bind, *port);
            if !bind.is_loopback() {
                eprintln!("warning: serving on {bind}: anyone who can reach this machine can read the preview");
            }
            live(&cli, &project, Some((addr, *open)))
        }
        Command::New {
            kind,
            id,
            seed,
            root,
        } => {
            let Some(k) = NewKind::parse(kind) else {
                eprintln!(
                    "error: `{kind}` is not something `dossier new` makes ({})",
                    diag::suggest(kind, NewKind::NAMES).unwrap_or_default()
                );
                return ExitCode::from(2);
            };
            let project = Project::new(&root.root, None);
            match scaffold::new(&project, k, id, seed.as_deref()) {
                Ok(files) => {
                    if !cli.quiet {
                        for f in &files {
                            eprintln!("wrote {}", f.display());
                        }
                        eprintln!(
                            "fill it in, then `dossier check` tells you what is still missing"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Suggest {
            root,
            source,
            format,
        } => suggest(&Project::new(&root.root, None), source.as_deref(), *format),
        Command::Schema { root, out } => schema(&cli, &Project::new(&root.root, None), out.clone()),
        Command::Init { dir } => match scaffold::init(dir) {
            Ok(files) => {
                if !cli.quiet {
                    for f in &files {
                        eprintln!("wrote {}", dir.join(f).display());
                    }
                    eprintln!(
                        "a new dossier is ready: cd {} && dossier serve",
                        dir.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Import {
            inputs,
            id,
            format,
            root,
        } => import(&cli, &root.root, inputs, id.clone(), *format),
    }
}

/// `dossier suggest`: the curation assistant's proposals, on stdout.
fn suggest(project: &Project, source: Option<&str>, format: cli::SuggestFormat) -> ExitCode {
    let (d, diags) = match dossier::resolved(project) {
        Ok(x) => x,
        Err(Failure::CannotRun(m)) => {
            eprintln!("error: {m}");
            return ExitCode::from(2);
        }
        Err(Failure::Content(_)) => return ExitCode::from(1),
    };
    if let Some(id) = source {
        if !d.sources.contains_key(id) {
            eprintln!(
                "error: there is no source `{id}`{}",
                diag::suggest(id, d.sources.keys().map(String::as_str))
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            );
            return ExitCode::from(2);
        }
    }
    if diags.has_errors() {
        eprintln!(
            "note: the content has {} errors (`dossier check` lists them); suggesting from what resolves",
            diags.error_count()
        );
    }
    if format == cli::SuggestFormat::Features {
        let c = dossier::suggest::claims::candidates(&d, source);
        println!("{}", dossier::suggest::format::features(&c));
        return ExitCode::SUCCESS;
    }
    let s = dossier::suggest::suggest(&d, source);
    // Written as it is made (at 10,000 sources the JSON is ~80 MB); a reader closing
    // the pipe early (`| head`) is not an error.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = match format {
        cli::SuggestFormat::Human => writeln!(out, "{}", dossier::suggest::format::human(&s)),
        cli::SuggestFormat::Yaml => {
            writeln!(out, "{}", dossier::suggest::format::skeletons(&s, &d))
        }
        cli::SuggestFormat::Json => serde_json::to_writer_pretty(&mut out, &s)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
        cli::SuggestFormat::Features => Ok(()),
    };
    let _ = out.flush();
    std::mem::forget(s);
    std::mem::forget(d);
    ExitCode::SUCCESS
}

/// `dossier schema`: JSON Schemas for the content files, with the current ids.
fn schema(cli: &Cli, project: &Project, out: Option<PathBuf>) -> ExitCode {
    let (d, _) = match dossier::resolved(project) {
        Ok(x) => x,
        Err(Failure::CannotRun(m)) => {
            eprintln!("error: {m}");
            return ExitCode::from(2);
        }
        Err(Failure::Content(_)) => return ExitCode::from(1),
    };
    let dir = out.unwrap_or_else(|| project.root.join(dossier::schema::DIR));
    match dossier::schema::write(&dossier::schema::Ids::of(&d), &dir) {
        Ok(files) => {
            if !cli.quiet {
                for f in &files {
                    eprintln!("wrote {}", f.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `dossier import`: each document's outcome, then the exit code (0 all imported or
/// known already, 1 a document refused, 2 one could not be read at all).
fn import(
    cli: &Cli,
    root: &std::path::Path,
    inputs: &[String],
    id: Option<String>,
    format: cli::Format,
) -> ExitCode {
    use dossier::import::Outcome;
    let project = Project::new(root, None);
    let report = dossier::import::import(&project, inputs, &dossier::import::Options { id });
    if format == cli::Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("serialises")
        );
    }
    let mut imported = 0;
    for o in &report.documents {
        match o {
            Outcome::Imported {
                input,
                id,
                kind,
                seed,
                source,
                original,
                warnings,
                ..
            } => {
                imported += 1;
                if !cli.quiet && format == cli::Format::Human {
                    eprintln!("imported {input} ({kind}) as source `{id}`: {seed}, {source} (original kept in {original})");
                }
                for w in warnings {
                    eprintln!("warning: {input}: {w}");
                }
            }
            Outcome::Known {
                input,
                source,
                reason,
            } => {
                if !cli.quiet && format == cli::Format::Human {
                    eprintln!("{input} is already source `{source}` ({reason}): nothing written");
                }
            }
            Outcome::Skipped { input, files } => {
                if !cli.quiet && format == cli::Format::Human {
                    let n = files.len();
                    eprintln!(
                        "{input}: left out {n} {} whose extension is not that of a web page, PDF, text or Markdown: {} (save a document as PDF to import it)",
                        if n == 1 { "file" } else { "files" },
                        files.join(", ")
                    );
                }
            }
            Outcome::Refused { input, message, .. } => {
                eprintln!("error: {input}: {message}; nothing written");
            }
        }
    }
    if imported > 0 && !cli.quiet && format == cli::Format::Human {
        eprintln!("read each seed's text, fix what the extraction got wrong, then curate: `dossier check` lists what is still missing");
    }
    ExitCode::from(report.exit_code())
}

/// How many sources and names `check` lists of its editorial aids (the coverage page
/// has them all).
const AIDS_LISTED: usize = 12;

/// ", and 9,988 more" after a list of `AIDS_LISTED` of `n`.
fn more(n: usize) -> String {
    if n > AIDS_LISTED {
        format!(", and {} more", n - AIDS_LISTED)
    } else {
        String::new()
    }
}

/// "3 written, 111 unchanged"; with --verbose, the files written follow, one a line.
fn written(cli: &Cli, b: &Built) -> String {
    let w = &b.written;
    let mut s = format!("{} written, {} unchanged", w.written, w.unchanged);
    if w.removed > 0 {
        s.push_str(&format!(", {} removed", w.removed));
    }
    if w.foreign > 0 {
        s.push_str(&format!(", {} not ours kept", w.foreign));
    }
    if let Some(first) = w.overwritten.first() {
        s.push_str(&format!(
            ", {} not ours overwritten (--force): {first}{}",
            w.overwritten.len(),
            if w.overwritten.len() > 1 { ", …" } else { "" }
        ));
    }
    if cli.verbose {
        s.push_str(&format!("\n  {}", b.timings));
        for p in &w.paths {
            s.push_str(&format!("\n  wrote {p}"));
        }
    }
    s
}

/// `dossier check`: every error and warning, the editorial aids; human or JSON.
fn check(cli: &Cli, project: &Project, format: cli::Format, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let result = dossier::verify(project);
    let (diags, coverage, summary) = match &result {
        Ok(c) => {
            let cov = c.coverage.clone();
            let mut d = c.diagnostics.clone();
            d.extend(dossier::coverage::warnings(&c.dossier, &cov));
            let x = &c.dossier;
            let summary = format!(
                "{} actors, {} sources, {} events, {} commitments, {} discrepancies; every quote verified",
                x.actors.len(), x.sources.len(), x.events.len(), x.commitments.len(), x.discrepancies.len()
            );
            (d, Some(cov), summary)
        }
        Err(Failure::Content(d)) => (d.clone(), None, String::new()),
        Err(Failure::CannotRun(m)) => {
            if format == cli::Format::Json {
                println!("{}", serde_json::json!({ "ok": false, "fatal": m }));
            } else {
                eprintln!("error: {m}");
            }
            return ExitCode::from(2);
        }
    };
    let failed = diags.has_errors() || (deny_warnings && diags.warning_count() > 0);
    if format == cli::Format::Json {
        let out = serde_json::json!({
            "ok": !failed,
            "errors": diags.error_count(),
            "warnings": diags.warning_count(),
            "diagnostics": diags.sorted(),
            "coverage": coverage,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("serialises")
        );
        return if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    report(cli, project, &diags);
    if let (Some(cov), false) = (&coverage, cli.quiet) {
        let cited: Vec<String> = cov
            .sources
            .iter()
            .take(AIDS_LISTED)
            .map(|s| format!("{} {:.0}%", s.source, s.cited * 100.0))
            .collect();
        eprintln!("editorial aids (also on coverage/index.html in the site):");
        eprintln!(
            "  quoted, share of each source: {}{}",
            cited.join(", "),
            more(cov.sources.len())
        );
        if !cov.single_source_commitments.is_empty() {
            eprintln!(
                "  commitments resting on one source: {}",
                cov.single_source_commitments.len()
            );
        }
        let names: Vec<String> = cov
            .unknown_names
            .iter()
            .take(AIDS_LISTED)
            .map(|n| format!("{} ({}×)", n.name, n.count))
            .collect();
        if !names.is_empty() {
            eprintln!(
                "  names no actor covers: {}{}",
                names.join(", "),
                more(cov.unknown_names.len())
            );
        }
    }
    let (e, w) = (diags.error_count(), diags.warning_count());
    if e > 0 {
        eprintln!("{}", counts(e, w));
    } else if !cli.quiet {
        eprintln!(
            "ok: {summary}{} ({} ms)",
            if w > 0 {
                format!("; {w} warning{}", if w == 1 { "" } else { "s" })
            } else {
                String::new()
            },
            started.elapsed().as_millis()
        );
    }
    if failed && e == 0 {
        eprintln!("failing on warnings (--deny-warnings)");
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `watch` (no server) and `serve`: build, then rebuild on every change until killed.
fn live(cli: &Cli, project: &Project, server: Option<(SocketAddr, bool)>) -> ExitCode {
    keep_memory();
    if !project.content().is_dir() {
        eprintln!(
            "error: no content/ folder in {} (is --root right?)",
            project.root.display()
        );
        return ExitCode::from(2);
    }
    // Watching starts before the first build, so that no change goes unreported.
    let mut watcher = match Watcher::new(project) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", project.root.display());
            return ExitCode::from(2);
        }
    };
    // The port is taken before the first build: a port in use writes nothing.
    let listening = match server {
        Some((addr, open)) => match Server::start(addr, placeholder()) {
            Ok(s) => Some((s, open)),
            Err(e) => {
                eprintln!("error: cannot listen on {addr}: {e} (try another --port)");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let mut session = dossier::Session::new(project.clone());
    let first = build_once(cli, &mut session, "first build");
    let server = match listening {
        Some((s, open)) => {
            if let Some(site) = &first {
                s.replace(site.clone());
            }
            let url = format!("http://{}/", s.addr);
            eprintln!("serving {url} (Ctrl-C to stop)");
            if first.is_none() {
                if let Err(Failure::Content(d)) = dossier::verify(project) {
                    s.error(plain(&d));
                }
            }
            if open {
                open_browser(&url);
            }
            Some(s)
        }
        None => None,
    };
    if !cli.quiet {
        eprintln!("watching content/, seeds/ and templates/ for changes");
    }
    loop {
        let Some(batch) = watcher.next(Duration::from_secs(3600)) else {
            continue;
        };
        if batch.paths.is_empty() && batch.complete {
            continue;
        }
        let what = describe(&batch.paths);
        let started = Instant::now();
        let mut pages_ms = 0;
        // Browsers reload as soon as the pages are written; the data files follow.
        let mut pages_written = |site: &Arc<Site>, w: &dossier::write::WriteReport| {
            pages_ms = started.elapsed().as_millis();
            if let Some(s) = &server {
                s.update(site.clone(), w.written > 0 || w.removed > 0);
            }
        };
        match session.rebuild_reported(&batch.paths, batch.complete, &mut pages_written) {
            Ok((b, site)) => {
                report(cli, project, &b.diagnostics);
                keep_schemas(project, &b.dossier);
                if !cli.quiet {
                    eprintln!(
                        "rebuilt in {} ms (pages in {pages_ms} ms) after {what}: {}",
                        started.elapsed().as_millis(),
                        written(cli, &b)
                    );
                }
                if let Some(s) = &server {
                    s.replace(site);
                }
            }
            Err(f) => {
                let text = match &f {
                    Failure::Content(d) => plain(d),
                    Failure::CannotRun(m) => m.clone(),
                };
                fail(cli, project, f, true);
                eprintln!("(after {what}; the last good site stays in place)");
                if let Some(s) = &server {
                    s.error(text);
                }
            }
        }
    }
}

fn build_once(cli: &Cli, session: &mut dossier::Session, what: &str) -> Option<Arc<Site>> {
    let project = &session.project.clone();
    let started = Instant::now();
    match session.rebuild(&[]) {
        Ok((b, site)) => {
            report(cli, project, &b.diagnostics);
            keep_schemas(project, &b.dossier);
            if !cli.quiet {
                eprintln!(
                    "{what}: {} files into {} in {} ms: {}",
                    site.files.len(),
                    project.out.display(),
                    started.elapsed().as_millis(),
                    written(cli, &b)
                );
            }
            Some(site)
        }
        Err(f) => {
            fail(cli, project, f, true);
            None
        }
    }
}

/// Keeps the editors' schemas (if set up) in step with the ids, after a good build.
fn keep_schemas(project: &Project, d: &dossier::model::Dossier) {
    if let Err(e) = dossier::schema::keep_current(d, &project.root) {
        eprintln!("warning: {e}");
    }
}

/// What the server shows before any build succeeded.
fn placeholder() -> Arc<Site> {
    let mut s = Site::default();
    let page = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No build yet</title></head><body><h1>No good build yet</h1><p>Fix the errors shown and save: the page reloads by itself.</p></body></html>".to_vec();
    let page = Arc::new(page);
    s.files.insert("index.html".into(), page.clone());
    s.files.insert("404.html".into(), page);
    Arc::new(s)
}

/// "content/actors/x.yaml changed" or "3 files changed (a, b, …)".
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [] => "changes the system did not name".to_string(),
        [one] => format!("{} changed", one.display()),
        many => {
            let shown: Vec<String> = many
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            format!(
                "{} files changed ({}{})",
                many.len(),
                shown.join(", "),
                if many.len() > 3 { ", …" } else { "" }
            )
        }
    }
}

/// Diagnostics as plain one-line text, for the browser overlay.
fn plain(d: &Diagnostics) -> String {
    d.sorted()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
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
                "{}{}",
                counts(e, w),
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

/// "2 errors", "1 error, 3 warnings".
fn counts(e: usize, w: usize) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    if w > 0 {
        format!("{}, {}", plural(e, "error"), plural(w, "warning"))
    } else {
        plural(e, "error")
    }
}

/// Prints diagnostics to stderr as code snippets (warnings hidden by --quiet).
/// Warnings of one kind shown before the rest are counted (all with `--verbose`).
const WARNINGS_OF_A_KIND: usize = 10;

fn report(cli: &Cli, project: &Project, d: &Diagnostics) {
    let each = if cli.verbose {
        usize::MAX
    } else {
        WARNINGS_OF_A_KIND
    };
    let (shown, left) = d.for_reading(each);
    let list: Vec<_> = shown
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
    if !cli.quiet {
        for (message, n) in left {
            eprintln!(
                "… and {n} more warning{} like “{message}” (`--verbose` shows every one; `check --format json` lists them)",
                if n == 1 { "" } else { "s" }
            );
        }
    }
}
