//! What editors write, as written: one serde type per content file, unknown fields
//! rejected. Nothing here is checked beyond its YAML shape; `resolve` does the rest.

use serde::{Deserialize, Deserializer};

/// `content/dossier.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    /// Hosts the pages may load images and media from (each reader's browser calls
    /// them); none by default.
    #[serde(default, deserialize_with = "one_or_many")]
    pub allowed_hosts: Vec<String>,
    /// Rows per page of the long index lists (sources, actors, timeline, …); a list
    /// longer than this is split into pages. Default 2,000.
    #[serde(default)]
    pub list_page_size: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub title: String,
    pub url: String,
}

/// `content/actors/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: String,
    pub kind: String,
    #[serde(default, deserialize_with = "one_or_many")]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub affiliations: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub links: Vec<RawLink>,
    /// What the editors corrected, and when.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// When the editors last updated this entry (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
}

/// `content/sources/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub seed: String,
    pub title: String,
    /// The title is the editors', not the article's own headline.
    #[serde(default)]
    pub editors_title: bool,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// What the editors corrected, and when.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// When the editors last updated this entry (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
    /// The document `dossier import` made the seed from.
    #[serde(default)]
    pub original: Option<RawOriginal>,
    #[serde(default)]
    pub retrieved: Option<String>,
}

/// `original:` of a source: `{file, sha256}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOriginal {
    pub file: String,
    pub sha256: String,
}

/// One quoted passage of a source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    pub source: String,
    pub quote: String,
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `content/events/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub actors: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    /// What the editors corrected, and when.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// When the editors last updated this entry (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
}

/// `content/commitments/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommitment {
    pub title: String,
    #[serde(deserialize_with = "one_or_many")]
    pub by: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub to: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub categories: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    /// Dated steps; the latest step's status is the commitment's.
    #[serde(default)]
    pub history: Vec<RawStep>,
    #[serde(default)]
    pub amounts: Vec<RawAmount>,
    /// What the editors corrected, and when.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// When the editors last updated this entry (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
}

/// One dated step of a commitment's history.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub date: String,
    pub status: String,
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A sum of money a commitment pledges or delivered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmount {
    pub value: f64,
    pub currency: String,
    /// pledged | delivered
    pub kind: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
    #[serde(default)]
    pub note: Option<String>,
}

/// What the editors corrected in an entry, and when.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub date: String,
    pub note: String,
}

/// `content/discrepancies/<id>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDiscrepancy {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub about: Vec<String>,
    #[serde(default)]
    pub accounts: Vec<RawEvidence>,
    /// What the editors corrected, and when.
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
    /// When the editors last updated this entry (YYYY-MM-DD).
    #[serde(default)]
    pub updated: Option<String>,
}

/// The YAML front matter of `content/pages/<slug>.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
}

/// Accepts `key: one` as well as `key: [one, two]`.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a list of strings")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = a.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}
