//! The one integration-test binary: a fixture dossier built end to end, checked for
//! what a reader sees, what an editor is told, and what is left on disk.

mod browser;
mod build;
mod bundled;
mod corpus;
mod errors;
mod fuzz;
mod hostile;
mod i18n;
mod import;
mod lean;
mod live;
mod paging;
mod reliability;
mod suggest;
mod support;
mod tracker;
