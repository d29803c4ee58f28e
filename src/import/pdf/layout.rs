//! Glyphs → paragraphs: lines (right-to-left ones in reading order), columns,
//! blocks side by side, table rows, page headers and footers, paragraphs and
//! hyphenation at line ends. Pure geometry over what
//! [`super::Collector`] gathered; knows nothing of PDF objects.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::super::html;
use super::{Glyph, Page};

/// A run of glyphs on one baseline with no wide gap: a line of one column.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    /// The size most of its glyphs have (a symbol or a quote mark of another
    /// size does not make a line a heading).
    size: f64,
    text: String,
    sizes: Vec<f64>,
    /// The largest glyph so far: the size of the line's own text, whose baseline
    /// `y` is (sub- and superscripts are smaller and off it).
    max: f64,
    /// The glyphs' texts (and the spaces between words) left to right, until
    /// they become `text` in reading order.
    units: Vec<String>,
    /// Mostly right-to-left script (Arabic, Hebrew): its text reads from the right.
    rtl: bool,
    /// Turned on the page (see [`turned_lines`]): a block of its own.
    turned: bool,
}

/// A combining mark (an accent, Arabic or Hebrew vowel signs): part of the
/// letter before it, never a word or a letter of its own.
pub(super) fn combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0591..=0x05C7 | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x200C..=0x200F)
}

/// Glyphs → lines, in stream order: a new line where the baseline moves or a gap
/// wider than two ems opens (a column gutter). A smaller glyph a little above or
/// below the baseline (a sub- or superscript, a footnote mark) stays on its line.
fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut end = f64::NEG_INFINITY;
    let mut known = true;
    // A space glyph on a line, kept back until the next glyph shows whether it
    // leaves room (where the glyph before it ended).
    let mut pending: Option<f64> = None;
    // The last glyph of the line so far was raised (a footnote mark's digit).
    let mut last_raised = false;
    for g in glyphs {
        let t = g.text.as_str();
        let continues = out.last().is_some_and(|l| {
            let dy = (g.y - l.y).abs();
            let on_line = dy < 0.4 * l.max.max(g.size)
                || (g.size < 0.9 * l.max && dy < 0.75 * l.max)
                || (l.max < 0.9 * g.size && dy < 0.75 * g.size);
            // A combining mark may be drawn back over its letter (a Thai tone mark).
            let back = if t.starts_with(combining) {
                end - g.size
            } else {
                end - 0.5 * g.size
            };
            on_line && g.x > back && g.x - end < 2.0 * g.size
        });
        if continues && t.trim().is_empty() && !t.is_empty() {
            // Only a space begun well inside a glyph of known width is in doubt;
            // any other is a word break, as a space glyph always was.
            // (Of two spaces in a row, the first decides.)
            let before = if known && g.x < end - 0.1 * g.size {
                end
            } else {
                f64::NEG_INFINITY
            };
            pending = Some(pending.map_or(before, |p: f64| p.min(before)));
            end = end.max(g.x + g.w);
            known = g.known;
            continue;
        }
        // A space drawn over the end of the glyph before it, with the next glyph
        // where that one ended, takes no room: no word ends there ("défi nir"
        // where a ligature's advance was taken back).
        let held = pending.take();
        if continues {
            if let Some(before) = held {
                if g.x - before > 0.1 * g.size {
                    let l = out.last_mut().expect("a line");
                    if !l.text.ends_with(' ') {
                        l.text.push(' ');
                        l.units.push(" ".to_string());
                    }
                }
            }
        }
        if continues {
            let l = out.last_mut().expect("a line");
            // After a glyph of guessed width, only a clear gap is a space.
            let space = if known { 0.15 } else { 0.3 };
            // A raised smaller digit after a number (a footnote mark, a power)
            // is no more digits of it: "273,879,750 1", not "273,879,7501".
            // The next raised digit is the same mark's ("[19]", not "1 9").
            let raised = g.size < 0.9 * l.max && g.y < l.y - 0.15 * l.max;
            let mark = raised
                && !last_raised
                && l.text.ends_with(|c: char| c.is_ascii_digit())
                && t.starts_with(|c: char| c.is_ascii_digit());
            last_raised = raised;
            if (mark || g.x - end > space * g.size)
                && !l.text.ends_with(' ')
                && !t.starts_with(' ')
                && !t.starts_with(combining)
            {
                l.text.push(' ');
                l.units.push(" ".to_string());
            }
            l.text.push_str(t);
            l.units.push(t.to_string());
            l.x1 = l.x1.max(g.x + g.w);
            l.sizes.push(g.size);
            if g.size > 1.1 * l.max && !t.trim().is_empty() {
                // The line began with a superscript: its baseline is this glyph's.
                l.y = g.y;
                l.max = g.size;
            }
        } else if t.trim().is_empty() {
            // A space drawn as a glyph separates words however narrow the gap
            // it leaves (letter-spaced headings).
            if let Some(l) = out
                .last_mut()
                .filter(|l| (g.y - l.y).abs() < 0.4 * l.max && (g.x - end).abs() < 0.5 * g.size)
            {
                if !l.text.ends_with(' ') {
                    l.text.push(' ');
                    l.units.push(" ".to_string());
                }
            }
            end = g.x + g.w;
            known = g.known;
            continue;
        } else {
            last_raised = false;
            out.push(Line {
                x0: g.x,
                x1: g.x + g.w,
                y: g.y,
                size: g.size,
                text: t.to_string(),
                sizes: vec![g.size],
                max: g.size,
                units: vec![t.to_string()],
                rtl: false,
                turned: false,
            });
        }
        // A mark drawn back over its letter does not move the line's end back.
        end = if continues && t.starts_with(combining) {
            end.max(g.x + g.w)
        } else {
            g.x + g.w
        };
        known = g.known;
    }
    for l in &mut out {
        let (text, rtl) = logical(std::mem::take(&mut l.units));
        l.text = html::clean(&text);
        l.rtl = rtl;
        let mut sizes = std::mem::take(&mut l.sizes);
        sizes.sort_by(f64::total_cmp);
        l.size = sizes[sizes.len() / 2];
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// A line's glyphs, drawn left to right, in the order they are read: where
/// right-to-left letters are most of the line, from the right, with runs of
/// Latin letters and digits in it still read left to right; elsewhere, runs of
/// right-to-left letters read from their right end. A glyph's own text (a
/// ligature's letters, a word one glyph maps to) keeps its order. Arabic and
/// Hebrew presentation forms (the shapes a letter takes at a word's start or end)
/// become the letters they are. Returns the text and whether it reads from the right.
fn logical(units: Vec<String>) -> (String, bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum Dir {
        R,
        L,
        Neutral,
    }
    let rtl_char = |c: char| {
        matches!(c as u32,
            0x0590..=0x05FF | 0x0600..=0x065F | 0x066A..=0x06EF | 0x06FA..=0x08FF
            | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
    };
    let mixed = |u: &String| {
        u.chars().any(rtl_char) && u.chars().any(|c| c.is_alphabetic() && !rtl_char(c))
    };
    if !units.iter().any(|u| u.chars().any(rtl_char)) || units.iter().any(mixed) {
        // No right-to-left letters; or a glyph that stands for Arabic and Latin
        // letters at once, a map from whole clusters that are in reading order
        // already (WeasyPrint's).
        return (units.concat(), false);
    }
    let units: Vec<String> = units
        .into_iter()
        .map(|u| {
            if u.chars()
                .any(|c| matches!(c as u32, 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
            {
                u.nfkc().collect()
            } else {
                u
            }
        })
        .collect();
    let dir = |u: &str| {
        if u.chars().any(rtl_char) {
            Dir::R
        } else if u.chars().any(char::is_alphanumeric) {
            Dir::L
        } else {
            Dir::Neutral
        }
    };
    let dirs: Vec<Dir> = units.iter().map(|u| dir(u)).collect();
    let letters = units.iter().flat_map(|u| u.chars());
    // Letters only: Arabic vowel signs are no more letters than accents are.
    let right = letters
        .clone()
        .filter(|&c| rtl_char(c) && !combining(c))
        .count();
    let left = letters
        .filter(|&c| c.is_alphabetic() && !rtl_char(c))
        .count();
    let rtl = right >= left;
    // Runs of `keep` (with neutrals between, not at their ends) are reversed back
    // (right to left lines) or reversed (left to right lines).
    let runs = |dirs: &[Dir], keep: Dir| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < dirs.len() {
            if dirs[i] != keep {
                i += 1;
                continue;
            }
            let mut end = i;
            let mut j = i + 1;
            while j < dirs.len() && (dirs[j] == keep || dirs[j] == Dir::Neutral) {
                if dirs[j] == keep {
                    end = j;
                }
                j += 1;
            }
            out.push((i, end));
            i = end + 1;
        }
        out
    };
    let mut units = units;
    let mut dirs = dirs;
    if rtl {
        units.reverse();
        dirs.reverse();
        let latin = runs(&dirs, Dir::L);
        let mut inside = vec![false; units.len()];
        for &(a, b) in &latin {
            units[a..=b].reverse();
            inside[a..=b].iter_mut().for_each(|x| *x = true);
        }
        for (u, inside) in units.iter_mut().zip(inside) {
            if !inside {
                *u = u.chars().map(mirror).collect();
            }
        }
    } else {
        for (a, b) in runs(&dirs, Dir::R) {
            units[a..=b].reverse();
        }
    }
    (units.concat(), rtl)
}

/// A bracket read from the other side.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// A page's lines in reading order: where a gutter splits the page's lines in two
/// columns, what spans it above them, the left column, the right, what spans
/// below; each part top to bottom, and left to right along a row (table cells,
/// pieces of a line drawn out of order).
fn reading_order(ls: Vec<Line>, width: f64) -> Vec<Line> {
    if width <= 0.0 {
        // A page read as bare text: its order is all there is.
        return ls;
    }
    in_columns(ls, 0.0, width, 2)
}

/// [`reading_order`] of the lines between `left` and `right`; a column found
/// there is looked into again (`depth` more times) for a gutter of its own: three
/// columns are two gutters, one in a half of the page.
fn in_columns(ls: Vec<Line>, left: f64, right: f64, depth: u32) -> Vec<Line> {
    let Some(gutter) = gutter(&ls, left, right) else {
        return by_blocks(ls);
    };
    let side = |west: bool| -> Vec<&Line> {
        ls.iter()
            .filter(|l| if west { l.x1 <= gutter } else { l.x0 >= gutter })
            .collect()
    };
    if table_rows(&side(true), &side(false), 3) {
        return by_blocks(ls);
    }
    let spanned: Vec<&Line> = ls
        .iter()
        .filter(|l| l.x1 <= gutter || l.x0 >= gutter)
        .collect();
    let top = spanned.iter().map(|l| l.y).fold(f64::INFINITY, f64::min);
    let bottom = spanned
        .iter()
        .map(|l| l.y)
        .fold(f64::NEG_INFINITY, f64::max);
    let rank = |l: &Line| -> usize {
        if l.x0 < gutter && l.x1 > gutter {
            if l.y <= top {
                0
            } else if l.y >= bottom {
                3
            } else {
                // A spanning line between column lines: keep it with the left.
                1
            }
        } else if l.x1 <= gutter {
            1
        } else {
            2
        }
    };
    let mut parts: [Vec<Line>; 4] = Default::default();
    for l in ls {
        parts[rank(&l)].push(l);
    }
    let [above, left_part, right_part, below] = parts;
    let column = |part: Vec<Line>, from: f64, to: f64| {
        if depth == 0 {
            by_blocks(part)
        } else {
            in_columns(part, from, to, depth - 1)
        }
    };
    let mut out = by_blocks(above);
    out.extend(column(left_part, left, gutter));
    out.extend(column(right_part, gutter, right));
    out.extend(by_blocks(below));
    out
}

/// Where two columns of text lines meet, if they do: an x in the middle of the
/// page that few lines of text cross, with a good share of them on either side.
/// Only lines of some length count: labels of a figure or pieces of a formula are
/// no column. A short table (two blocks of cells a wide gap apart) is no columns
/// either: columns have many lines, or text that runs on from line to line.
fn gutter(ls: &[Line], from: f64, to: f64) -> Option<f64> {
    let width = to - from;
    let text: Vec<&Line> = ls.iter().filter(|l| l.text.chars().count() >= 15).collect();
    let n = text.len();
    if n < 4 {
        return None;
    }
    let mut best: Option<(f64, i64)> = None;
    // Just right of a line's end, or just left of a line's start.
    let edges = text.iter().flat_map(|l| [l.x1 + 0.01, l.x0 - 0.01]);
    for x in edges {
        if x < from + 0.25 * width || x > from + 0.75 * width {
            continue;
        }
        let crossing = text.iter().filter(|l| l.x0 < x && l.x1 > x).count();
        let left = text.iter().filter(|l| l.x1 <= x).count();
        let right = text.iter().filter(|l| l.x0 >= x).count();
        if left >= 2 && right >= 2 && crossing * 5 <= n && (left.min(right) >= 8 || flows(&text, x))
        {
            // Lines crossing it count against it: a gap at the ragged end of
            // some lines of a column is no gutter beside the real one.
            let score = left.min(right) as i64 - 2 * crossing as i64;
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((x, score));
            }
        }
    }
    best.map(|(x, _)| x)
}

/// Whether a sentence runs on from one line to the next on either side of `x`:
/// a line followed, below it on its side, by one that starts in lowercase.
fn flows(text: &[&Line], x: f64) -> bool {
    runs_on(text.iter().filter(|l| l.x1 <= x).copied().collect())
        || runs_on(text.iter().filter(|l| l.x0 >= x).copied().collect())
}

/// Whether a sentence runs on from a line to one below it: a line that does not
/// end a sentence followed, a line's distance down, by one that starts in lowercase.
fn runs_on(mut side: Vec<&Line>) -> bool {
    side.sort_by(|a, b| a.y.total_cmp(&b.y));
    side.windows(2).any(|w| {
        let dy = w[1].y - w[0].y;
        dy > 0.0
            && dy < 2.0 * w[0].size
            && !ends_sentence(&w[0].text)
            && w[1].text.chars().next().is_some_and(char::is_lowercase)
    })
}

/// Whether lines side by side are the columns of a table, to be read row by row:
/// on one side or the other, most lines have a line on their baseline across,
/// at least `rows` of them, and neither side is [`prose`] (two columns of
/// prose share baselines too, but their sentences run on).
fn table_rows(left: &[&Line], right: &[&Line], rows: usize) -> bool {
    let paired = |side: &[&Line], other: &[&Line]| {
        side.iter()
            .filter(|a| {
                other
                    .iter()
                    .any(|b| (a.y - b.y).abs() < 0.4 * a.size.min(b.size))
            })
            .count()
    };
    let share = |side: &[&Line], other: &[&Line]| {
        let n = paired(side, other);
        n >= rows && n * 10 >= side.len() * 6
    };
    (share(left, right) || share(right, left)) && !prose(left) && !prose(right)
}

/// Whether a column's sentences run on from line to line: on one line in four
/// or more (a table's cells wrap on a few).
fn prose(side: &[&Line]) -> bool {
    let mut side = side.to_vec();
    side.sort_by(|a, b| a.y.total_cmp(&b.y));
    let n = side.windows(2).filter(|w| runs_on(w.to_vec())).count();
    n > 0 && n * 4 >= side.len()
}

/// A page without one gutter down it (a web page's grid of cards, a label beside
/// its box, a nav list beside the text): its lines grouped into blocks, each
/// block's lines one below the other at a line's distance; then the blocks in
/// reading order by cutting the page along gaps no block crosses, across first
/// (top part, then bottom part), else down (left part, then right part), and the
/// parts again the same way. Two boxes side by side are so read one after the
/// other instead of line by line across both. Where no cut is left (text drawn
/// over text), the lines go top to bottom as they are.
fn by_blocks(ls: Vec<Line>) -> Vec<Line> {
    let n = ls.len();
    if n < 3 {
        return visual(ls);
    }
    let overlaps = |a: &Line, b: &Line| a.x0 < b.x1 - 0.01 && a.x1 > b.x0 + 0.01;
    // The lines right below `i` (the nearest row under it, at most a line's
    // distance away: items of a form or a list set further apart are blocks of
    // their own) that share some of its width, and those right above.
    let next_row = |i: usize, down: bool| -> Vec<usize> {
        let a = &ls[i];
        let near: Vec<usize> = (0..n)
            .filter(|&j| {
                let b = &ls[j];
                let dy = if down { b.y - a.y } else { a.y - b.y };
                let size = a.size.max(b.size);
                j != i && dy > 0.4 * size && dy <= 1.35 * size && overlaps(a, b)
            })
            .collect();
        let Some(closest) = near
            .iter()
            .map(|&j| (ls[j].y - a.y).abs())
            .min_by(f64::total_cmp)
        else {
            return near;
        };
        near.into_iter()
            .filter(|&j| (ls[j].y - a.y).abs() < closest + 0.4 * ls[j].size)
            .collect()
    };
    let mut block: Vec<usize> = (0..n).collect();
    fn root(block: &mut [usize], i: usize) -> usize {
        let mut r = i;
        while block[r] != r {
            r = block[r];
        }
        block[i] = r;
        r
    }
    for i in 0..n {
        let below = next_row(i, true);
        if let [j] = below[..] {
            let similar = (ls[i].size - ls[j].size).abs() <= 0.25 * ls[i].size.max(ls[j].size);
            if similar && next_row(j, false) == [i] {
                let (a, b) = (root(&mut block, i), root(&mut block, j));
                block[b] = a;
            }
        }
    }
    let mut groups: Vec<Vec<Line>> = Vec::new();
    let mut index: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let roots: Vec<usize> = (0..n).map(|i| root(&mut block, i)).collect();
    for (l, r) in ls.into_iter().zip(roots) {
        let g = *index.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(l);
    }
    let mut blocks: Vec<Block> = groups.into_iter().map(Block::new).collect();
    let mut out = Vec::with_capacity(n);
    cut(&mut blocks, &mut out);
    out
}

/// Lines that belong together, and the box around them.
struct Block {
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
    lines: Vec<Line>,
}

impl Block {
    fn new(lines: Vec<Line>) -> Block {
        let f = |g: fn(&Line) -> f64, min: bool| {
            let it = lines.iter().map(g);
            if min {
                it.fold(f64::INFINITY, f64::min)
            } else {
                it.fold(f64::NEG_INFINITY, f64::max)
            }
        };
        Block {
            x0: f(|l| l.x0, true),
            x1: f(|l| l.x1, false),
            top: f(|l| l.y - 0.7 * l.size, true),
            bottom: f(|l| l.y + 0.2 * l.size, false),
            lines,
        }
    }
}

/// The number of words each line of a column has, where nine in ten have the
/// same number, two or more (the entries of a list: "✁ a1 [x2701]").
fn entry_words(ls: &[&Line]) -> Option<usize> {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for l in ls {
        *counts.entry(l.text.split_whitespace().count()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, n))
        .filter(|&(n, c)| n >= 2 && c * 10 >= ls.len() * 9)
        .map(|(n, _)| n)
}

/// The lines of some blocks.
fn lines_of(p: &[Block]) -> Vec<&Line> {
    p.iter().flat_map(|b| b.lines.iter()).collect()
}

/// The blocks in reading order into `out` (see [`by_blocks`]).
fn cut(blocks: &mut Vec<Block>, out: &mut Vec<Line>) {
    if blocks.len() <= 1 {
        for b in blocks.drain(..) {
            out.extend(visual(b.lines));
        }
        return;
    }
    for across in [true, false] {
        type Edge = fn(&Block) -> f64;
        let (start, end): (Edge, Edge) = if across {
            (|b| b.top, |b| b.bottom)
        } else {
            (|b| b.x0, |b| b.x1)
        };
        blocks.sort_by(|a, b| start(a).total_cmp(&start(b)));
        let mut parts: Vec<Vec<Block>> = Vec::new();
        let mut reach = f64::NEG_INFINITY;
        for b in blocks.drain(..) {
            if parts.is_empty() || start(&b) >= reach {
                parts.push(Vec::new());
            }
            reach = reach.max(end(&b));
            parts.last_mut().expect("a part").push(b);
        }
        // Side by side means side by side: parts one of which ends where the other
        // begins (a line a little above another, further right) are read top to
        // bottom instead.
        let beside = |a: &[Block], b: &[Block]| {
            let span = |p: &[Block]| {
                p.iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(t, e), b| {
                        (t.min(b.top), e.max(b.bottom))
                    })
            };
            let ((t1, b1), (t2, b2)) = (span(a), span(b));
            b1.min(b2) - t1.max(t2) >= 0.5 * (b1 - t1).min(b2 - t2)
        };
        // And apart: no line runs on across the gap on its baseline (a formula's
        // pieces), as a gutter a good em wide would; a few characters beside a
        // line (a sum with its limits) need two ems.
        let apart = |a: &[Block], b: &[Block]| {
            let chars = |p: &[Block]| -> usize {
                p.iter()
                    .flat_map(|b| b.lines.iter())
                    .map(|l| l.text.chars().count())
                    .sum()
            };
            let ems = if chars(a).min(chars(b)) < 15 {
                2.0
            } else {
                1.0
            };
            let right: Vec<&Line> = b.iter().flat_map(|b| b.lines.iter()).collect();
            !a.iter().flat_map(|b| b.lines.iter()).any(|l| {
                right.iter().any(|r| {
                    let size = l.size.min(r.size);
                    (l.y - r.y).abs() < 0.4 * size && r.x0 - l.x1 < ems * size
                })
            })
        };
        if !across && parts.len() > 1 {
            // Two rows make a table where three columns or more share them.
            let rows = if parts.len() > 2 { 2 } else { 3 };
            let lone = |p: &[Block]| lines_of(p).len() == 1;
            // Whether each part is the next column of a table with the part
            // before it; None where one of them is a single line (a cell beside
            // the rows, a label for all of them), which goes along.
            let next: Vec<Option<bool>> = parts
                .windows(2)
                .map(|w| {
                    (!lone(&w[0]) && !lone(&w[1]))
                        .then(|| table_rows(&lines_of(&w[0]), &lines_of(&w[1]), rows))
                })
                .collect();
            // Columns whose lines are all entries of one form (a symbol, its
            // name, its code) are one list set in columns, read down; a table
            // has columns of other forms side by side.
            let entries: Vec<Option<usize>> =
                parts.iter().map(|p| entry_words(&lines_of(p))).collect();
            let table_at = |i: usize| {
                next[i] == Some(true) && (entries[i].is_none() || entries[i] != entries[i + 1])
            };
            if (0..next.len()).any(table_at) {
                // Runs of a table's columns read row by row, each row left to
                // right; the parts beside them as before.
                let mut groups: Vec<(Vec<Block>, bool)> = Vec::new();
                for (i, part) in parts.into_iter().enumerate() {
                    let with_last = i > 0 && next[i - 1] != Some(false);
                    match groups.last_mut() {
                        Some((g, table)) if with_last => {
                            *table |= table_at(i - 1);
                            g.extend(part);
                        }
                        _ => groups.push((part, false)),
                    }
                }
                for (mut group, table) in groups {
                    if table {
                        out.extend(visual(group.into_iter().flat_map(|b| b.lines).collect()));
                    } else {
                        cut(&mut group, out);
                    }
                }
                return;
            }
        }
        if parts.len() > 1
            && (across
                || parts
                    .windows(2)
                    .all(|w| beside(&w[0], &w[1]) && apart(&w[0], &w[1])))
        {
            for mut part in parts {
                cut(&mut part, out);
            }
            return;
        }
        *blocks = parts.into_iter().flatten().collect();
    }
    // No gap left to cut along.
    let lines: Vec<Line> = blocks.drain(..).flat_map(|b| b.lines).collect();
    out.extend(visual(lines));
}

/// Lines top to bottom; lines on one baseline left to right, and joined where
/// they touch (one line drawn in pieces).
fn visual(mut ls: Vec<Line>) -> Vec<Line> {
    ls.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut out: Vec<Line> = Vec::with_capacity(ls.len());
    let mut row: Vec<Line> = Vec::new();
    let flush = |row: &mut Vec<Line>, out: &mut Vec<Line>| {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for l in row.drain(..) {
            match out.last_mut() {
                Some(p)
                    if (p.y - l.y).abs() < 0.4 * p.size.min(l.size)
                        && l.x0 >= p.x0
                        && l.x0 - p.x1 < 2.0 * l.size
                        && l.x0 > p.x1 - 0.5 * l.size =>
                {
                    let gap = if l.x0 - p.x1 > 0.15 * l.size { " " } else { "" };
                    if p.rtl && l.rtl {
                        // Right to left: the piece further right is read first.
                        p.text = format!("{}{gap}{}", l.text, p.text);
                    } else {
                        p.text = format!("{}{gap}{}", p.text, l.text);
                    }
                    p.x1 = p.x1.max(l.x1);
                }
                _ => out.push(l),
            }
        }
    };
    for l in ls {
        if row
            .first()
            .is_some_and(|f| l.y - f.y > 0.4 * f.size.min(l.size))
        {
            flush(&mut row, &mut out);
        }
        row.push(l);
    }
    flush(&mut row, &mut out);
    out
}

/// Text with digits folded, to find headers and footers that carry a page number.
fn shape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

fn is_page_number(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    let t = t
        .trim_start_matches("page")
        .trim_start_matches("seite")
        .trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '–' | '.' | 'o' | 'f'))
        && t.chars().any(|c| c.is_ascii_digit())
}

/// The lines of a page's turned text, a block for each angle, below the page's
/// other lines (a chart's axis label after the chart's other words).
fn turned_lines(page: &Page, upright: &[Line]) -> Vec<Line> {
    // Angles a degree or two apart (rounding) are one direction.
    let mut angles: Vec<i32> = page.turned.iter().map(|(a, _)| *a).collect();
    angles.sort_unstable();
    angles.dedup();
    let mut groups: Vec<(i32, i32)> = Vec::new();
    for a in angles {
        match groups.last_mut() {
            Some((_, hi)) if a - *hi <= 2 => *hi = a,
            _ => groups.push((a, a)),
        }
    }
    let mut bottom = upright.iter().map(|l| l.y).fold(0.0, f64::max);
    let mut out = Vec::new();
    let mut sets: Vec<Vec<Glyph>> = Vec::new();
    for (lo, hi) in groups {
        let glyphs: Vec<Glyph> = page
            .turned
            .iter()
            .filter(|(a, _)| (lo..=hi).contains(a))
            .map(|(_, g)| g.clone())
            .collect();
        // Text turned part of the way (a chart's slanted date labels) is read
        // label set by label set: the labels of two charts side by side fall on
        // one line of the turned frame, and read as one ("Sep 10 Aug 11").
        let slanted = (lo.rem_euclid(90)).min(90 - hi.rem_euclid(90)) > 10;
        if slanted {
            sets.extend(near_groups(glyphs, f64::from(lo + hi).to_radians() / 2.0));
        } else {
            sets.push(glyphs);
        }
    }
    for mut glyphs in sets {
        let (x0, y0) = glyphs
            .iter()
            .fold((f64::INFINITY, f64::INFINITY), |(x, y), g| {
                (x.min(g.x), y.min(g.y - g.size))
            });
        let x1 = glyphs.iter().map(|g| g.x + g.w).fold(0.0, f64::max);
        let size = glyphs.iter().map(|g| g.size).fold(0.0, f64::max);
        for g in &mut glyphs {
            g.x -= x0;
            g.y += bottom + 2.0 * size - y0;
        }
        let mut ls = reading_order(lines(&glyphs), x1 - x0);
        ls.iter_mut().for_each(|l| l.turned = true);
        bottom = ls.iter().map(|l| l.y).fold(bottom, f64::max);
        out.extend(ls);
    }
    out
}

/// Turned glyphs (at `angle`) in groups of glyphs near each other on the page
/// (within eight of their ems: the labels along one axis), the groups from the
/// top of the page down, then left to right.
fn near_groups(glyphs: Vec<Glyph>, angle: f64) -> Vec<Vec<Glyph>> {
    let (sin, cos) = angle.sin_cos();
    // Back from the turned frame to the page (the turn is its own inverse).
    let at: Vec<(f64, f64)> = glyphs
        .iter()
        .map(|g| (g.x * cos + g.y * sin, g.x * sin - g.y * cos))
        .collect();
    let reach = 8.0 * glyphs.iter().map(|g| g.size).fold(1.0, f64::max);
    let mut parent: Vec<usize> = (0..glyphs.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let cell = |(x, y): (f64, f64)| ((x / reach).floor() as i64, (y / reach).floor() as i64);
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, p) in at.iter().enumerate() {
        cells.entry(cell(*p)).or_default().push(i);
    }
    for (i, p) in at.iter().enumerate() {
        let (cx, cy) = cell(*p);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &j in cells.get(&(cx + dx, cy + dy)).into_iter().flatten() {
                    if j < i && (at[j].0 - p.0).hypot(at[j].1 - p.1) <= reach {
                        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                        parent[a] = b;
                    }
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..glyphs.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    // Page coordinates grow upwards: the top is the largest y.
    let top_left = |g: &Vec<usize>| {
        g.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(x, y), &i| {
                (x.min(at[i].0), y.max(at[i].1))
            })
    };
    groups.sort_by(|a, b| {
        let (ax, ay) = top_left(a);
        let (bx, by) = top_left(b);
        by.total_cmp(&ay).then(ax.total_cmp(&bx))
    });
    groups
        .into_iter()
        .map(|g| {
            let mut g = g;
            g.sort_unstable();
            g.into_iter().map(|i| glyphs[i].clone()).collect()
        })
        .collect()
}

/// Every page → paragraphs: lines in reading order, repeated headers and footers
/// and page numbers out, lines joined into paragraphs (hyphenation rejoined).
pub(super) fn layout(pages: &[Page]) -> Vec<String> {
    let per_page: Vec<Vec<Line>> = pages
        .iter()
        .map(|p| {
            let mut ls = reading_order(lines(&p.glyphs), p.width);
            ls.extend(turned_lines(p, &ls));
            ls
        })
        .collect();
    // A line first or last on a page (by position) that recurs on many pages.
    let mut edges: HashMap<String, usize> = HashMap::new();
    for (ls, p) in per_page.iter().zip(pages) {
        let mut seen: Vec<String> = Vec::new();
        for l in edge_rows(ls, p.top).into_iter().flatten() {
            let s = shape(&l.text);
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        for s in seen {
            *edges.entry(s).or_default() += 1;
        }
    }
    let repeated = |l: &Line| {
        let n = edges.get(&shape(&l.text)).copied().unwrap_or(0);
        pages.len() >= 2 && n >= 2 && n * 2 >= pages.len().min(8)
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    // How many lines `current` holds, and where its first line starts.
    let mut lines_in_paragraph = 0;
    let mut first_x0 = 0.0;
    for (ls, p) in per_page.iter().zip(pages) {
        // A page number alone in its row, or beside a running head; not a number
        // in a table's last row, nor the page an entry of a table of contents
        // ends with.
        let mut dropped: Vec<*const Line> = Vec::new();
        for row in edge_rows(ls, p.top) {
            let all = row.iter().all(|l| repeated(l) || is_page_number(&l.text));
            dropped.extend(
                row.into_iter()
                    .filter(|l| repeated(l) || (all && is_page_number(&l.text)))
                    .map(|l| l as *const Line),
            );
        }
        let mut kept: Vec<&Line> = ls
            .iter()
            .filter(|l| !dropped.contains(&(*l as *const Line)))
            .collect();
        if kept.is_empty() {
            // Text that recurs on every page and is all a page has is the page's
            // text, not its header.
            kept = ls.iter().collect();
        }
        let gap = typical_gap(&kept);
        // Lines that share a baseline with a neighbour: the cells of a table row,
        // one paragraph each row.
        let same_row = |a: &Line, b: &Line| (a.y - b.y).abs() < 0.4 * a.size.min(b.size);
        let in_row: Vec<bool> = (0..kept.len())
            .map(|i| {
                (i > 0 && same_row(kept[i - 1], kept[i]))
                    || kept.get(i + 1).is_some_and(|n| same_row(kept[i], n))
            })
            .collect();
        let mut prev: Option<(&Line, bool)> = None;
        for (l, row) in kept.into_iter().zip(in_row) {
            let new_para = match prev {
                None => false,
                Some((p, _)) if same_row(p, l) => false,
                Some((_, p_row)) if p_row || row => true,
                Some((p, _)) => {
                    let dy = l.y - p.y;
                    // Up the page: the next column, where a paragraph may go on.
                    let moved_column = dy < -0.5 * l.size;
                    // Wider than the usual gap, or (where paragraphs of one line
                    // each made the usual gap theirs) a sentence's end with more
                    // than a line's distance to the next.
                    let wide_gap = dy > gap * 1.45 + 0.5
                        || (ends_sentence(&p.text) && dy > 1.6 * p.size.max(l.size));
                    let other_size = (l.size - p.size).abs() > 0.15 * p.size.max(l.size);
                    // A first line's indent, or a line centred under a longer one;
                    // not a hanging indent (a reference's later lines, under a first
                    // line that ran on to the margin).
                    let centred =
                        (l.x0 - p.x0 - (p.x1 - l.x1)).abs() < l.size && p.x1 > l.x1 + l.size;
                    let indented = l.x0 > p.x0 + 0.8 * l.size
                        && l.x0 < p.x0 + 6.0 * l.size
                        && (ends_sentence(&p.text) || p.x1 < l.x1 - 2.0 * l.size || centred);
                    let short_before =
                        ends_sentence(&p.text) && p.x1 < l.x1.max(p.x1) - 4.0 * l.size;
                    // Back to where the paragraph's first line started, after its
                    // later lines hung indented: the next entry of a list.
                    let outdented = lines_in_paragraph >= 2
                        && p.x0 > first_x0 + 1.5 * l.size
                        && (l.x0 - first_x0).abs() < 0.5 * l.size;
                    // A sentence runs on into the next column, not into the box
                    // beside (a card's headline next to another's).
                    let runs_on = !ends_sentence(&p.text)
                        && (p.text.ends_with(['-', ','])
                            || l.text.chars().next().is_some_and(char::is_lowercase));
                    (wide_gap || other_size || indented || short_before || outdented)
                        && !moved_column
                        || (moved_column && !runs_on)
                }
            };
            if new_para && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            if current.is_empty() {
                lines_in_paragraph = 1;
                first_x0 = l.x0;
            } else {
                lines_in_paragraph += 1;
            }
            // Cells of one row stay apart; a line runs on from the one above.
            let wraps = prev.is_some_and(|(p, _)| !same_row(p, l));
            join(&mut current, &l.text, wraps);
            prev = Some((l, row));
        }
        // A page break ends a paragraph only where the sentence ended (or a
        // turned label did).
        let last_turned = prev.is_some_and(|(l, _)| l.turned);
        if (ends_sentence(&current) || last_turned) && !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .into_iter()
        .map(|p| html::clean(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The lines of a page's two topmost and two bottommost rows (a row: lines on
/// one baseline, such as the labels of a tab bar a browser prints on every page),
/// those in the page's top or bottom sixth: a line further in is the page's own
/// text, however often it recurs (a font sample's line under its table).
fn edge_rows(ls: &[Line], height: f64) -> Vec<Vec<&Line>> {
    let mut by_y: Vec<&Line> = ls.iter().collect();
    by_y.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<&Line>> = Vec::new();
    for l in by_y {
        match rows.last_mut() {
            Some(row) if (l.y - row[0].y).abs() < 0.4 * row[0].size.min(l.size) => row.push(l),
            _ => rows.push(vec![l]),
        }
    }
    let n = rows.len();
    rows.into_iter()
        .enumerate()
        .filter(|(i, _)| *i < 2 || *i + 2 >= n)
        .map(|(_, row)| row)
        .filter(|row| height <= 0.0 || row[0].y < height / 6.0 || row[0].y > height * 5.0 / 6.0)
        .collect()
}

/// The most common distance between consecutive baselines of running text (lines
/// of one size, one above the other: not figure labels).
fn typical_gap(ls: &[&Line]) -> f64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for w in ls.windows(2) {
        let d = w[1].y - w[0].y;
        let text_like = (w[1].size - w[0].size).abs() < 0.5
            && (w[1].x0 - w[0].x0).abs() < 3.0 * w[0].size
            && w[0].text.len() > 30;
        if d > 0.0 && text_like {
            *counts.entry((d * 2.0).round() as i64).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(12.0, |(d, _)| d as f64 / 2.0)
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    t.ends_with(['.', '!', '?', ':'])
}

/// Appends a line to a paragraph: a word hyphenated at the line end is rejoined,
/// and where the line `wraps` (is not a cell beside the last), Chinese or
/// Japanese runs on without a space.
fn join(p: &mut String, line: &str, wraps: bool) {
    if p.is_empty() {
        p.push_str(line);
        return;
    }
    let (last, before) = {
        let mut rev = p.chars().rev();
        (rev.next(), rev.next())
    };
    let hyphen = matches!(last, Some('-' | '\u{2010}'));
    let hyphenated = hyphen && before.is_some_and(char::is_alphanumeric);
    // "737–" / "9", "2018–" / "23–51": an en dash inside a number or a compound.
    let dashed = last == Some('–')
        && before.is_some_and(char::is_alphanumeric)
        && line.chars().next().is_some_and(char::is_alphanumeric);
    if dashed {
        p.push_str(line);
    } else if hyphenated
        && before.is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase)
        && !compound(p, line)
    {
        p.pop();
        p.push_str(line);
    } else if hyphenated {
        // "North-" / "East", "787-" / "9": a hyphen that stays.
        p.push_str(line);
    } else if wraps
        && p.chars().next_back().is_some_and(cjk)
        && line.chars().next().is_some_and(cjk)
    {
        // Chinese and Japanese put no space between words, nor at a line's end.
        p.push_str(line);
    } else {
        p.push(' ');
        p.push_str(line);
    }
}

/// Whether the hyphen ending `p` joins two English words of their own ("well-" /
/// "known", "long-" / "term") rather than splitting one ("impor-" / "tant",
/// "govern-" / "ments"): both halves are common words and the two run together are
/// not. Words the lexicon does not know (names, other languages) are rejoined.
fn compound(p: &str, line: &str) -> bool {
    let left: String = p[..p.len() - 1]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let right: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
    let word = |w: &str| crate::lexicon::is_common_word(w);
    word(&left) && word(&right) && !word(&format!("{left}{right}"))
}

/// A Chinese or Japanese character (ideographs, kana, their punctuation and
/// full-width forms), which are written without spaces.
fn cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenation_is_rejoined_only_before_lowercase() {
        let mut p = String::from("an impor-");
        join(&mut p, "tant point", true);
        assert_eq!(p, "an important point");
        let mut p = String::from("North-");
        join(&mut p, "East", true);
        assert_eq!(p, "North-East");
        // Two words of their own keep the hyphen; one word split in two does not.
        let mut p = String::from("a well-");
        join(&mut p, "known case of long-", true);
        join(&mut p, "term govern-", true);
        join(&mut p, "ments", true);
        assert_eq!(p, "a well-known case of long-term governments");
        let mut p = String::from("Boeing 787-");
        join(&mut p, "9 jets", true);
        assert_eq!(p, "Boeing 787-9 jets");
        // An en dash at a line's end stays, and joins what it joined on the page.
        let mut p = String::from("Model 737–8 and 737–");
        join(&mut p, "9 airplanes; AD 2018–", true);
        join(&mut p, "23–51 applies", true);
        assert_eq!(p, "Model 737–8 and 737–9 airplanes; AD 2018–23–51 applies");
        // A dash between words, spaced on the page, keeps its space.
        let mut p = String::from("the plan –");
        join(&mut p, "and the budget", true);
        assert_eq!(p, "the plan – and the budget");
    }

    fn glyphs(run: &[(f64, f64, f64, &str)]) -> Vec<Glyph> {
        run.iter()
            .map(|&(x, y, size, t)| Glyph {
                x,
                y,
                w: 0.5 * size * t.chars().count() as f64,
                size,
                known: true,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_hanging_indent_continues_and_a_centred_line_does_not() {
        // A reference whose later lines hang under a first line that runs to the
        // margin; then a centred title over a shorter centred line.
        let page = Page {
            width: 600.0,
            top: 0.0,
            glyphs: glyphs(&[
                (
                    100.0,
                    100.0,
                    10.0,
                    "[1] E. Agichtein and L. Gravano. Snowball: Ex-",
                ),
                (118.0, 112.0, 10.0, "tracting relations from texts."),
                (
                    100.0,
                    124.0,
                    10.0,
                    "[2] The next reference in the list of works.",
                ),
                (100.0, 200.0, 10.0, "NICS Firearm Background Checks"),
                (140.0, 212.0, 10.0, "November 2015"),
            ]),
            turned: vec![],
            read: 0,
            unread: 0,
        };
        assert_eq!(
            layout(&[page]),
            [
                "[1] E. Agichtein and L. Gravano. Snowball: Extracting relations from texts.",
                "[2] The next reference in the list of works.",
                "NICS Firearm Background Checks",
                "November 2015",
            ]
        );
    }

    #[test]
    fn sub_and_superscripts_stay_on_their_line() {
        // "the area is πr² here", the ² raised by 4.5 of a 10-point line; the next
        // line 12 below.
        let g = glyphs(&[
            (100.0, 500.0, 10.0, "the area is πr"),
            (170.0, 495.5, 7.0, "2"),
            (173.5, 500.0, 10.0, " here"),
            (100.0, 512.0, 10.0, "and H"),
            (125.0, 514.0, 7.0, "2"),
            (128.5, 512.0, 10.0, "O there"),
        ]);
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["the area is πr2 here", "and H2O there"]);
        // A footnote mark after a number stays apart from it.
        let g = glyphs(&[(100.0, 500.0, 10.0, "750"), (115.0, 496.0, 6.0, "1")]);
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["750 1"]);
        // A mark of two digits is one number: "cited 19", not "cited 1 9".
        let g = glyphs(&[
            (100.0, 500.0, 10.0, "cited"),
            (126.0, 496.0, 6.0, "1"),
            (129.0, 496.0, 6.0, "9"),
        ]);
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["cited 19"]);
    }

    #[test]
    fn a_vowel_sign_is_part_of_its_letter() {
        // "habibi حَبيبي" as WeasyPrint draws it: the Arabic from the left, the
        // fatha after its letter in the stream but drawn over it, a little right
        // of the letter before. No space inside the word; the line reads from the
        // left (six Latin letters, five Arabic ones and a vowel sign).
        let g = glyphs(&[
            (62.0, 73.0, 12.0, "habibi"),
            (100.2, 73.0, 12.0, " "),
            (103.2, 73.0, 12.0, "ي"),
            (110.2, 73.0, 12.0, "ب"),
            (113.1, 73.0, 12.0, "ي"),
            (116.1, 73.0, 12.0, "ب"),
            (121.0, 73.0, 12.0, "\u{64e}"),
            (119.0, 73.0, 12.0, "ح"),
        ]);
        let mut g = g;
        for (glyph, w) in g[2..].iter_mut().zip([7.1, 2.9, 2.9, 2.9, 2.4, 6.4]) {
            glyph.w = w;
        }
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["habibi حَبيبي"]);
    }

    #[test]
    fn a_mark_drawn_back_over_its_letter_stays_in_its_word() {
        // Thai "ที่มี" as FPDF draws it: each mark after its letter in the stream,
        // drawn back over it (here 7 points left of where the letter ended).
        let mut g = glyphs(&[
            (100.0, 500.0, 12.0, "ท"),
            (101.0, 500.0, 12.0, "\u{e35}"),
            (101.0, 500.0, 12.0, "\u{e48}"),
            (107.0, 500.0, 12.0, "ม"),
            (108.0, 500.0, 12.0, "\u{e35}"),
        ]);
        for (glyph, w) in g.iter_mut().zip([7.0, 0.0, 0.0, 7.0, 0.0]) {
            glyph.w = w;
        }
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["ที่มี"]);
    }

    #[test]
    fn right_to_left_lines_are_read_from_the_right() {
        let units = |s: &[&str]| s.iter().map(|u| u.to_string()).collect::<Vec<_>>();
        // "שלום (Tel Aviv) שנה" and "שנה 40 שלום" as drawn from the left.
        let drawn = units(&[
            "ה", "נ", "ש", " ", "(", "Tel", " ", "Aviv", ")", " ", "ם", "ו", "ל", "ש",
        ]);
        let (text, rtl) = logical(drawn);
        assert!(rtl);
        assert_eq!(text, "שלום (Tel Aviv) שנה");
        let drawn = units(&["ם", "ו", "ל", "ש", " ", "40", " ", "ה", "נ", "ש"]);
        assert_eq!(logical(drawn).0, "שנה 40 שלום");
        // A Hebrew word in an English line; a glyph that is a whole word stays.
        let (text, rtl) = logical(units(&[
            "s", "e", "e", " ", "ם", "ו", "ל", "ש", " ", "n", "o", "w",
        ]));
        assert!(!rtl);
        assert_eq!(text, "see שלום now");
        let (text, _) = logical(units(&["حَبيبي", " ", "x"]));
        assert_eq!(text, "x حَبيبي");
        // Presentation forms (lam-alef, final forms) become letters.
        let (text, _) = logical(units(&["\u{FEFB}", "\u{FEE3}"]));
        assert_eq!(text, "\u{0645}\u{0644}\u{0627}");
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("12"));
        assert!(is_page_number("Page 3 of 10"));
        assert!(!is_page_number("2024 was a year"));
    }
}
