//! The map page: the relationship map's drawing and the actors it shows.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::reuse::{self, Kept};
use super::groups::{actor_groups, ActorGroup};

#[derive(Serialize)]
pub struct MapPage {
    pub svg: String,
    pub shown: usize,
    pub left_out: usize,
    pub kinds: Vec<&'static str>,
    pub groups: Vec<ActorGroup>,
}

pub fn map_page(v: &Views, g: &super::super::map::Graph, svg: &str) -> MapPage {
    MapPage {
        svg: svg.to_string(),
        shown: g.nodes.len(),
        left_out: g.left_out,
        kinds: ActorKind::ALL.iter().map(|k| k.name()).collect(),
        groups: actor_groups(v),
    }
}

/// The map's graph and drawing; the last render's drawing while the graph is the
/// same (the layout is the costly part).
pub(super) fn drawing<'k>(kept: &'k Kept<reuse::MapMemo>, v: &Views) -> &'k reuse::MapMemo {
    kept.get(|last| {
        let g = super::super::map::graph(v.all(every::ACTOR), super::super::map::MAX_NODES);
        match last.filter(|(last, _)| **last == g) {
            Some(same) => same.clone(),
            None => {
                let svg = super::super::map::svg(&g, &v.root, v.t);
                (std::sync::Arc::new(g), svg.into())
            }
        }
    })
}
