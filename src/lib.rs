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
pub mod import;
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
    /// In `build`, each file is written into the staging folder as it is rendered:
    /// that time is counted here.
    pub render: std::time::Duration,
    /// Completing the output folder (in `build`: linking the unchanged files into the
    /// staging folder, and swapping it in).
    pub write: std::time::Duration,
    /// In a watch session: rendering and writing the data files after the pages.
    pub data: std::time::Duration,
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
        )?;
        if !self.data.is_zero() {
            write!(f, ", then data files {:.0} ms", ms(self.data))?;
        }
        Ok(())
    }
}

/// Load, resolve and render: everything but writing. All errors are collected.
pub fn check(project: &Project) -> Result<Checked, Failure> {
    let (dossier, diags, templates, mut timings) = load_and_resolve(project)?;
    let t = std::time::Instant::now();
    let site =
        render::render(&dossier, &templates).map_err(|d| content_failure(diags.clone(), d))?;
    timings.render = t.elapsed();
    Ok(Checked {
        dossier: Arc::new(dossier),
        site,
        diagnostics: diags,
        timings,
    })
}

/// A dossier checked, with its warnings; its pages were rendered (so that a template
/// error is found) and not kept.
pub struct Verified {
    pub dossier: Arc<Dossier>,
    pub diagnostics: Diagnostics,
    /// The editorial aids, as the coverage page shows them.
    pub coverage: Arc<coverage::Coverage>,
}

/// [`check`] without keeping the site: what `dossier check` needs. Each page is
/// rendered and dropped, and `dossier.json` is not made, so a check needs no more
/// memory than a build.
pub fn verify(project: &Project) -> Result<Verified, Failure> {
    let (dossier, diagnostics, templates, _) = load_and_resolve(project)?;
    match render::render_into(&dossier, &templates, &render::Discard) {
        Ok(coverage) => Ok(Verified {
            dossier: Arc::new(dossier),
            diagnostics,
            coverage,
        }),
        Err(d) => Err(content_failure(diagnostics, d)),
    }
}

/// Loads the templates and the dossier, and resolves it. Fails on any error so far,
/// or when there are no templates to render with. Keeps nothing of the load (prepared
/// seeds are large: they are freed before rendering).
fn load_and_resolve(
    project: &Project,
) -> Result<(Dossier, Diagnostics, Templates, Timings), Failure> {
    let mut diags = Diagnostics::default();
    let mut load_diags = Diagnostics::default();
    let mut timings = Timings::default();
    let t = std::time::Instant::now();
    // The templates are parsed while the files are read.
    let (templates, raw) = rayon::join(
        || Templates::load(&project.templates(), &project.root, &mut diags),
        || load::load(project, &mut load_diags),
    );
    diags.extend(load_diags);
    let raw = raw.map_err(|e| Failure::CannotRun(e.0))?;
    timings.load = t.elapsed();
    let t = std::time::Instant::now();
    let dossier = resolve::resolve(&raw, &mut diags);
    drop(raw);
    timings.resolve = t.elapsed();
    match templates.filter(|_| !diags.has_errors()) {
        Some(t) => Ok((dossier, diags, t, timings)),
        None => Err(Failure::Content(diags)),
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
    /// The files that may read differently since the last build that succeeded.
    touched: Vec<std::path::PathBuf>,
}

/// What a session keeps of its last build.
struct Last {
    /// The site as last written.
    site: Arc<Site>,
    /// What its pages read.
    memo: render::Memo,
    /// What they were rendered from.
    dossier: Arc<Dossier>,
    /// What resolving it reported.
    resolve_diags: Diagnostics,
}

/// A rebuild's dossier, and what loading and resolving it reported.
struct Resolved {
    /// Resolved anew, or the last one patched in place.
    dossier: Arc<Dossier>,
    /// The patch applied to the last dossier, to apply again (undo) if the render fails.
    patch: Option<resolve::Patch>,
    /// Every diagnostic so far, and those of resolving alone.
    diags: Diagnostics,
    resolve_diags: Diagnostics,
    timings: Timings,
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
        self.rebuild_reported(changed, false, &mut |_, _| {})
    }

    /// [`Session::rebuild`] after a watcher's report: when it is `complete` (every
    /// change since the last build is in `changed`), the other files are not looked
    /// at. Calls `pages_written` once every page is on disk, with the site as served
    /// from then on. After the first build, the data files (`dossier.json`, the search
    /// index) are rendered and written after the pages, so that an edit shows without
    /// waiting for them: until then the site holds the last ones. Every page is
    /// rendered before anything is written, so a template error still leaves the
    /// output as it was.
    pub fn rebuild_reported(
        &mut self,
        changed: &[std::path::PathBuf],
        complete: bool,
        pages_written: &mut dyn FnMut(&Arc<Site>, &write::WriteReport),
    ) -> Result<(Built, Arc<Site>), Failure> {
        if changed.iter().any(|p| p.starts_with("templates")) {
            self.load_templates();
        }
        let changed_files: Vec<std::path::PathBuf> =
            changed.iter().map(|p| self.project.root.join(p)).collect();
        self.memory.files.changed(&changed_files, complete);
        guard_output(&self.project)?;
        let mut r = self.load_and_resolve()?;
        let templates = self
            .templates
            .as_ref()
            .ok_or_else(|| Failure::Content(r.diags.clone()))?;
        let out = &self.project.out;
        let cannot_write =
            |e: std::io::Error| Failure::CannotRun(format!("cannot write {}: {e}", out.display()));
        let t = std::time::Instant::now();
        let Some(last) = &mut self.last else {
            // The first build: everything at once, swapped in whole.
            let (site, memo) = render::render_remembering(&r.dossier, templates)
                .map_err(|d| content_failure(r.diags.clone(), d))?;
            r.timings.render = t.elapsed();
            let t = std::time::Instant::now();
            let site = Arc::new(site);
            let written = write::write(&site, out).map_err(cannot_write)?;
            r.timings.write = t.elapsed();
            pages_written(&site, &written);
            return Ok(self.keep(r, site, memo, written));
        };
        let changes = match &r.patch {
            Some(p) => render::Changes::of_patch(p.actors(), p.sources(), &r.dossier),
            None => render::Changes::between(&last.dossier, &r.dossier),
        };
        let previous = Some(render::Previous {
            site: &last.site,
            memo: &last.memo,
            changes: &changes,
        });
        let (mut pages, mut memo) = match render::pages(&r.dossier, templates, previous) {
            Ok(rendered) => rendered,
            Err(d) => {
                // The last build stands, as it was.
                let Resolved {
                    dossier,
                    patch,
                    diags,
                    ..
                } = r;
                drop(dossier);
                if let Some(mut p) = patch {
                    p.apply(Arc::make_mut(&mut last.dossier));
                }
                return Err(content_failure(diags, d));
            }
        };
        // Until the new data files are written, the last ones stand.
        for path in render::DATA_FILES {
            if let Some(bytes) = last.site.files.get(path) {
                pages.files.insert(path.into(), bytes.clone());
            }
        }
        r.timings.render = t.elapsed();
        let t = std::time::Instant::now();
        let pages = Arc::new(pages);
        // The folder is checked after the data files (below), not before the pages.
        let mut written =
            write::write_changes_unchecked(&last.site, &pages, out).map_err(cannot_write)?;
        r.timings.write = t.elapsed();
        pages_written(&pages, &written);
        let t = std::time::Instant::now();
        let mut site = (*pages).clone();
        render::data(&r.dossier, previous).add_to(&mut site, &mut memo);
        let site = Arc::new(site);
        let data = write::write_changes(&pages, &site, out).map_err(cannot_write)?;
        r.timings.data = t.elapsed();
        written.add(data);
        Ok(self.keep(r, site, memo, written))
    }

    /// Loads what changed and resolves it: by patching the last dossier in place when
    /// only its actors' and sources' own fields changed (see [`resolve::patch`]), else
    /// anew. Fails on any error so far.
    fn load_and_resolve(&mut self) -> Result<Resolved, Failure> {
        let mut timings = Timings::default();
        let mut diags = self.template_diags.clone();
        let t = std::time::Instant::now();
        let raw = load::load_with(&self.project, &mut diags, &mut self.memory.files)
            .map_err(|e| Failure::CannotRun(e.0))?;
        timings.load = t.elapsed();
        let t = std::time::Instant::now();
        let touched = self.memory.files.take_touched();
        self.memory.touched.extend(touched);
        let patchable = ["actors", "sources"].map(|dir| self.project.content().join(dir));
        let patched = match &self.last {
            Some(last)
                if !diags.has_errors()
                    && self.templates.is_some()
                    && self
                        .memory
                        .touched
                        .iter()
                        .all(|p| patchable.iter().any(|dir| p.starts_with(dir))) =>
            {
                resolve::patch(&raw, &last.dossier, &last.resolve_diags)
            }
            _ => None,
        };
        // A patch has no errors: nothing below fails once it is applied.
        let (dossier, patch, resolve_diags) = match (patched, self.last.as_mut()) {
            (Some((mut p, resolve_diags)), Some(last)) => {
                p.apply(Arc::make_mut(&mut last.dossier));
                (last.dossier.clone(), Some(p), resolve_diags)
            }
            _ => {
                let mut d = Diagnostics::default();
                let dossier = resolve::resolve_with(&raw, &mut d, &mut self.memory.resolved);
                (Arc::new(dossier), None, d)
            }
        };
        drop(raw);
        diags.extend(resolve_diags.clone());
        timings.resolve = t.elapsed();
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        Ok(Resolved {
            dossier,
            patch,
            diags,
            resolve_diags,
            timings,
        })
    }

    /// Remembers a build as the last one, and reports it.
    fn keep(
        &mut self,
        r: Resolved,
        site: Arc<Site>,
        memo: render::Memo,
        written: write::WriteReport,
    ) -> (Built, Arc<Site>) {
        self.last = Some(Last {
            site: site.clone(),
            memo,
            dossier: r.dossier.clone(),
            resolve_diags: r.resolve_diags,
        });
        self.memory.touched.clear();
        let built = Built {
            diagnostics: r.diags,
            timings: r.timings,
            written,
            dossier: r.dossier,
        };
        (built, site)
    }
}

/// The content failure of a build whose render failed with `render_diags`.
fn content_failure(mut diags: Diagnostics, render_diags: Diagnostics) -> Failure {
    diags.extend(render_diags);
    Failure::Content(diags)
}

/// What a successful build reported and did.
pub struct Built {
    pub diagnostics: Diagnostics,
    pub timings: Timings,
    pub written: write::WriteReport,
    /// The resolved dossier the site was built from.
    pub dossier: Arc<Dossier>,
}

/// Checks, renders and writes the site, each page as soon as it is rendered. On any
/// error the output folder is untouched.
pub fn build(project: &Project) -> Result<Built, Failure> {
    guard_output(project)?;
    let (dossier, diagnostics, templates, mut timings) = load_and_resolve(project)?;
    let cannot_write = |e: std::io::Error| {
        Failure::CannotRun(format!("cannot write {}: {e}", project.out.display()))
    };
    let t = std::time::Instant::now();
    let writer = write::Writer::new(&project.out).map_err(cannot_write)?;
    let rendered = render::render_into(&dossier, &templates, &writer);
    timings.render = t.elapsed();
    if let Err(d) = rendered {
        writer.abandon();
        return Err(content_failure(diagnostics, d));
    }
    let t = std::time::Instant::now();
    let written = writer.finish().map_err(cannot_write)?;
    timings.write = t.elapsed();
    Ok(Built {
        diagnostics,
        timings,
        written,
        dossier: Arc::new(dossier),
    })
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
