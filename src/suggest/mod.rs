//! The curation assistant: what the seeds hold that `content/` does not yet. One
//! [`Suggestions`] value, built read-only from a resolved dossier: claims no evidence
//! quotes ([`claims`]), passages two sources report in other words ([`parallels`]),
//! names spelt several ways ([`variants`]) and names no actor covers ([`names`]).
//! Never renders and never prints: `main.rs` prints, the coverage page shows.

pub mod names;
