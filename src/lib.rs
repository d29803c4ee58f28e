//! dossier: turns seed articles and curated YAML into a cross-linked static site.
//!
//! The flow runs one way: [`load`] reads files into raw data, [`resolve`] checks and
//! links it into a [`model::Dossier`], [`render`] turns that into a [`render::Site`]
//! (paths → bytes), and [`write`] puts the site on disk. [`watch`] and [`serve`] sit
//! outside that pipeline and call it; [`scaffold`] writes new files for editors. The
//! binary (`main.rs`) is the only place that prints or exits.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod coverage;
pub mod diag;
pub mod html;
pub mod load;
pub mod model;
pub mod project;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod watch;
pub mod write;

use std::path::Path;
use std::sync::Arc;

use diag::Diagnostics;
use model::Dossier;
pub use project::Project;
use render::{Site, Templates};

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The command could not run at all (exit 2): bad folder, unwritable output.
    CannotRun(String),
    /// The content has errors (exit 1); nothing was written.
    Content(Diagnostics),
}

/// A dossier checked and rendered in memory, with its warnings.
pub struct Checked {
    pub dossier: Arc<Dossier>,
    pub site: Site,
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// How long each stage took, for `--verbose` and benchmarks.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub load: std::time::Duration,
    pub resolve: std::time::Duration,
    pub render: std::time::Duration,
    pub write: std::time::Duration,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "load {:.0} ms, resolve {:.0} ms, render {:.0} ms, write {:.0} ms",
            ms(self.load),
            ms(self.resolve),
            ms(self.render),
            ms(self.write)
        )
    }
}

/// Load, resolve and render: everything but writing. All errors are collected.
pub fn check(project: &Project) -> Result<Checked, Failure> {
    let mut diags = Diagnostics::default();
    let templates = Templates::load(&project.templates(), &project.root, &mut diags);
    check_with(project, templates.as_ref(), diags, None, None).map(|(c, _)| c)
}

/// `check` with templates already loaded (`None` if they failed, with `diags` saying
/// why). A watch session passes its `last` render, whose unchanged pages are reused,
/// and its `memory` of the files it read and what they resolved to; a one-shot build
/// keeps nothing (prepared seeds are large: they are freed before rendering).
fn check_with(
    project: &Project,
    templates: Option<&Templates>,
    mut diags: Diagnostics,
    last: Option<&Last>,
    mut memory: Option<&mut Memory>,
) -> Result<(Checked, render::Memo), Failure> {
    let mut timings = Timings::default();
    let t = std::time::Instant::now();
    let raw = match &mut memory {
        Some(m) => load::load_with(project, &mut diags, &mut m.files),
        None => load::load(project, &mut diags),
    }
    .map_err(|e| Failure::CannotRun(e.0))?;
    timings.load = t.elapsed();
    let t = std::time::Instant::now();
    let dossier = match memory {
        Some(m) => resolve::resolve_with(&raw, &mut diags, &mut m.resolved),
        None => resolve::resolve(&raw, &mut diags),
    };
    drop(raw);
    timings.resolve = t.elapsed();
    let Some(templates) = templates.filter(|_| !diags.has_errors()) else {
        return Err(Failure::Content(diags));
    };
    let t = std::time::Instant::now();
    let changes = last.map(|l| render::Changes::between(&l.dossier, &dossier));
    let previous = last
        .zip(changes.as_ref())
        .map(|(l, changes)| render::Previous {
            site: &l.site,
            memo: &l.memo,
            changes,
        });
    let rendered = render::render_reusing(&dossier, templates, previous);
    timings.render = t.elapsed();
    match rendered {
        Ok((site, memo)) => Ok((
            Checked {
                dossier: Arc::new(dossier),
                site,
                diagnostics: diags,
                timings,
            },
            memo,
        )),
        Err(d) => {
            diags.extend(d);
            Err(Failure::Content(diags))
        }
    }
}

/// A dossier being edited: rebuilds that keep what did not change (the parsed
/// templates) between one build and the next. Used by `watch` and `serve`.
pub struct Session {
    pub project: Project,
    templates: Option<Templates>,
    template_diags: Diagnostics,
    /// The last build, to render and write only what differs (forgotten when the
    /// templates change).
    last: Option<Last>,
    memory: Memory,
}

/// What a session remembers between builds besides the last site: the files read
/// (to reread only those that changed) and what the seeds resolved to.
#[derive(Default)]
struct Memory {
    files: load::cache::Cache,
    resolved: resolve::Memo,
}

/// What a session keeps of its last build.
struct Last {
    /// The site as last written.
    site: Arc<Site>,
    /// What its pages read.
    memo: render::Memo,
    /// What they were rendered from.
    dossier: Arc<Dossier>,
}

impl Session {
    pub fn new(project: Project) -> Session {
        let mut s = Session {
            project,
            templates: None,
            template_diags: Diagnostics::default(),
            last: None,
            memory: Memory::default(),
        };
        s.load_templates();
        s
    }

    fn load_templates(&mut self) {
        let mut d = Diagnostics::default();
        self.templates = Templates::load(&self.project.templates(), &self.project.root, &mut d);
        self.template_diags = d;
        if let Some(last) = &mut self.last {
            last.memo = render::Memo::default();
        }
    }

    /// Rebuilds after `changed` (paths relative to the root) and writes what changed.
    /// Returns the new site, shared with whoever serves it.
    pub fn rebuild(
        &mut self,
        changed: &[std::path::PathBuf],
    ) -> Result<(Built, Arc<Site>), Failure> {
        if changed.iter().any(|p| p.starts_with("templates")) {
            self.load_templates();
        }
        for p in changed {
            self.memory.files.forget(&self.project.root.join(p));
        }
        guard_output(&self.project)?;
        let (mut checked, memo) = check_with(
            &self.project,
            self.templates.as_ref(),
            self.template_diags.clone(),
            self.last.as_ref(),
            Some(&mut self.memory),
        )?;
        let site = Arc::new(std::mem::take(&mut checked.site));
        let out = &self.project.out;
        let t = std::time::Instant::now();
        let written = match &self.last {
            Some(last) => write::write_changes(&last.site, &site, out),
            None => write::write(&site, out),
        }
        .map_err(|e| Failure::CannotRun(format!("cannot write {}: {e}", out.display())))?;
        checked.timings.write = t.elapsed();
        self.last = Some(Last {
            site: site.clone(),
            memo,
            dossier: checked.dossier.clone(),
        });
        Ok((Built { checked, written }, site))
    }
}

/// What a successful build did.
pub struct Built {
    pub checked: Checked,
    pub written: write::WriteReport,
}

/// Checks, renders and writes the site. On any error the output folder is untouched.
pub fn build(project: &Project) -> Result<Built, Failure> {
    guard_output(project)?;
    let mut checked = check(project)?;
    let t = std::time::Instant::now();
    let written = write::write(&checked.site, &project.out)
        .map_err(|e| Failure::CannotRun(format!("cannot write {}: {e}", project.out.display())))?;
    checked.timings.write = t.elapsed();
    Ok(Built { checked, written })
}

/// Refuses an output folder that would overwrite the dossier's own files.
fn guard_output(project: &Project) -> Result<(), Failure> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let out = canon(&project.out);
    let root = canon(&project.root);
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("seeds"),
        root.join("templates"),
        root.join("src"),
    ];
    if protected
        .iter()
        .any(|p| out == *p || p.starts_with(&out) || (out.starts_with(p) && *p != root))
    {
        return Err(Failure::CannotRun(format!(
            "refusing to write the site to {}: it would overwrite the dossier's own files (use a folder like public/)",
            project.out.display()
        )));
    }
    // A folder of someone else's files is not ours to turn into a site.
    if !project.force && out.is_dir() && !out.join(write::MANIFEST).exists() {
        let theirs = std::fs::read_dir(&out)
            .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
            .unwrap_or_default();
        if let Some(first) = theirs.first() {
            return Err(Failure::CannotRun(format!(
                "{} already holds files dossier did not write ({}{}); build into an empty folder, or add --force to build there anyway (those files are kept)",
                project.out.display(),
                first.to_string_lossy(),
                if theirs.len() > 1 { format!(" and {} more", theirs.len() - 1) } else { String::new() }
            )));
        }
    }
    Ok(())
}

/// For unit tests: the fixture dossier `tests/fixtures/mini`, loaded and resolved.
#[cfg(test)]
pub(crate) fn fixture_dossier() -> Dossier {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini"),
        None,
    );
    let mut diags = Diagnostics::default();
    let raw = load::load(&project, &mut diags).expect("fixture loads");
    let d = resolve::resolve(&raw, &mut diags);
    assert!(!diags.has_errors(), "the fixture has errors");
    d
}
