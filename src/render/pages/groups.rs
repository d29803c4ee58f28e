//! Actors grouped by kind (people, organizations, countries, groups), in name order:
//! the actors index, the overview, the map's list and the print page show them so.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::rows::ActorRef;

#[derive(Serialize)]
pub struct ActorCard {
    pub actor: ActorRef,
    /// Other spellings: the actors index's name filter finds them too.
    pub aliases: Vec<String>,
    pub sources: usize,
    pub mentions: usize,
    pub commitments: usize,
}

#[derive(Serialize)]
pub struct ActorGroup {
    pub kind: &'static str,
    /// A few per page: owned, so that a view does not borrow the views.
    pub label: String,
    pub actors: Vec<ActorCard>,
}

/// Every actor, by kind, in name order.
pub fn actor_groups(v: &Views) -> Vec<ActorGroup> {
    v.all(every::ACTOR);
    actor_groups_of(v, |_| true)
}

/// The actors `keep` selects, by kind, in name order. Which actors exist and their
/// kinds and names are read as [`every::NAME`]; each one kept is read by key. `keep`
/// must decide by what the caller has read all of (mention counts: sources).
pub fn actor_groups_of(v: &Views, keep: impl Fn(&Actor) -> bool) -> Vec<ActorGroup> {
    let d = v.all(every::NAME);
    ActorKind::ALL
        .into_iter()
        .map(|k| {
            let mut actors: Vec<&Actor> = d
                .actors
                .values()
                .filter(|a| a.kind == k && keep(a))
                .collect();
            actors.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then(a.id.cmp(&b.id))
            });
            ActorGroup {
                kind: k.name(),
                label: v
                    .t
                    .get(match k {
                        ActorKind::Person => "groups.person",
                        ActorKind::Organization => "groups.organization",
                        ActorKind::Country => "groups.country",
                        ActorKind::Group => "groups.group",
                    })
                    .to_string(),
                actors: actors
                    .into_iter()
                    .filter_map(|a| {
                        let a = v.actor_of(&a.id)?;
                        Some(ActorCard {
                            actor: v.actor(&a.id)?,
                            aliases: a.aliases.clone(),
                            sources: a.mentions.len(),
                            mentions: a.mentions.iter().map(|m| m.count).sum(),
                            commitments: a.commitments_made.len() + a.commitments_received.len(),
                        })
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.actors.is_empty())
        .collect()
}
