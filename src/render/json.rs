//! `dossier.json`: the resolved dossier with a format marker (shape: README).
//! `dossier build` streams it into its file ([`write_dossier`]); a watch session
//! assembles it entity by entity, in parallel, copying an entity unchanged since the
//! last render from the last file instead of serialising it again ([`dossier_json`]).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::reads;
use super::{Bytes, Previous};
use crate::model::{Dossier, Kind};

/// Where each entity's JSON lies in the file, by [`reads::key`].
pub type Spans = HashMap<u64, Range<usize>>;

pub const PATH: &str = "dossier.json";
const FORMAT: &str = "dossier/1";
const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

/// The file, and where each entity lies in it.
pub fn dossier_json(d: &Dossier, previous: Option<Previous>) -> (Bytes, Spans) {
    // The last file and its spans, for entities that did not change.
    let last = previous.and_then(|p| Some((p, p.site.files.get(PATH)?.as_slice(), &p.memo.json)));
    let kinds = [
        ("actors", parts(Some(Kind::Actor), &d.actors, last)),
        ("sources", parts(Some(Kind::Source), &d.sources, last)),
        ("events", parts(Some(Kind::Event), &d.events, last)),
        (
            "commitments",
            parts(Some(Kind::Commitment), &d.commitments, last),
        ),
        (
            "discrepancies",
            parts(Some(Kind::Discrepancy), &d.discrepancies, last),
        ),
        ("pages", parts(None, &d.pages, last)),
    ];
    // One allocation: growing 100 MB by doubling copies it and faults it in twice.
    let size: usize = kinds
        .iter()
        .flat_map(|(_, parts)| parts)
        .map(|(id, _, part)| id.len() * 2 + 4 + part.len())
        .sum();
    let mut out = Vec::with_capacity(size + 4096);
    let mut spans = Spans::with_capacity(kinds.iter().map(|(_, p)| p.len()).sum());
    out.extend_from_slice(b"{\"format\":");
    json_into(&mut out, &FORMAT);
    out.extend_from_slice(b",\"generator\":");
    json_into(&mut out, &GENERATOR);
    out.extend_from_slice(b",\"meta\":");
    json_into(&mut out, &d.meta);
    for (name, parts) in kinds {
        out.extend_from_slice(b",\"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":{");
        for (i, (id, key, part)) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_into(&mut out, id);
            out.push(b':');
            let start = out.len();
            out.extend_from_slice(part.bytes());
            spans.insert(key, start..out.len());
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"}\n");
    (Bytes::new(out), spans)
}

/// One entity's JSON: copied from the last file, or new.
enum Part<'a> {
    Kept(&'a [u8]),
    New(Vec<u8>),
}

impl Part<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Part::Kept(b) => b,
            Part::New(v) => v,
        }
    }

    fn len(&self) -> usize {
        self.bytes().len()
    }
}

/// The file, written into `w` as serde writes it (the same bytes as
/// [`dossier_json`], which assembles them from parts it can reuse).
pub fn write_dossier(d: &Dossier, w: &mut dyn Write) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        format: &'static str,
        generator: &'static str,
        #[serde(flatten)]
        dossier: &'a Dossier,
    }
    let out = Out {
        format: FORMAT,
        generator: GENERATOR,
        dossier: d,
    };
    // serde writes in small pieces: buffered here, they are not each a dynamic call.
    let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
    serde_json::to_writer(&mut w, &out)?;
    w.write_all(b"\n")?;
    w.flush()
}

fn json_into(out: &mut Vec<u8>, value: &impl Serialize) {
    serde_json::to_writer(out, value).expect("the dossier serialises");
}

/// Each entity of one kind, in order: its id, its key and its JSON.
fn parts<'a, T: Serialize + Sync>(
    kind: Option<Kind>,
    map: &'a BTreeMap<String, T>,
    last: Option<(Previous, &'a [u8], &Spans)>,
) -> Vec<(&'a String, u64, Part<'a>)> {
    map.par_iter()
        .map(|(id, x)| {
            let key = reads::key(kind, id);
            let kept = last.and_then(|(p, bytes, spans)| {
                (!p.changes.changed(key)).then_some(())?;
                bytes.get(spans.get(&key)?.clone())
            });
            let part = match kept {
                Some(b) => Part::Kept(b),
                None => {
                    let mut v = Vec::new();
                    json_into(&mut v, x);
                    Part::New(v)
                }
            };
            (id, key, part)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same bytes serde writes for the whole dossier at once.
    #[test]
    fn equals_serde_of_the_whole() {
        let d = crate::fixture_dossier();
        let mut whole = Vec::new();
        write_dossier(&d, &mut whole).unwrap();
        let (parts, spans) = dossier_json(&d, None);
        assert_eq!(
            String::from_utf8_lossy(&parts),
            String::from_utf8_lossy(&whole)
        );
        let zelensky = &parts[spans[&reads::key(Some(Kind::Actor), "zelensky")].clone()];
        let value: serde_json::Value = serde_json::from_slice(zelensky).unwrap();
        assert_eq!(value["name"], "Volodymyr Zelensky");
    }
}
