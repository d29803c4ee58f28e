//! JSON Schemas for the content files, so that an editor's YAML plugin completes fields
//! and ids and flags unknown ones: one schema per kind, the dossier's current ids as
//! enums for every reference. The fields' descriptions live here, in [`FIELDS`], and
//! nowhere else. Also the editor settings that map `content/<kind>/*.yaml` to them.
//! Reads the resolved dossier; writes only the files it is asked to.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::model::{ActorKind, Dossier, Kind, Status};

/// Where the schemas go, under the dossier's folder.
pub const DIR: &str = ".dossier/schema";

/// The type of a field.
#[derive(Clone, Copy)]
enum Ty {
    Text,
    Bool,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; with `unknown` when true.
    Date(bool),
    Url,
    /// One id, or a list of them when true.
    Id(Kind, bool),
    /// Any entity but a discrepancy, as `actors/<id>`: one or a list.
    AnyRef,
    ActorKind,
    Status,
    /// A string or a list of strings.
    Texts,
    Links,
    /// A list of evidence items; at least this many.
    Evidence(usize),
}

/// One field of a content file: kind, name, required, type, description.
type Field = (Kind, &'static str, bool, Ty, &'static str);

/// Every field editors write, with what it means. The one place these texts live.
const FIELDS: &[Field] = &[
    (
        Kind::Actor,
        "name",
        true,
        Ty::Text,
        "The name readers see, as the sources spell it most often.",
    ),
    (
        Kind::Actor,
        "kind",
        true,
        Ty::ActorKind,
        "What the actor is: person, organization, country or group.",
    ),
    (
        Kind::Actor,
        "aliases",
        false,
        Ty::Texts,
        "Other names and spellings the seeds use; each is found as a mention.",
    ),
    (
        Kind::Actor,
        "role",
        false,
        Ty::Text,
        "The actor's role or title, e.g. President of Ukraine.",
    ),
    (
        Kind::Actor,
        "affiliations",
        false,
        Ty::Id(Kind::Actor, true),
        "Actors this one belongs to (a person's country, a country's alliances).",
    ),
    (
        Kind::Actor,
        "summary",
        false,
        Ty::Text,
        "Who the actor is in this story (Markdown).",
    ),
    (
        Kind::Actor,
        "links",
        false,
        Ty::Links,
        "Further reading: a list of {title, url}.",
    ),
    (
        Kind::Source,
        "seed",
        true,
        Ty::Text,
        "The article's plain text file in seeds/.",
    ),
    (
        Kind::Source,
        "title",
        true,
        Ty::Text,
        "The article's headline, or the editors' title.",
    ),
    (
        Kind::Source,
        "editors_title",
        false,
        Ty::Bool,
        "True when the title is the editors', not the article's.",
    ),
    (
        Kind::Source,
        "outlet",
        false,
        Ty::Text,
        "Who published the article.",
    ),
    (Kind::Source, "author", false, Ty::Text, "Who wrote it."),
    (
        Kind::Source,
        "published",
        false,
        Ty::Date(false),
        "When it was published: YYYY-MM-DD, YYYY-MM or YYYY.",
    ),
    (
        Kind::Source,
        "url",
        false,
        Ty::Url,
        "Where it was published (https://…).",
    ),
    (
        Kind::Source,
        "language",
        false,
        Ty::Text,
        "The language of the seed, as a tag like en or uk.",
    ),
    (
        Kind::Source,
        "summary",
        false,
        Ty::Text,
        "What the article reports, and how it was dated (Markdown).",
    ),
    (
        Kind::Event,
        "title",
        true,
        Ty::Text,
        "What happened, in a line.",
    ),
    (
        Kind::Event,
        "date",
        true,
        Ty::Date(true),
        "When: YYYY-MM-DD, YYYY-MM, YYYY or unknown.",
    ),
    (
        Kind::Event,
        "end",
        false,
        Ty::Date(false),
        "When it ended, for events that last.",
    ),
    (Kind::Event, "place", false, Ty::Text, "Where it happened."),
    (
        Kind::Event,
        "actors",
        false,
        Ty::Id(Kind::Actor, true),
        "Who took part.",
    ),
    (
        Kind::Event,
        "summary",
        false,
        Ty::Text,
        "What happened, as the sources tell it (Markdown).",
    ),
    (
        Kind::Event,
        "evidence",
        false,
        Ty::Evidence(0),
        "Verbatim quotes from the sources that report it.",
    ),
    (
        Kind::Commitment,
        "title",
        true,
        Ty::Text,
        "What was promised, in a line.",
    ),
    (
        Kind::Commitment,
        "by",
        true,
        Ty::Id(Kind::Actor, true),
        "Who made the commitment.",
    ),
    (
        Kind::Commitment,
        "to",
        false,
        Ty::Id(Kind::Actor, true),
        "Whom it was made to or for.",
    ),
    (
        Kind::Commitment,
        "date",
        false,
        Ty::Date(false),
        "When it was made.",
    ),
    (
        Kind::Commitment,
        "event",
        false,
        Ty::Id(Kind::Event, false),
        "The event where it was made.",
    ),
    (
        Kind::Commitment,
        "status",
        false,
        Ty::Status,
        "Where it stands: announced, in-progress, fulfilled, broken or withdrawn.",
    ),
    (
        Kind::Commitment,
        "categories",
        false,
        Ty::Texts,
        "Free labels to group commitments (training, finance, …).",
    ),
    (
        Kind::Commitment,
        "summary",
        false,
        Ty::Text,
        "What the sources say it contains (Markdown).",
    ),
    (
        Kind::Commitment,
        "evidence",
        false,
        Ty::Evidence(0),
        "Verbatim quotes from every source that reports it.",
    ),
    (
        Kind::Discrepancy,
        "title",
        true,
        Ty::Text,
        "What the sources disagree on, in a line.",
    ),
    (
        Kind::Discrepancy,
        "summary",
        false,
        Ty::Text,
        "How they differ and which account is likely right (Markdown).",
    ),
    (
        Kind::Discrepancy,
        "about",
        false,
        Ty::AnyRef,
        "What it concerns: actors/<id>, sources/<id>, events/<id> or commitments/<id>.",
    ),
    (
        Kind::Discrepancy,
        "accounts",
        true,
        Ty::Evidence(2),
        "The differing accounts, each a verbatim quote (at least two).",
    ),
];

/// The fields of an evidence item: name, required, description.
const EVIDENCE: &[(&str, bool, &str)] = &[
    ("source", true, "The id of the source quoted."),
    (
        "quote",
        true,
        "The passage, verbatim (typographic quotes, dashes and spaces may differ).",
    ),
    (
        "speaker",
        false,
        "The actor who says the quoted words, when they are someone's.",
    ),
    (
        "note",
        false,
        "What this quote shows, or how it differs (Markdown).",
    ),
];

const KINDS: [Kind; 5] = [
    Kind::Actor,
    Kind::Source,
    Kind::Event,
    Kind::Commitment,
    Kind::Discrepancy,
];

/// The ids a schema offers, by kind (none in a new dossier).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Ids {
    pub actors: Vec<String>,
    pub sources: Vec<String>,
    pub events: Vec<String>,
    pub commitments: Vec<String>,
}

impl Ids {
    pub fn of(d: &Dossier) -> Ids {
        Ids {
            actors: d.actors.keys().cloned().collect(),
            sources: d.sources.keys().cloned().collect(),
            events: d.events.keys().cloned().collect(),
            commitments: d.commitments.keys().cloned().collect(),
        }
    }
}

fn ids(d: &Ids, k: Kind) -> Vec<String> {
    match k {
        Kind::Actor => d.actors.clone(),
        Kind::Source => d.sources.clone(),
        Kind::Event => d.events.clone(),
        Kind::Commitment => d.commitments.clone(),
        Kind::Discrepancy => Vec::new(),
    }
}

/// A string that is one of `ids` (any string while there are none).
fn id_of(ids: Vec<String>, what: &str) -> Value {
    if ids.is_empty() {
        json!({"type": "string", "description": format!("The id of {what} (there is none yet).")})
    } else {
        json!({"type": "string", "enum": ids, "description": format!("The id of {what}.")})
    }
}

fn one_or_many(item: Value) -> Value {
    json!({"anyOf": [item.clone(), {"type": "array", "items": item}]})
}

fn date(unknown: bool) -> Value {
    let pattern = if unknown {
        r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$"
    } else {
        r"^\d{4}(-\d{2}(-\d{2})?)?$"
    };
    json!({"type": "string", "pattern": pattern})
}

fn evidence(d: &Ids) -> Value {
    let mut props = Map::new();
    for &(name, _, desc) in EVIDENCE {
        let mut v = match name {
            "source" => id_of(ids(d, Kind::Source), "a source"),
            "speaker" => id_of(ids(d, Kind::Actor), "an actor"),
            "quote" => json!({"type": "string", "minLength": 1}),
            _ => json!({"type": "string"}),
        };
        v["description"] = json!(desc);
        props.insert(name.to_string(), v);
    }
    let required: Vec<&str> = EVIDENCE.iter().filter(|f| f.1).map(|f| f.0).collect();
    json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

fn field(d: &Ids, ty: Ty) -> Value {
    match ty {
        Ty::Text => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Date(unknown) => date(unknown),
        Ty::Url => json!({"type": "string", "pattern": "^https?://"}),
        Ty::Id(k, many) => {
            let article = if k == Kind::Actor || k == Kind::Event {
                "an"
            } else {
                "a"
            };
            let one = id_of(ids(d, k), &format!("{article} {}", k.singular()));
            if many {
                one_or_many(one)
            } else {
                one
            }
        }
        Ty::AnyRef => {
            let refs: Vec<String> = [Kind::Actor, Kind::Source, Kind::Event, Kind::Commitment]
                .into_iter()
                .flat_map(|k| {
                    ids(d, k)
                        .into_iter()
                        .map(move |id| format!("{}/{id}", k.dir()))
                })
                .collect();
            let one = if refs.is_empty() {
                json!({"type": "string", "pattern": "^(actors|sources|events|commitments)/"})
            } else {
                json!({"type": "string", "enum": refs})
            };
            one_or_many(one)
        }
        Ty::ActorKind => {
            json!({"type": "string", "enum": ActorKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>()})
        }
        Ty::Status => {
            json!({"type": "string", "enum": Status::ALL.iter().map(|s| s.0).collect::<Vec<_>>()})
        }
        Ty::Texts => one_or_many(json!({"type": "string"})),
        Ty::Links => json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}},
                "required": ["title", "url"],
                "additionalProperties": false
            }
        }),
        Ty::Evidence(min) => json!({"type": "array", "items": evidence(d), "minItems": min}),
    }
}

/// The schema of one kind's files, with the dossier's current ids.
pub fn schema(d: &Ids, kind: Kind) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for &(k, name, req, ty, desc) in FIELDS.iter().filter(|f| f.0 == kind) {
        let _ = k;
        let mut v = field(d, ty);
        v["description"] = json!(desc);
        props.insert(name.to_string(), v);
        if req {
            required.push(name);
        }
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("A dossier {} (content/{}/<id>.yaml)", kind.singular(), kind.dir()),
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false
    })
}

/// The file name of a kind's schema.
pub fn file_name(kind: Kind) -> String {
    format!("{}.schema.json", kind.singular())
}

/// The `# yaml-language-server: $schema=` line for a file in `content/<kind>/`.
pub fn modeline(kind: Kind) -> String {
    format!(
        "# yaml-language-server: $schema=../../{DIR}/{}\n",
        file_name(kind)
    )
}

/// Every kind's schema, as (file name, text).
pub fn all(d: &Ids) -> Vec<(String, String)> {
    KINDS
        .iter()
        .map(|&k| {
            let text = serde_json::to_string_pretty(&schema(d, k)).expect("serialises") + "\n";
            (file_name(k), text)
        })
        .collect()
}

/// Writes every kind's schema into `dir`, each only when its text changed; returns the
/// paths written.
pub fn write(d: &Ids, dir: &Path) -> Result<Vec<PathBuf>, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in all(d) {
        let p = dir.join(name);
        if fs::read_to_string(&p).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        written.push(p);
    }
    Ok(written)
}

/// Rewrites the schemas in the dossier at `root` when they are there (an editor set
/// them up with `init` or `schema`) and its ids changed; for `watch` and `serve`.
pub fn keep_current(d: &Dossier, root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join(DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    write(&Ids::of(d), &dir)
}

/// `.vscode/settings.json` for the YAML extension: each kind's files to its schema.
pub fn editor_settings() -> String {
    let mut map = Map::new();
    for k in KINDS {
        map.insert(
            format!("{DIR}/{}", file_name(k)),
            json!([format!("content/{}/*.yaml", k.dir())]),
        );
    }
    serde_json::to_string_pretty(&json!({ "yaml.schemas": map })).expect("serialises") + "\n"
}
