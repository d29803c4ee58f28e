//! What the site carries besides its pages, for programs rather than people:
//! spreadsheets under `data/` ([`csv`]) and the Atom feed ([`feed`]). (`dossier.json`
//! and the search index are made in `render/json.rs` and `render/search.rs`.)

pub mod csv;
pub mod feed;

use crate::model::Dossier;

use super::strings::Strings;

/// Every file made here: site path and bytes. The feed's words are `t`'s; the
/// spreadsheets' column names are data, the same in every language.
pub fn files(d: &Dossier, t: &Strings) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = csv::files(d);
    out.push((feed::PATH, feed::feed(d, t)));
    out
}

/// The site paths of [`files`].
pub fn paths() -> impl Iterator<Item = &'static str> {
    csv::TABLES
        .iter()
        .map(|(path, _)| *path)
        .chain([feed::PATH])
}
