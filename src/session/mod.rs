//! A dossier being edited (`watch`, `serve`): the façade that runs each rebuild
//! (load what changed → resolve → render what changed → write what differs). What a
//! session remembers between builds, and how it uses it, is in [`memory`].

mod memory;

use std::sync::Arc;

use crate::build::{content_failure, guard_output, Built, Failure};
use crate::diag::Diagnostics;
use crate::model::Kind;
use crate::project::Project;
use crate::render::{self, Site, Templates};
use crate::write;

use memory::{Last, Memory, Resolved};

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
    /// from then on; before that, once the edited entities' own pages are on disk (the
    /// last site with them in it; a seed's entity is its source), and again with the
    /// last site if a later page then fails to render. After the first build, the data files (`dossier.json`, the search
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
        // The dossier's language picks the words; a new one makes every page stale.
        if let Some(t) = self.templates.as_mut() {
            if t.use_language(&r.dossier.meta.language) {
                if let Some(last) = &mut self.last {
                    last.memo = render::Memo::default();
                }
            }
        }
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
            let written =
                write::write_with(&site, out, self.project.force).map_err(cannot_write)?;
            r.timings.write = t.elapsed();
            pages_written(&site, &written);
            return Ok(self.keep(r, site, memo, written));
        };
        // The edited entities' own pages first (a seed's: its source's): the pages that
        // list them (at 100,000 sources, seconds of work) follow.
        let first = write_own_pages(&r, templates, &last.site, out);
        // `serve` shows them now too: the last site with the edited pages in it.
        if let Some(first) = first.as_ref().filter(|f| !f.is_empty()) {
            let mut early = (*last.site).clone();
            early.files.extend(first.iter().cloned());
            let report = write::WriteReport {
                written: first.len(),
                paths: first.iter().map(|(p, _)| p.clone()).collect(),
                ..Default::default()
            };
            pages_written(&Arc::new(early), &report);
        }
        // What changed since the last dossier (at 100,000 sources, 0.2 s), once the
        // edited pages are on disk.
        let changes = match &r.patch {
            Some(p) => render::Changes::of_patch(&p.replaced(), &r.dossier),
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
                // The last build stands, as it was: the pages written first are put back.
                if let Some(first) = &first {
                    let back: Vec<_> = first
                        .iter()
                        .filter_map(|(path, _)| {
                            Some((path.clone(), last.site.files.get(path)?.clone()))
                        })
                        .collect();
                    write::write_first(&back, out).map_err(cannot_write)?;
                    if !first.is_empty() {
                        pages_written(&last.site, &write::WriteReport::default());
                    }
                }
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
        for (path, bytes) in &last.site.files {
            if render::is_data_file(path) {
                pages.files.insert(path.clone(), bytes.clone());
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
        render::data(&r.dossier, &templates.strings, previous).add_to(&mut site, &mut memo);
        let site = Arc::new(site);
        let data = write::write_changes(&pages, &site, out).map_err(cannot_write)?;
        r.timings.data = t.elapsed();
        written.add(data);
        Ok(self.keep(r, site, memo, written))
    }
}

/// Renders the edited entities' own pages ([`Resolved::edited`]) and writes those
/// that differ from `last`. `None` if one does not render or cannot be written (the
/// full render and write then say why).
fn write_own_pages(
    r: &Resolved,
    templates: &Templates,
    last: &Site,
    out: &std::path::Path,
) -> Option<Vec<(String, render::Bytes)>> {
    let owners: Vec<(Option<Kind>, &str)> =
        r.edited.iter().map(|(k, id)| (*k, id.as_str())).collect();
    let pages: Vec<_> = render::own_pages(&r.dossier, templates, &owners)?
        .into_iter()
        .filter(|(path, bytes)| last.files.get(path) != Some(bytes))
        .collect();
    if !pages.is_empty() {
        write::write_first(&pages, out).ok()?;
    }
    Some(pages)
}
