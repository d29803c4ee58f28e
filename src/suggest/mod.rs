//! The curation assistant: what the seeds hold that `content/` does not yet. One
//! [`Suggestions`] value, built read-only from a resolved dossier: claims no evidence
//! quotes ([`claims`]), passages two sources report in other words ([`parallels`]),
//! names spelt several ways ([`variants`]) and names no actor covers ([`names`]).
//! Never renders and never prints: `main.rs` prints, the coverage page shows.

pub mod claims;
pub mod format;
pub mod names;
pub mod parallels;
pub mod variants;

use serde::Serialize;

use crate::model::Dossier;
pub use claims::{Claim, ClaimKind};
pub use names::UnknownName;
pub use parallels::{Parallel, Passage};
pub use variants::Variant;

/// "Copy as evidence": the script `serve` adds to the pages it serves (never built
/// into the site). On a source page, selected text becomes an evidence item.
pub const EVIDENCE_JS: &str = include_str!("evidence.js");

/// Everything `suggest` proposes, in the shape of its JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestions {
    pub claims: Vec<Claim>,
    pub parallels: Vec<Parallel>,
    pub variants: Vec<Variant>,
    pub names: Vec<UnknownName>,
}

/// What the seeds hold that `content/` does not yet: of every source, or of `only`.
pub fn suggest(d: &Dossier, only: Option<&str>) -> Suggestions {
    let ((claims, parallels), (variants, names)) = rayon::join(
        || rayon::join(|| claims::find(d, only), || parallels::find(d, only)),
        || {
            rayon::join(
                || variants::find(d, only),
                || names::unknown(d, |id| only.is_none_or(|o| o == id)),
            )
        },
    );
    Suggestions {
        claims,
        parallels,
        variants,
        names,
    }
}
