//! dossier: turns seed articles and curated YAML into a cross-linked static site.
//!
//! The flow runs one way: [`load`] reads files into raw data, [`resolve`] checks and
//! links it into a [`model::Dossier`], [`render`] turns that into a [`render::Site`]
//! (paths → bytes), and [`write`] puts the site on disk. The binary (`main.rs`) is
//! the only place that prints or exits.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diag;
pub mod html;
pub mod load;
pub mod model;
pub mod project;
pub mod resolve;
