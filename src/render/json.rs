//! `dossier.json`: the resolved dossier with a format marker (shape: README). Written
//! entity by entity, in parallel; in a watch session an entity unchanged since the
//! last render is copied from the last file instead of serialised again.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::views;
use super::{Bytes, Previous};
use crate::model::{Dossier, Kind};

/// Where each entity's JSON lies in the file, by [`views::key`].
pub type Spans = HashMap<u64, Range<usize>>;

pub const PATH: &str = "dossier.json";
const FORMAT: &str = "dossier/1";
const GENERATOR: &str = concat!("dossier ", env!("CARGO_PKG_VERSION"));

/// The file, and where each entity lies in it.
pub fn dossier_json(d: &Dossier, previous: Option<Previous>) -> (Bytes, Spans) {
    // The last file and its spans, for entities that did not change.
    let last = previous.and_then(|p| Some((p, p.site.files.get(PATH)?.as_slice(), &p.memo.json)));
    let mut out = Vec::with_capacity(last.map_or(1 << 20, |(_, bytes, _)| bytes.len() + 4096));
    let mut spans = Spans::new();
    out.extend_from_slice(b"{\"format\":");
    json_into(&mut out, &FORMAT);
    out.extend_from_slice(b",\"generator\":");
    json_into(&mut out, &GENERATOR);
    out.extend_from_slice(b",\"meta\":");
    json_into(&mut out, &d.meta);
    macro_rules! kind {
        ($name:literal, $field:ident, $kind:expr) => {
            out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes());
            entities(&mut out, &mut spans, $kind, &d.$field, last);
        };
    }
    kind!("actors", actors, Some(Kind::Actor));
    kind!("sources", sources, Some(Kind::Source));
    kind!("events", events, Some(Kind::Event));
    kind!("commitments", commitments, Some(Kind::Commitment));
    kind!("discrepancies", discrepancies, Some(Kind::Discrepancy));
    kind!("pages", pages, None);
    out.extend_from_slice(b"}\n");
    (Bytes::new(out), spans)
}

fn json_into(out: &mut Vec<u8>, value: &impl Serialize) {
    serde_json::to_writer(out, value).expect("the dossier serialises");
}

/// One kind's map, `{"id":{…},…}`.
fn entities<T: Serialize + Sync>(
    out: &mut Vec<u8>,
    spans: &mut Spans,
    kind: Option<Kind>,
    map: &BTreeMap<String, T>,
    last: Option<(Previous, &[u8], &Spans)>,
) {
    enum Part<'a> {
        Kept(&'a [u8]),
        New(Vec<u8>),
    }
    let parts: Vec<(u64, Part)> = map
        .par_iter()
        .map(|(id, x)| {
            let key = views::key(kind, id);
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
            (key, part)
        })
        .collect();
    out.push(b'{');
    for (i, ((id, _), (key, part))) in map.iter().zip(parts).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_into(out, id);
        out.push(b':');
        let start = out.len();
        match part {
            Part::Kept(b) => out.extend_from_slice(b),
            Part::New(v) => out.extend_from_slice(&v),
        }
        spans.insert(key, start..out.len());
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same bytes serde writes for the whole dossier at once.
    #[test]
    fn equals_serde_of_the_whole() {
        let d = crate::fixture_dossier();
        #[derive(Serialize)]
        struct Out<'a> {
            format: &'static str,
            generator: &'static str,
            #[serde(flatten)]
            dossier: &'a Dossier,
        }
        let mut whole = serde_json::to_vec(&Out {
            format: FORMAT,
            generator: GENERATOR,
            dossier: &d,
        })
        .unwrap();
        whole.push(b'\n');
        let (parts, spans) = dossier_json(&d, None);
        assert_eq!(
            String::from_utf8_lossy(&parts),
            String::from_utf8_lossy(&whole)
        );
        let zelensky = &parts[spans[&views::key(Some(Kind::Actor), "zelensky")].clone()];
        let value: serde_json::Value = serde_json::from_slice(zelensky).unwrap();
        assert_eq!(value["name"], "Volodymyr Zelensky");
    }
}
