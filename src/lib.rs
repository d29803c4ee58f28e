//! dossier: turns seed articles and curated YAML into a cross-linked static site.
//!
//! The flow runs one way: [`load`] reads files into raw data, [`resolve`] checks and
//! links it into a [`model::Dossier`], [`render`] turns that into a [`render::Site`]
//! (paths → bytes), and [`write`] puts the site on disk. [`watch`] and [`serve`] sit
//! outside that pipeline and call it; [`scaffold`] writes new files for editors. The
//! binary (`main.rs`) is the only place that prints or exits.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod build;
pub mod coverage;
pub mod diag;
pub mod html;
pub mod import;
pub mod lexicon;
pub mod load;
pub mod model;
pub mod project;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod session;
pub mod suggest;
pub mod watch;
pub mod write;

pub use build::{build, check, resolved, verify, Built, Checked, Failure, Timings, Verified};
pub use project::Project;
pub use session::Session;

/// For unit tests: the fixture dossier `tests/fixtures/mini`, loaded and resolved.
#[cfg(test)]
pub(crate) fn fixture_dossier() -> model::Dossier {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini"),
        None,
    );
    let mut diags = diag::Diagnostics::default();
    let raw = load::load(&project, &mut diags).expect("fixture loads");
    let d = resolve::resolve(&raw, &mut diags);
    assert!(!diags.has_errors(), "the fixture has errors");
    d
}
