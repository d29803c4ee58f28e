//! The sharded search index under `assets/search/`: a prefix index written as small
//! scripts, so that a query loads only the few it needs, from `file://` too.
//!
//! Why not elasticlunr (which the site used before): its saved index is one JSON trie,
//! a node per letter of every word, that elasticlunr.js can only load whole — 6.7 MB
//! of script at 10,000 sources, ten times that at 100,000. Here every word is a
//! sorted key with its postings, cut into shards by prefix; the search itself (the
//! same fields, boosts, prefix expansion and title bonus) is a page of `search.js`.
//! Measured with `benches/search_eval.mjs` on the generated 10,000-source dossier:
//! 5.4 MB in all, of which an actor's name typed letter by letter loads 71 KB (the
//! median; 103 KB at 100,000 sources), and the same first result as elasticlunr for
//! every sampled name (100 of 100; a surname alone: 65 % against 65 %). What is lost:
//! a word keeps only its [`POSTINGS_MAX`] heaviest documents, so a long title typed
//! whole (the generated sources' 15-word sentences) finds a source of that very title
//! first 87 times in 100 where elasticlunr did 100 (at 100,000 sources: 33 times;
//! elasticlunr was not measured there).
//!
//! The files, each `dossierShard(name, data);`:
//! - `index.js`: the prefix of each term shard and the file that holds it; how many
//!   documents a `d` file holds; how many `p` files there are.
//! - `t<n>.js`: terms → postings (`[doc-delta, weight, title-length]…`). A prefix
//!   whose terms weigh more than [`LEAF_MAX`] is split by its next letter; for a query
//!   that ends at such a prefix ("z", "ka") the shard holds its [`TOP`] best documents
//!   and what a result shows of them, so typing a name never loads every "k" word.
//! - `d<n>.js`: what a result shows (path, kind, title, meta line) of [`DOCS_PER_FILE`]
//!   documents in a row (numbered in the order of their titles).
//! - `p<n>.js`: what a link preview shows, by a hash of the page's path.
//!
//! This module owns the format, which `assets/search.js` reads; it must not touch the
//! documents themselves (`super::documents`).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

use super::Doc;

/// The folder of the index files.
pub const DIR: &str = "assets/search/";
/// A term shard holds at most about this many bytes of postings.
pub const LEAF_MAX: usize = 16 * 1024;
/// Prefix records ("z" → its best documents) are packed up to this many bytes.
const INNER_MAX: usize = 16 * 1024;
/// A term keeps the postings of the documents it weighs most in: a query shows 12
/// results, and a word in every source would otherwise be a shard of its own.
pub const POSTINGS_MAX: usize = 500;
/// The best documents a prefix record keeps.
pub const TOP: usize = 20;
/// Documents per `d` file.
pub const DOCS_PER_FILE: usize = 16;
/// A `p` file holds about this many bytes.
const PREVIEWS_MAX: usize = 16 * 1024;

/// Field boosts, as the fields of [`super::FIELDS`]: a name or an alias over the text.
const BOOST: [f64; 3] = [4.0, 4.0, 1.0];

/// Words too common to find anything by; a query drops them too (but the last word,
/// which may be the start of another).
pub const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "in", "is", "it", "its", "not", "of", "on", "or", "s", "she",
    "that", "the", "their", "they", "this", "to", "was", "we", "were", "which", "will", "with",
    "would",
];

/// How a kind's documents rank against others with the same words.
fn kind_weight(kind: &str) -> f64 {
    match kind {
        "actor" => 1.6,
        "commitment" => 1.2,
        "event" => 1.1,
        "page" => 0.8,
        _ => 1.0,
    }
}

/// The words of `text` as `search.js` splits them: accents dropped, lower case, runs of
/// letters and digits.
pub fn tokens(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect::<String>()
        .to_lowercase();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A length as JavaScript counts it (UTF-16 units).
fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The weight of a term found by a query word `len` long that it starts with
/// (elasticlunr's `1 / ln(max(3, extra letters))`).
fn expansion(term: &str, len: usize) -> f64 {
    let extra = js_len(term) - len;
    if extra == 0 {
        1.0
    } else {
        1.0 / (extra.max(3) as f64).ln()
    }
}

#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    /// Weight ×100, at least 1.
    w: u32,
    /// The number of words of the title, if the term is one of them; else 0.
    tl: u8,
}

/// Term → (document, Σ boost·√tf/√len over the fields × kind weight, title length).
type Raw = HashMap<String, Vec<(u32, f32, u8)>>;

/// The terms of document `i` into `into`.
fn add_doc(i: u32, (doc, fields): &(Doc, [String; 3]), into: &mut Raw) {
    let mut terms: HashMap<String, (f64, u8)> = HashMap::new();
    let mut title_len = 0;
    for (f, text) in fields.iter().enumerate() {
        let words: Vec<String> = tokens(text)
            .into_iter()
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect();
        if f == 0 {
            title_len = words.len().min(255) as u8;
        }
        let mut tf: HashMap<&str, u32> = HashMap::new();
        for w in &words {
            *tf.entry(w).or_default() += 1;
        }
        let norm = (words.len().max(1) as f64).sqrt();
        for (w, n) in tf {
            let e = terms.entry(w.to_string()).or_default();
            e.0 += BOOST[f] * (n as f64).sqrt() / norm;
            if f == 0 {
                e.1 = title_len;
            }
        }
    }
    let k = kind_weight(doc.k);
    for (t, (s, tl)) in terms {
        into.entry(t).or_default().push((i, (s * k) as f32, tl));
    }
}

/// Every term with its postings, sorted by term; each list by document.
fn postings(docs: &[&(Doc, [String; 3])]) -> Vec<(String, Vec<Posting>)> {
    use rayon::prelude::*;
    // In chunks of documents, in parallel, appended in order: each list stays sorted
    // by document, and nothing is held per document.
    const CHUNK: usize = 2048;
    let chunks: Vec<Raw> = docs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| {
            let mut raw = Raw::new();
            for (j, d) in chunk.iter().enumerate() {
                add_doc((c * CHUNK + j) as u32, d, &mut raw);
            }
            raw
        })
        .collect();
    let mut by_term = Raw::new();
    for raw in chunks {
        for (t, mut list) in raw {
            by_term.entry(t).or_default().append(&mut list);
        }
    }
    let n = docs.len() as f64;
    let mut out: Vec<(String, Vec<Posting>)> = by_term
        .into_par_iter()
        .map(|(term, list)| {
            let idf = 1.0 + (n / (list.len() as f64 + 1.0)).ln();
            let mut list: Vec<Posting> = list
                .into_iter()
                .map(|(doc, s, tl)| Posting {
                    doc,
                    w: ((s as f64 * idf * 100.0).round() as u32).max(1),
                    tl,
                })
                .collect();
            if list.len() > POSTINGS_MAX {
                list.sort_by(|a, b| b.w.cmp(&a.w).then(a.doc.cmp(&b.doc)));
                list.truncate(POSTINGS_MAX);
                list.sort_by_key(|p| p.doc);
            }
            (term, list)
        })
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `[doc-delta, weight, title-length]…`, documents ascending.
fn flat(list: &[Posting]) -> Vec<u32> {
    let mut out = Vec::with_capacity(list.len() * 3);
    let mut last = 0;
    for p in list {
        out.extend([p.doc - last, p.w, p.tl as u32]);
        last = p.doc;
    }
    out
}

/// The JSON length of `flat(list)`, near enough.
fn flat_bytes(term: &str, list: &[Posting]) -> usize {
    term.len() + 6 + flat(list).iter().map(|n| digits(*n) + 1).sum::<usize>()
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

/// One prefix of the term trie.
enum Node {
    /// All terms with this prefix: `terms[range]`.
    Leaf(std::ops::Range<usize>),
    /// Too many to hold: the best documents for a query word equal to the prefix, and
    /// the term equal to it, if there is one.
    Inner {
        top: Vec<Posting>,
        exact: Option<usize>,
    },
}

/// Splits `terms[range]`, all starting with `prefix`, into nodes, depth first.
fn split(
    terms: &[(String, Vec<Posting>)],
    sizes: &[usize],
    max: usize,
    range: std::ops::Range<usize>,
    prefix: String,
    out: &mut Vec<(String, Node)>,
) {
    let size: usize = sizes[range.clone()].iter().sum();
    if size <= max || range.len() == 1 {
        out.push((prefix, Node::Leaf(range)));
        return;
    }
    let exact = (terms[range.start].0 == prefix).then_some(range.start);
    let top = if prefix.is_empty() {
        Vec::new()
    } else {
        top(&terms[range.clone()], js_len(&prefix))
    };
    out.push((prefix.clone(), Node::Inner { top, exact }));
    let mut i = range.start + usize::from(exact.is_some());
    while i < range.end {
        let next = terms[i].0[prefix.len()..].chars().next().expect("longer");
        let child = format!("{prefix}{next}");
        let end = i + terms[i..range.end].partition_point(|(t, _)| t.starts_with(&child));
        split(terms, sizes, max, i..end, child, out);
        i = end;
    }
}

/// The [`TOP`] documents a query word `len` long finds among `terms`, as `search.js`
/// scores a prefix: per document its best term, weighed by [`expansion`].
fn top(terms: &[(String, Vec<Posting>)], len: usize) -> Vec<Posting> {
    let mut best: HashMap<u32, (f64, u8)> = HashMap::new();
    for (term, list) in terms {
        let x = expansion(term, len);
        for p in list {
            let e = best.entry(p.doc).or_default();
            e.0 = e.0.max(p.w as f64 * x);
            e.1 = e.1.max(p.tl);
        }
    }
    let mut all: Vec<Posting> = best
        .into_iter()
        .map(|(doc, (s, tl))| Posting {
            doc,
            w: (s.round() as u32).max(1),
            tl,
        })
        .collect();
    all.sort_by(|a, b| b.w.cmp(&a.w).then(a.doc.cmp(&b.doc)));
    all.truncate(TOP);
    all.sort_by_key(|p| p.doc);
    all
}

/// What a result shows of a document: `[path, kind, title, meta]`.
fn shown(d: &Doc) -> Value {
    json!([d.u, d.k, d.t, d.m])
}

/// `dossierShard("name",data);`
fn script(name: &str, data: &impl Serialize) -> Vec<u8> {
    let mut js = format!("dossierShard({name:?},").into_bytes();
    serde_json::to_writer(&mut js, data).expect("the index serialises");
    js.extend_from_slice(b");\n");
    js
}

/// FNV-1a of `path`'s bytes: which `p` file holds its preview (as `search.js` computes).
pub fn fnv(path: &str) -> u32 {
    path.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// Every file of the index, by site path.
pub fn files(docs: &[(Doc, [String; 3])]) -> Vec<(String, Vec<u8>)> {
    files_cut(docs, LEAF_MAX, INNER_MAX)
}

/// [`files`], with term shards of at most `leaf_max` bytes and prefix records packed
/// up to `inner_max`.
fn files_cut(
    docs: &[(Doc, [String; 3])],
    leaf_max: usize,
    inner_max: usize,
) -> Vec<(String, Vec<u8>)> {
    // Numbered in the order of their titles, so that the results of a name, which
    // mostly start alike, come from few `d` files.
    let mut docs: Vec<&(Doc, [String; 3])> = docs.iter().collect();
    let key = |d: &Doc| (tokens(&d.t), d.u.clone());
    docs.sort_by_cached_key(|(d, _)| key(d));
    let docs = &docs[..];
    let terms = postings(docs);
    let sizes: Vec<usize> = terms.iter().map(|(t, l)| flat_bytes(t, l)).collect();
    let mut nodes = Vec::new();
    if !terms.is_empty() {
        split(
            &terms,
            &sizes,
            leaf_max,
            0..terms.len(),
            String::new(),
            &mut nodes,
        );
    } else {
        nodes.push((String::new(), Node::Leaf(0..0)));
    }
    let mut out = Vec::new();
    // Term shards: leaves packed in prefix order up to LEAF_MAX, prefix records apart
    // (so that typing "k", "ka", "kam" loads one pack of them, not a leaf each).
    let mut keys: Vec<(&str, usize)> = Vec::new();
    let mut packs: Vec<(usize, Value)> = Vec::new(); // (bytes, data)
    let (mut leaf_pack, mut inner_pack): (Option<usize>, Option<usize>) = (None, None);
    for (key, node) in &nodes {
        let (bytes, max, current) = match node {
            Node::Leaf(r) => (
                sizes[r.clone()].iter().sum::<usize>(),
                leaf_max,
                &mut leaf_pack,
            ),
            Node::Inner { top, exact } => (
                top.len() * 120 + exact.map_or(0, |i| sizes[i]),
                inner_max,
                &mut inner_pack,
            ),
        };
        let pack = match *current {
            Some(p) if packs[p].0 + bytes <= max => p,
            _ => {
                packs.push((0, json!({"t": {}})));
                packs.len() - 1
            }
        };
        *current = Some(pack);
        packs[pack].0 += bytes;
        keys.push((key, pack));
        let data = &mut packs[pack].1;
        let mut put_term = |i: usize| {
            let (t, l) = &terms[i];
            data["t"][t] = json!(flat(l));
        };
        match node {
            Node::Leaf(r) => r.clone().for_each(&mut put_term),
            Node::Inner { top, exact } => {
                if let Some(i) = *exact {
                    put_term(i);
                }
                data["i"][key] = json!(flat(top));
                for p in top {
                    data["d"][p.doc.to_string()] = shown(&docs[p.doc as usize].0);
                }
            }
        }
    }
    for (n, (_, data)) in packs.iter().enumerate() {
        let name = format!("t{n}");
        out.push((format!("{DIR}{name}.js"), script(&name, data)));
    }
    // What results show, DOCS_PER_FILE documents a file.
    for (n, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let name = format!("d{n}");
        let shown: Vec<Value> = chunk.iter().map(|(d, _)| shown(d)).collect();
        out.push((
            format!("{DIR}{name}.js"),
            script(&name, &json!({ "d": shown })),
        ));
    }
    // Previews, by the hash of the path.
    let preview = |d: &Doc| json!([d.k, d.t, d.m, d.s, d.c]);
    let total: usize = docs
        .iter()
        .map(|(d, _)| d.u.len() + d.t.len() + d.m.len() + d.s.len() + d.c.len() + 30)
        .sum();
    let p_files = total.div_ceil(PREVIEWS_MAX).max(1);
    let mut previews = vec![serde_json::Map::new(); p_files];
    for (d, _) in docs.iter().copied() {
        previews[fnv(&d.u) as usize % p_files].insert(d.u.clone(), preview(d));
    }
    for (n, p) in previews.into_iter().enumerate() {
        let name = format!("p{n}");
        out.push((format!("{DIR}{name}.js"), script(&name, &json!({ "p": p }))));
    }
    let (k, f): (Vec<&str>, Vec<usize>) = keys.into_iter().unzip();
    let index = json!({"v": 1, "k": k, "f": f, "c": DOCS_PER_FILE, "p": p_files});
    out.push((format!("{DIR}index.js"), script("index", &index)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::strings::Strings;
    use std::collections::BTreeMap;

    /// The data of the script `name` among `files`.
    fn shard(files: &[(String, Vec<u8>)], name: &str) -> Value {
        let path = format!("{DIR}{name}.js");
        let (_, js) = files
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        let js = std::str::from_utf8(js).unwrap();
        let json = js
            .strip_prefix(&format!("dossierShard({name:?},"))
            .and_then(|j| j.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{path} is not one dossierShard call"));
        serde_json::from_str(json).unwrap()
    }

    /// What query word `w` finds, best first, as search.js looks it up: (document
    /// number, score), and the t file it read.
    fn lookup(files: &[(String, Vec<u8>)], w: &str) -> (Vec<(u64, f64)>, String) {
        let index = shard(files, "index");
        let keys: HashMap<&str, u64> = index["k"]
            .as_array()
            .unwrap()
            .iter()
            .zip(index["f"].as_array().unwrap())
            .map(|(k, f)| (k.as_str().unwrap(), f.as_u64().unwrap()))
            .collect();
        let mut key = w;
        while !keys.contains_key(key) {
            key = &key[..key.len() - 1];
        }
        let name = format!("t{}", keys[key]);
        let data = shard(files, &name);
        let mut found: BTreeMap<u64, f64> = BTreeMap::new();
        let mut add = |list: &Value, x: f64| {
            let list = list.as_array().unwrap();
            let mut doc = 0;
            for p in list.chunks(3) {
                doc += p[0].as_u64().unwrap();
                let s = found.entry(doc).or_default();
                *s = s.max(p[1].as_f64().unwrap() * x);
            }
        };
        if let Some(top) = data.get("i").and_then(|i| i.get(key)) {
            if key == w {
                add(top, 1.0);
            }
        } else {
            for (term, list) in data["t"].as_object().unwrap() {
                if term.starts_with(w) {
                    add(list, expansion(term, js_len(w)));
                }
            }
        }
        let mut found: Vec<(u64, f64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        (found, name)
    }

    /// The path of document `n`.
    fn path(files: &[(String, Vec<u8>)], n: u64) -> String {
        let d = shard(files, &format!("d{}", n as usize / DOCS_PER_FILE));
        d["d"][n as usize % DOCS_PER_FILE][0]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn first(files: &[(String, Vec<u8>)], w: &str) -> String {
        let (found, _) = lookup(files, w);
        assert!(!found.is_empty(), "nothing for {w:?}");
        path(files, found[0].0)
    }

    #[test]
    fn words_are_split_and_folded_as_search_js_does() {
        let words: Vec<String> = tokens("Ukraine’s Zelenskyy, Škoda—G7 2024 Éire");
        assert_eq!(
            words,
            ["ukraine", "s", "zelenskyy", "skoda", "g7", "2024", "eire"]
        );
        assert_eq!(fnv(""), 0x811c_9dc5);
        assert_eq!(fnv("a"), 0xe40c_292c);
        assert_eq!(expansion("zelensky", 8), 1.0);
        assert!(expansion("zelensky", 3) < expansion("zelensky", 5));
    }

    #[test]
    fn names_and_aliases_find_their_actor_first() {
        let d = crate::fixture_dossier();
        let files = super::super::files(&d, Strings::english());
        assert_eq!(first(&files, "zelenski"), "actors/zelensky/index.html");
        assert_eq!(first(&files, "zelensk"), "actors/zelensky/index.html");
        // Every file is one call of dossierShard, and the preview of a page is in the
        // p file its path hashes to.
        let p = shard(&files, "index")["p"].as_u64().unwrap() as u32;
        let u = "actors/zelensky/index.html";
        let preview = &shard(&files, &format!("p{}", fnv(u) % p))["p"][u];
        assert_eq!(preview[1], "Volodymyr Zelensky");
        assert_eq!(preview[2], "President of Ukraine");
    }

    /// `n` made-up people, each with a source about them.
    fn crowd(n: usize) -> Vec<(Doc, [String; 3])> {
        const SYL: [&str; 12] = [
            "ka", "ro", "mi", "ten", "vo", "lar", "shi", "den", "bor", "ul", "az", "ne",
        ];
        let word = |i: usize, salt: usize| -> String {
            (0..3)
                .map(|k| SYL[(i / 12usize.pow(k) + salt) % 12])
                .collect()
        };
        let mut docs = Vec::new();
        for i in 0..n {
            let name = format!("{} {}", word(i, 0), word(i * 7 + 3, 5));
            let doc = |u: String, k: &'static str, t: String| Doc {
                u,
                k,
                t,
                m: String::new(),
                s: String::new(),
                c: String::new(),
            };
            docs.push((
                doc(format!("actors/p{i}/index.html"), "actor", name.clone()),
                [name.clone(), String::new(), "a person".into()],
            ));
            let title = format!("A report on {name} and others");
            docs.push((
                doc(format!("sources/s{i}/index.html"), "source", title.clone()),
                [title, String::new(), format!("{name} said many things")],
            ));
        }
        docs
    }

    #[test]
    fn a_large_index_is_cut_into_shards_that_each_find_their_words() {
        let docs = crowd(1728);
        let files = files_cut(&docs, 4096, 4096);
        assert_eq!(
            files,
            files_cut(&docs, 4096, 4096),
            "the same bytes every time"
        );
        let t: Vec<&(String, Vec<u8>)> = files
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("{DIR}t")))
            .collect();
        assert!(t.len() > 3, "{} term files", t.len());
        for (p, bytes) in &t {
            assert!(bytes.len() <= 4096 + 3000, "{p}: {} bytes", bytes.len());
        }
        // A full name finds its actor first, its first word as well; "k" is too
        // common for a shard of its own and finds the best few.
        for i in [0, 500, 1727] {
            let (actor, words) = &docs[2 * i];
            let (found, _) = lookup(&files, &words[0].split(' ').next().unwrap().to_lowercase());
            let shown: Vec<String> = found.iter().take(12).map(|f| path(&files, f.0)).collect();
            assert!(shown.contains(&actor.u), "{}: {shown:?}", actor.t);
            let surname = actor.t.split(' ').nth(1).unwrap().to_lowercase();
            assert!(lookup(&files, &surname)
                .0
                .iter()
                .take(12)
                .any(|f| path(&files, f.0) == actor.u));
        }
        let (found, file) = lookup(&files, "k");
        assert_eq!(found.len(), TOP);
        let data = shard(&files, &file);
        for (n, _) in &found {
            assert!(data["d"][n.to_string()].is_array(), "{file} shows {n}");
        }
    }
}
