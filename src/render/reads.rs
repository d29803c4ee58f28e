//! What each page read of the dossier, for watch sessions: a page is rendered again
//! only when something it read changed. Keys name an entity, a Markdown page, or one
//! side of an actor (its name, its reference, its role); [`every`] bits name whole kinds.

use crate::model::Kind;

/// What a page's view read of the dossier: the entities and Markdown pages it looked
/// up (as [`key`]s), and the kinds it read all of. Besides these a page reads only
/// the site-wide data (`meta` and the pages' titles). A watch session re-renders a
/// page only when something it read has changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reads {
    /// Sorted, without repeats.
    pub keys: Vec<u64>,
    /// The kinds read all of, as [`every`] bits.
    pub kinds: u8,
}

/// The key of an actor's name alone, for pages that show only the name.
pub fn name_key(id: &str) -> u64 {
    hashed(("name", id))
}

/// The key of what an [`ActorRef`] shows of an actor: its name and kind.
pub fn ref_key(id: &str) -> u64 {
    hashed(("ref", id))
}

/// The key of an actor's role, as an [`ActorRef`] shows it on pages whose template
/// may show it ([`Views::ref_roles`]).
pub fn role_key(id: &str) -> u64 {
    hashed(("role", id))
}

fn hashed(x: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Bits for [`Reads::kinds`]: all entities of a kind, the Markdown pages, or only the
/// actors' names and aliases.
pub mod every {
    pub const ACTOR: u8 = 1;
    pub const SOURCE: u8 = 2;
    pub const EVENT: u8 = 4;
    pub const COMMITMENT: u8 = 8;
    pub const DISCREPANCY: u8 = 16;
    pub const PAGE: u8 = 32;
    /// Which actors exist, their names, aliases and kinds, not the rest of them.
    pub const NAME: u8 = 64;
    /// Which sources, events, commitments, discrepancies and Markdown pages exist,
    /// and their titles, not the rest of them.
    pub const TITLE: u8 = 128;
    /// Everything.
    pub const KIND: u8 = 255;

    /// The bits of an entity kind (`None`: Markdown pages); an actor's include `NAME`.
    pub fn of(kind: Option<crate::model::Kind>) -> u8 {
        use crate::model::Kind;
        match kind {
            Some(Kind::Actor) => ACTOR | NAME,
            Some(Kind::Source) => SOURCE,
            Some(Kind::Event) => EVENT,
            Some(Kind::Commitment) => COMMITMENT,
            Some(Kind::Discrepancy) => DISCREPANCY,
            None => PAGE,
        }
    }
}

/// The key of an entity (`Some(kind)`) or a Markdown page (`None`) in [`Reads`].
pub fn key(kind: Option<Kind>, id: &str) -> u64 {
    hashed((kind, id))
}
