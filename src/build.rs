//! The one-shot commands over the pipeline — `build` (check, render, write each page
//! as it is made), `check` and `verify` (render in memory, keep nothing) — and what
//! they report: [`Failure`] (exit 1 or 2), [`Built`], [`Checked`], [`Timings`]. A
//! watch session's rebuilds are in [`crate::session`].

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::model::Dossier;
use crate::project::Project;
use crate::render::{self, Site, Templates};
use crate::{coverage, load, resolve, write};

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
    /// In a watch session: whether the last dossier was patched, not resolved anew.
    pub patched: bool,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "load {:.0} ms, {} {:.0} ms, render {:.0} ms, write {:.0} ms",
            ms(self.load),
            if self.patched { "patch" } else { "resolve" },
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

/// Loads and resolves the dossier without rendering it, for `suggest` and `schema`:
/// the dossier as far as it resolves, and every diagnostic so far.
pub fn resolved(project: &Project) -> Result<(Dossier, Diagnostics), Failure> {
    let mut diags = Diagnostics::default();
    let raw = load::load(project, &mut diags).map_err(|e| Failure::CannotRun(e.0))?;
    let dossier = resolve::resolve(&raw, &mut diags);
    Ok((dossier, diags))
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
        Some(mut t) => {
            t.use_language(&dossier.meta.language);
            Ok((dossier, diags, t, timings))
        }
        None => Err(Failure::Content(diags)),
    }
}

/// The content failure of a build whose render failed with `render_diags`.
pub(crate) fn content_failure(mut diags: Diagnostics, render_diags: Diagnostics) -> Failure {
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
    let writer = write::Writer::new(&project.out, project.force).map_err(cannot_write)?;
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
pub(crate) fn guard_output(project: &Project) -> Result<(), Failure> {
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
    // A file (or a link to one) is not a folder: refused before anything moves.
    if project.out.exists() && !project.out.is_dir() {
        return Err(Failure::CannotRun(format!(
            "{} is a file, not a folder; give --out a folder (the file was left as it was)",
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
