//! The relationship map: actors as a network (ties from `Actor::related`: affiliation,
//! shared commitments and events, co-mention), laid out at build time by a
//! deterministic force-directed pass and drawn as a static SVG whose nodes link to the
//! actors' pages. Large dossiers show their most connected actors only.

use std::collections::HashMap;
use std::fmt::Write;

use crate::html::escape;
use crate::model::{Dossier, Kind};

use super::strings::Strings;
use super::{labels, urls};

/// The most actors the map draws; the rest are listed under it.
pub const MAX_NODES: usize = 150;
/// How many of its strongest ties each actor brings to the map.
const TIES_PER_ACTOR: usize = 6;
/// Above this many nodes, only the best-connected carry a visible label.
const MAX_LABELS: usize = 60;

#[derive(Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// Sum of its ties' weights: how connected it is.
    pub weight: usize,
}

#[derive(Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// (node index, node index, weight), each pair once.
    pub edges: Vec<(usize, usize, usize)>,
    /// Actors left off the map.
    pub left_out: usize,
}

pub fn graph(d: &Dossier, max_nodes: usize) -> Graph {
    let mut all: Vec<Node> = d
        .actors
        .values()
        .map(|a| Node {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind.name(),
            weight: a.related.iter().map(|r| r.weight as usize).sum(),
        })
        .collect();
    // The best-connected first; ties by id, so the choice is stable.
    all.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.id.cmp(&b.id)));
    let left_out = all.len().saturating_sub(max_nodes);
    all.truncate(max_nodes);
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let index: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    // Each actor's strongest ties (related is sorted strongest first): the map shows
    // structure, not every co-mention.
    let ids: Vec<&str> = d.actors.keys().map(String::as_str).collect();
    let mut edges = Vec::new();
    for (i, n) in all.iter().enumerate() {
        for r in d.actors[&n.id]
            .related
            .iter()
            .filter(|r| index.contains_key(ids[r.actor as usize]))
            .take(TIES_PER_ACTOR)
        {
            let j = index[ids[r.actor as usize]];
            let e = (i.min(j), i.max(j), r.weight as usize);
            if !edges.contains(&e) {
                edges.push(e);
            }
        }
    }
    edges.sort_unstable();
    Graph {
        nodes: all,
        edges,
        left_out,
    }
}

/// Positions in a `size`×`size` square: Fruchterman–Reingold from a fixed start (a
/// circle in id order), so the same dossier always gives the same picture.
pub fn layout(g: &Graph, size: f64) -> Vec<(f64, f64)> {
    let n = g.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let c = size / 2.0;
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            (c + 0.4 * size * a.cos(), c + 0.4 * size * a.sin())
        })
        .collect();
    if n == 1 {
        return vec![(c, c)];
    }
    let k = 1.4 * (size * size / n as f64).sqrt();
    let mut temp = size / 8.0;
    for _ in 0..300 {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let dist = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / dist;
                let (fx, fy) = (dx / dist * f, dy / dist * f);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(i, j, w) in &g.edges {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let dist = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = dist * dist / k * (0.3 + 0.15 * (w as f64).ln());
            let (fx, fy) = (dx / dist * f, dy / dist * f);
            disp[i].0 -= fx;
            disp[i].1 -= fy;
            disp[j].0 += fx;
            disp[j].1 += fy;
        }
        for i in 0..n {
            // A pull to the centre keeps unconnected actors in the picture.
            disp[i].0 += (c - pos[i].0) * 0.02;
            disp[i].1 += (c - pos[i].1) * 0.02;
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1)
                .sqrt()
                .max(0.01);
            let step = len.min(temp);
            // Loose bounds: the drawing is fitted to the frame at the end.
            pos[i].0 = (pos[i].0 + disp[i].0 / len * step).clamp(-size, 2.0 * size);
            pos[i].1 = (pos[i].1 + disp[i].1 / len * step).clamp(-size, 2.0 * size);
        }
        temp = (temp * 0.985).max(size / 400.0);
    }
    // Stretch the drawing to fill the frame (leaving room for labels on the right).
    let (minx, maxx) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (miny, maxy) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let fit = |v: f64, lo: f64, hi: f64, from: f64, to: f64| {
        if hi - lo < 1e-6 {
            (from + to) / 2.0
        } else {
            from + (v - lo) / (hi - lo) * (to - from)
        }
    };
    pos.iter()
        .map(|&(x, y)| {
            (
                fit(x, minx, maxx, 0.05 * size, 0.8 * size),
                fit(y, miny, maxy, 0.05 * size, 0.95 * size),
            )
        })
        .collect()
}

fn radius(weight: usize) -> f64 {
    5.0 + (weight as f64).sqrt().min(14.0)
}

/// The whole map as an SVG element, on a page whose way to the site root is `root`.
pub fn svg(g: &Graph, root: &str, t: &Strings) -> String {
    let size = 1000.0;
    let mut pos = layout(g, size);
    let mut by_weight: Vec<usize> = (0..g.nodes.len()).collect();
    by_weight.sort_by(|&a, &b| g.nodes[b].weight.cmp(&g.nodes[a].weight).then(a.cmp(&b)));
    let labelled: Vec<bool> = {
        let mut l = vec![g.nodes.len() <= MAX_LABELS; g.nodes.len()];
        for &i in by_weight.iter().take(MAX_LABELS) {
            l[i] = true;
        }
        l
    };
    let radii: Vec<f64> = g.nodes.iter().map(|n| radius(n.weight)).collect();
    let names: Vec<Option<&str>> = g
        .nodes
        .iter()
        .zip(&labelled)
        .map(|(n, &l)| l.then_some(n.name.as_str()))
        .collect();
    let widths: Vec<Option<f64>> = names.iter().map(|n| n.map(labels::text_width)).collect();
    labels::make_room(&mut pos, &radii, &widths);
    let placed = labels::place(&pos, &radii, &names, &by_weight);
    let frame = labels::bounds(&pos, &radii, &placed);
    let view = format!(
        "{:.1} {:.1} {:.1} {:.1}",
        frame.0,
        frame.1,
        frame.2 - frame.0,
        frame.3 - frame.1
    );
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"map\" viewBox=\"{view}\" role=\"group\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"map-title\">{}</title>\
         <desc id=\"map-desc\">{}</desc><g class=\"edges\">",
        escape(t.get("map.title")),
        escape(&t.fill("map.description", &[("n", &g.nodes.len())]))
    );
    for &(i, j, w) in &g.edges {
        let _ = write!(
            out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\"{:.1}\"/>",
            pos[i].0,
            pos[i].1,
            pos[j].0,
            pos[j].1,
            (0.6 + (w as f64).sqrt() * 0.5).min(6.0)
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    // Draw the best-connected last, on top.
    for &i in by_weight.iter().rev() {
        let n = &g.nodes[i];
        let (x, y) = pos[i];
        let r = radius(n.weight);
        let name = escape(&n.name);
        let _ = write!(
            out,
            "<a href=\"{}\" class=\"node kind-{}\"><title>{name} ({})</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/>",
            escape(&[root, &urls::entity(Kind::Actor, &n.id)].concat()),
            n.kind,
            escape(t.get(&format!("kinds.{}", n.kind)))
        );
        if let Some(l) = &placed[i] {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\"{}>{name}</text>",
                l.x,
                l.y,
                match l.anchor {
                    "start" => "",
                    a =>
                        if a == "end" {
                            " text-anchor=\"end\""
                        } else {
                            " text-anchor=\"middle\""
                        },
                }
            );
        }
        out.push_str("</a>");
    }
    out.push_str("</g></svg>");
    out
}

/// One of an actor's ties on its small map: the other actor and why they are tied.
pub struct Tie<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub href: &'a str,
    /// How strong the tie is (the line's width).
    pub weight: usize,
    pub reasons: String,
}

/// A small radial map of an actor (`name`, `kind`) and its strongest `ties`, for its
/// own page.
pub fn neighbourhood_svg(name: &str, kind: &str, ties: &[Tie], t: &Strings) -> Option<String> {
    if ties.is_empty() {
        return None;
    }
    let (w, h) = (640.0, 400.0);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"map map-small\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-label=\"{}\"><g class=\"edges\">",
        escape(&t.fill("map.neighbourhood", &[("name", &name), ("n", &ties.len())]))
    );
    let at = |i: usize| {
        let t = std::f64::consts::TAU * i as f64 / ties.len() as f64 - std::f64::consts::FRAC_PI_2;
        (cx + 0.36 * w * t.cos(), cy + 0.38 * h * t.sin())
    };
    // The spokes, one path per line width (in tenths), all from the centre.
    let mut widths: Vec<(u32, String)> = Vec::new();
    for (i, r) in ties.iter().enumerate() {
        let (x, y) = at(i);
        let width = ((0.6 + (r.weight as f64).sqrt() * 0.5).min(6.0) * 10.0).round() as u32;
        let d = match widths.iter_mut().find(|(w, _)| *w == width) {
            Some((_, d)) => d,
            None => {
                widths.push((width, String::new()));
                &mut widths.last_mut().expect("just pushed").1
            }
        };
        let _ = write!(d, "M{}L{} {}", pair(cx, cy), num(x), num(y));
    }
    for (width, d) in &widths {
        let _ = write!(
            out,
            "<path stroke-width=\"{}\" d=\"{d}\"/>",
            num(f64::from(*width) / 10.0)
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    let _ = write!(out, "<g class=\"node self kind-{}\"><circle cx=\"{}\" cy=\"{}\" r=\"12\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>", kind, num(cx), num(cy), num(cx), num(cy + 30.0), escape(name));
    for (i, other) in ties.iter().enumerate() {
        let (x, y) = at(i);
        let anchor = if x < cx - 10.0 {
            "end"
        } else if x > cx + 10.0 {
            "start"
        } else {
            "middle"
        };
        let dx = match anchor {
            "end" => -12.0,
            "start" => 12.0,
            _ => 0.0,
        };
        // Straight above or below the centre, the name goes above or below its dot.
        let dy = match anchor {
            "middle" if y < cy => -14.0,
            "middle" => 22.0,
            _ => 4.0,
        };
        let name = escape(other.name);
        let _ = write!(
            out,
            "<a href=\"{}\" class=\"node kind-{}\"><title>{name}: {}</title><circle cx=\"{}\" cy=\"{}\" r=\"8\"/><text x=\"{}\" y=\"{}\"{}>{name}</text></a>",
            escape(other.href),
            other.kind,
            escape(&other.reasons),
            num(x),
            num(y),
            num(x + dx),
            num(y + dy),
            // "start" is SVG's default.
            if anchor == "start" {
                String::new()
            } else {
                format!(" text-anchor=\"{anchor}\"")
            }
        );
    }
    out.push_str("</g></svg>");
    Some(out)
}

/// `x` to one decimal, without a trailing `.0` (`48`, `68.4`).
fn num(x: f64) -> String {
    // Tenths as an integer, when `x` is no tie between two of them (where only the
    // exact decimal rounding of `format!` is right): a fifth of its time.
    let tenths = x * 10.0;
    if tenths.abs() < 1e12 && (tenths.fract().abs() - 0.5).abs() > 1e-6 {
        let t = tenths.round() as i64;
        let (whole, tenth) = (t / 10, (t % 10).abs());
        let sign = if t < 0 && whole == 0 { "-" } else { "" };
        return if tenth == 0 {
            whole.to_string()
        } else {
            format!("{sign}{whole}.{tenth}")
        };
    }
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(whole) if whole != "-0" => whole.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

/// A point as SVG path data writes it: `320 200`.
fn pair(x: f64, y: f64) -> String {
    format!("{} {}", num(x), num(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_format_rounds_them() {
        let exact = |x: f64| {
            let s = format!("{x:.1}");
            match s.strip_suffix(".0") {
                Some("-0") => "0".to_string(),
                Some(whole) => whole.to_string(),
                None => s,
            }
        };
        for i in -30_000..30_000 {
            for x in [
                f64::from(i) * 0.013,
                f64::from(i) / 20.0,
                f64::from(i) * 0.0501,
            ] {
                assert_eq!(num(x), exact(x), "{x}");
            }
        }
        assert_eq!(
            [num(0.25), num(-0.04), num(-0.36), num(48.0), num(68.44)],
            ["0.2", "0", "-0.4", "48", "68.4"]
        );
    }

    fn g(n: usize, edges: &[(usize, usize, usize)]) -> Graph {
        Graph {
            nodes: (0..n)
                .map(|i| Node {
                    id: format!("a{i}"),
                    name: format!("A{i}"),
                    kind: "person",
                    weight: 1,
                })
                .collect(),
            edges: edges.to_vec(),
            left_out: 0,
        }
    }

    #[test]
    fn layout_is_deterministic_and_inside() {
        let graph = g(12, &[(0, 1, 3), (1, 2, 1), (3, 4, 2), (5, 6, 1)]);
        let a = layout(&graph, 1000.0);
        let b = layout(&graph, 1000.0);
        assert_eq!(a, b);
        assert!(a
            .iter()
            .all(|&(x, y)| (0.0..=1000.0).contains(&x) && (0.0..=1000.0).contains(&y)));
        // Tied actors end up closer than untied ones.
        let d = |i: usize, j: usize| ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 7));
        assert!(
            a.iter().any(|p| p.0 < 100.0) && a.iter().any(|p| p.0 > 700.0),
            "the drawing fills the frame"
        );
        assert_eq!(layout(&g(0, &[]), 100.0), vec![]);
        assert_eq!(layout(&g(1, &[]), 100.0), vec![(50.0, 50.0)]);
    }

    fn node(g: &Graph, id: &str) -> usize {
        g.nodes
            .iter()
            .position(|n| n.id == id)
            .unwrap_or_else(|| panic!("no node {id}"))
    }

    fn tied(g: &Graph, a: &str, b: &str) -> bool {
        let (i, j) = (node(g, a), node(g, b));
        g.edges
            .iter()
            .any(|&(x, y, _)| (x, y) == (i.min(j), i.max(j)))
    }

    #[test]
    fn the_fixture_maps_every_actor_each_a_link() {
        let d = crate::fixture_dossier();
        let g = graph(&d, MAX_NODES);
        assert_eq!(g.nodes.len(), d.actors.len());
        assert_eq!(g.left_out, 0);
        // Affiliation, a commitment by → to, and co-mention each make a tie.
        assert!(tied(&g, "stoltenberg", "nato"));
        assert!(tied(&g, "g7", "ukraine"));
        assert!(tied(&g, "zelensky", "ukraine"));
        let svg = svg(&g, "../", Strings::english());
        assert!(svg.contains("<title id=\"map-title\">Relationship map</title>"));
        for a in d.actors.values() {
            let link = format!(
                "<a href=\"../actors/{}/index.html\" class=\"node kind-{}\"><title>",
                a.id,
                a.kind.name()
            );
            assert_eq!(svg.matches(&link).count(), 1, "one node for {}", a.id);
        }
        assert_eq!(svg.matches("<a href=").count(), d.actors.len());
        assert_eq!(
            svg,
            super::svg(&graph(&d, MAX_NODES), "../", Strings::english()),
            "deterministic"
        );
    }

    #[test]
    fn a_capped_map_keeps_the_best_connected() {
        let d = crate::fixture_dossier();
        let g = graph(&d, 3);
        assert_eq!((g.nodes.len(), g.left_out), (3, d.actors.len() - 3));
        let kept = g.nodes.iter().map(|n| n.weight).min().unwrap();
        let all = graph(&d, MAX_NODES);
        let dropped = all
            .nodes
            .iter()
            .filter(|n| !g.nodes.iter().any(|k| k.id == n.id))
            .map(|n| n.weight)
            .max()
            .unwrap();
        assert!(kept >= dropped, "kept {kept} < dropped {dropped}");
        assert!(g.edges.iter().all(|&(i, j, _)| i < j && j < 3));
    }
}
