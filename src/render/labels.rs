//! Where the relationship map's names go. Nodes whose names need room are first nudged
//! apart; then each name, the best-connected first, takes the first place beside its
//! node (right, left, above, below, then the corners) where it overlaps no other name
//! and no other node. A name with no such place is left off the picture (the node's
//! tooltip and the list under the map still give it). Deterministic: no randomness.
//!
//! Text is measured by estimate, generously: the map's labels are 13 units of
//! semibold sans-serif with a 3-unit halo (style.css, `.map .node text`).

/// The label font's size, in the map's units.
const FONT: f64 = 13.0;
/// Space kept between a name and anything else.
const GAP: f64 = 2.0;

/// A rectangle: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect(pub f64, pub f64, pub f64, pub f64);

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }

    fn grown(&self, by: f64) -> Rect {
        Rect(self.0 - by, self.1 - by, self.2 + by, self.3 + by)
    }

    fn union(&self, o: &Rect) -> Rect {
        Rect(
            self.0.min(o.0),
            self.1.min(o.1),
            self.2.max(o.2),
            self.3.max(o.3),
        )
    }
}

/// A placed name: where its text starts (`x`, baseline `y`), how it is anchored, and
/// the box it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    /// start | middle | end
    pub anchor: &'static str,
    pub rect: Rect,
}

/// How wide a name is drawn, at most: wide capitals, narrower spaces, and the halo.
pub fn text_width(name: &str) -> f64 {
    let em: f64 = name
        .chars()
        .map(|c| match c {
            ' ' => 0.35,
            'i' | 'l' | 'j' | '.' | ',' | '\'' | '’' | '-' | '(' | ')' => 0.42,
            c if c.is_uppercase() || c == 'm' || c == 'w' => 0.86,
            _ => 0.68,
        })
        .sum();
    em * FONT + 3.0
}

/// The box of a name whose text is anchored at (`x`, baseline `y`).
fn text_rect(x: f64, y: f64, width: f64, anchor: &str) -> Rect {
    let left = match anchor {
        "end" => x - width,
        "middle" => x - width / 2.0,
        _ => x,
    };
    // Ascenders above the baseline, descenders and the halo below.
    Rect(left, y - FONT * 0.95, left + width, y + FONT * 0.3)
}

fn circle_rect((x, y): (f64, f64), r: f64) -> Rect {
    Rect(x - r, y - r, x + r, y + r)
}

/// The places a name may take beside a node at `p` of radius `r`, in order of
/// preference: its text's anchor point and anchoring.
fn candidates((x, y): (f64, f64), r: f64) -> [(f64, f64, &'static str); 8] {
    let d = r + 3.0;
    [
        (x + d, y + 4.0, "start"),
        (x - d, y + 4.0, "end"),
        (x, y - d - 3.0, "middle"),
        (x, y + d + FONT * 0.95, "middle"),
        (x + d * 0.7, y - d * 0.7 - 2.0, "start"),
        (x - d * 0.7, y - d * 0.7 - 2.0, "end"),
        (x + d * 0.7, y + d * 0.7 + FONT * 0.8, "start"),
        (x - d * 0.7, y + d * 0.7 + FONT * 0.8, "end"),
    ]
}

/// Moves nodes apart until no node, with its name to its right where it has one
/// (`widths`: `None` for a node drawn without a name), overlaps another: each
/// overlapping pair is pushed apart along the axis where it overlaps least.
pub fn make_room(pos: &mut [(f64, f64)], radii: &[f64], widths: &[Option<f64>]) {
    let area = |i: usize, p: (f64, f64)| {
        let c = circle_rect(p, radii[i]);
        match widths[i] {
            Some(w) => c.union(&text_rect(p.0 + radii[i] + 3.0, p.1 + 4.0, w, "start")),
            None => c,
        }
        .grown(GAP)
    };
    let mut areas: Vec<Rect> = (0..pos.len()).map(|i| area(i, pos[i])).collect();
    let mut order: Vec<usize> = (0..pos.len()).collect();
    for _ in 0..3000 {
        let mut moved = false;
        // Sweep from left to right: only areas that start before one ends can overlap it.
        order.sort_by(|&a, &b| areas[a].0.total_cmp(&areas[b].0).then(a.cmp(&b)));
        for (k, &i) in order.iter().enumerate() {
            for &j in &order[k + 1..] {
                let (a, b) = (areas[i], areas[j]);
                if b.0 >= a.2 {
                    break;
                }
                if !a.overlaps(&b) {
                    continue;
                }
                let dx = (a.2.min(b.2) - a.0.max(b.0)) / 2.0 + 1.0;
                let dy = (a.3.min(b.3) - a.1.max(b.1)) / 2.0 + 1.0;
                // Which way each goes: by where they stand (by index when on top of
                // each other), so that the result does not depend on float noise.
                let i_first = |d: f64| d < 0.0 || (d == 0.0 && i < j);
                if dx <= dy {
                    let s = if i_first(pos[i].0 - pos[j].0) {
                        -1.0
                    } else {
                        1.0
                    };
                    pos[i].0 += s * dx;
                    pos[j].0 -= s * dx;
                } else {
                    let s = if i_first(pos[i].1 - pos[j].1) {
                        -1.0
                    } else {
                        1.0
                    };
                    pos[i].1 += s * dy;
                    pos[j].1 -= s * dy;
                }
                areas[i] = area(i, pos[i]);
                areas[j] = area(j, pos[j]);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// A place for each name (`names[i]`: `None` for a node drawn without one), taken in
/// the order `order` gives: the first of its [`candidates`] that overlaps no placed
/// name and no other node.
pub fn place(
    pos: &[(f64, f64)],
    radii: &[f64],
    names: &[Option<&str>],
    order: &[usize],
) -> Vec<Option<Label>> {
    let nodes: Vec<Rect> = pos
        .iter()
        .zip(radii)
        .map(|(&p, &r)| circle_rect(p, r))
        .collect();
    let mut placed: Vec<Option<Label>> = vec![None; pos.len()];
    let mut taken: Vec<Rect> = Vec::new();
    for &i in order {
        let Some(name) = names[i] else { continue };
        let width = text_width(name);
        placed[i] = candidates(pos[i], radii[i])
            .into_iter()
            .find_map(|(x, y, anchor)| {
                let rect = text_rect(x, y, width, anchor);
                let free = !taken.iter().any(|t| t.overlaps(&rect.grown(GAP)))
                    && !nodes
                        .iter()
                        .enumerate()
                        .any(|(j, n)| j != i && n.overlaps(&rect.grown(GAP)));
                free.then_some(Label { x, y, anchor, rect })
            });
        if let Some(l) = &placed[i] {
            taken.push(l.rect);
        }
    }
    placed
}

/// The box that holds every node and every placed name, with a margin.
pub fn bounds(pos: &[(f64, f64)], radii: &[f64], labels: &[Option<Label>]) -> Rect {
    let mut all = pos
        .iter()
        .zip(radii)
        .map(|(&p, &r)| circle_rect(p, r))
        .chain(labels.iter().flatten().map(|l| l.rect));
    let first = all.next().unwrap_or(Rect(0.0, 0.0, 0.0, 0.0));
    all.fold(first, |a, b| a.union(&b)).grown(10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crowded picture: `n` nodes packed as a force layout packs them in the map's
    /// square, each with a long name.
    fn crowded(n: usize) -> (Vec<(f64, f64)>, Vec<f64>, Vec<String>) {
        let pos = (0..n)
            .map(|i| {
                let a = i as f64 * 2.399_963; // the golden angle
                let r = 36.0 * (i as f64).sqrt();
                (500.0 + r * a.cos(), 500.0 + r * a.sin())
            })
            .collect();
        let radii = (0..n).map(|i| 5.0 + (i % 14) as f64).collect();
        let names = (0..n)
            .map(|i| format!("Actor number {i} of Somewhere"))
            .collect();
        (pos, radii, names)
    }

    fn check(pos: &[(f64, f64)], radii: &[f64], labels: &[Option<Label>]) {
        let placed: Vec<(usize, &Label)> = labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| Some((i, l.as_ref()?)))
            .collect();
        for (a, (i, la)) in placed.iter().enumerate() {
            for (j, lb) in placed.iter().skip(a + 1) {
                assert!(!la.rect.overlaps(&lb.rect), "names {i} and {j} overlap");
            }
            for (j, (&p, &r)) in pos.iter().zip(radii).enumerate() {
                assert!(
                    j == *i || !la.rect.overlaps(&circle_rect(p, r)),
                    "name {i} sits on node {j}"
                );
            }
        }
        let b = bounds(pos, radii, labels);
        for (_, l) in placed {
            assert!(b.0 <= l.rect.0 && l.rect.2 <= b.2 && b.1 <= l.rect.1 && l.rect.3 <= b.3);
        }
    }

    #[test]
    fn crowded_names_get_room_and_never_overlap() {
        // As the map draws them: every name up to 60 nodes, the first 60 above.
        for n in [2, 12, 60, 150] {
            let (mut pos, radii, names) = crowded(n);
            let names: Vec<Option<&str>> = names
                .iter()
                .enumerate()
                .map(|(i, s)| (i < 60).then_some(s.as_str()))
                .collect();
            let widths: Vec<Option<f64>> = names.iter().map(|s| s.map(text_width)).collect();
            make_room(&mut pos, &radii, &widths);
            let order: Vec<usize> = (0..n).collect();
            let labels = place(&pos, &radii, &names, &order);
            check(&pos, &radii, &labels);
            assert_eq!(
                labels.iter().flatten().count(),
                n.min(60),
                "every name has a place once the nodes made room ({n} nodes)"
            );
            let again = {
                let (mut p, r, _) = crowded(n);
                make_room(&mut p, &r, &widths);
                p
            };
            assert_eq!(pos, again, "deterministic");
        }
    }

    #[test]
    fn a_name_whose_first_place_is_taken_goes_to_the_next() {
        // Two nodes on top of each other, not allowed to move: the first name goes
        // right, the second left.
        let pos = vec![(100.0, 100.0), (100.0, 100.0)];
        let radii = vec![8.0, 8.0];
        let labels = place(
            &pos,
            &radii,
            &[Some("A long name here"), Some("Another")],
            &[0, 1],
        );
        check(&pos, &radii, &labels);
        let anchors: Vec<&str> = labels.iter().flatten().map(|l| l.anchor).collect();
        assert_eq!(anchors, ["start", "end"]);
    }

    #[test]
    fn a_name_with_no_room_is_left_off() {
        // A node walled in by big ones on every side.
        let pos = vec![
            (100.0, 100.0),
            (100.0, 40.0),
            (100.0, 160.0),
            (30.0, 100.0),
            (170.0, 100.0),
            (40.0, 40.0),
            (160.0, 40.0),
            (40.0, 160.0),
            (160.0, 160.0),
        ];
        let mut radii = vec![40.0; 9];
        radii[0] = 5.0;
        let mut names = vec![None; 9];
        names[0] = Some("Walled in");
        let labels = place(&pos, &radii, &names, &[0]);
        assert!(labels[0].is_none());
    }
}
