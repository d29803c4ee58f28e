//! The spreadsheets under `data/`: commitments, evidence, actors, sources, events and
//! amounts, one row per item (RFC 4180: CRLF line ends, UTF-8, one header row). Ids
//! and page addresses are columns, so rows join each other and lead back to the site;
//! lists within a cell are joined with "; ". The numbers are dossier.json's.

use crate::model::*;

use super::super::urls;

/// What makes a spreadsheet's bytes.
type Make = fn(&Dossier) -> Vec<u8>;

/// Each spreadsheet: its site path and what makes it.
pub const TABLES: [(&str, Make); 6] = [
    ("data/commitments.csv", commitments),
    ("data/evidence.csv", evidence),
    ("data/actors.csv", actors),
    ("data/sources.csv", sources),
    ("data/events.csv", events),
    ("data/amounts.csv", amounts),
];

/// The files: site path and bytes.
pub fn files(d: &Dossier) -> Vec<(&'static str, Vec<u8>)> {
    TABLES.iter().map(|(path, make)| (*path, make(d))).collect()
}

/// A table: the header, then one row per call of `rows`' items.
fn table<const N: usize>(header: [&str; N], rows: impl Iterator<Item = [String; N]>) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let write = |w: &mut ::csv::Writer<Vec<u8>>, r: &[&str]| {
        w.write_record(r)
            .expect("writing into memory does not fail")
    };
    write(&mut w, &header);
    for r in rows {
        write(&mut w, &r.each_ref().map(String::as_str));
    }
    w.into_inner().expect("writing into memory does not fail")
}

fn page(d: &Dossier, path: &str) -> String {
    urls::public(d.meta.base_url.as_deref(), path)
}

fn joined(ids: &[Id]) -> String {
    ids.join("; ")
}

fn date(x: &Option<Date>) -> String {
    x.as_ref().map(Date::iso).unwrap_or_default()
}

fn markdown(x: &Option<Markdown>) -> String {
    x.as_ref()
        .map(|m| m.markdown.trim().to_string())
        .unwrap_or_default()
}

/// A number as written: no trailing `.0` on whole numbers.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn commitments(d: &Dossier) -> Vec<u8> {
    table(
        [
            "id",
            "title",
            "by",
            "to",
            "date",
            "event",
            "status",
            "categories",
            "sources",
            "quotes",
            "steps",
            "amounts",
            "updated",
            "corrections",
            "page",
        ],
        d.commitments.values().map(|c| {
            [
                c.id.clone(),
                c.title.clone(),
                joined(&c.by),
                joined(&c.to),
                date(&c.date),
                c.event.clone().unwrap_or_default(),
                c.status.map(Status::name).unwrap_or_default().to_string(),
                c.categories.join("; "),
                c.sources.len().to_string(),
                c.all_evidence().count().to_string(),
                c.history.len().to_string(),
                c.amounts.len().to_string(),
                date(&c.updated),
                c.corrections.len().to_string(),
                page(d, &urls::entity(Kind::Commitment, &c.id)),
            ]
        }),
    )
}

/// Every quote, with what cites it.
fn evidence(d: &Dossier) -> Vec<u8> {
    let mut rows = Vec::new();
    let mut add = |kind: Kind, id: &Id, part: &str, i: usize, e: &Evidence| {
        let anchor = urls::evidence_anchor(kind, i);
        rows.push([
            kind.singular().to_string(),
            id.clone(),
            part.to_string(),
            anchor.clone(),
            e.source.clone(),
            e.paragraph.to_string(),
            e.citation.to_string(),
            e.speaker.clone().unwrap_or_default(),
            e.quote.clone(),
            markdown(&e.note),
            page(d, &format!("{}#{anchor}", urls::entity(kind, id))),
            page(d, &urls::paragraph(&e.source, e.paragraph)),
        ]);
    };
    for e in d.events.values() {
        for (i, x) in e.evidence.iter().enumerate() {
            add(Kind::Event, &e.id, "evidence", i, x);
        }
    }
    for c in d.commitments.values() {
        let parts = c
            .evidence
            .iter()
            .map(|_| "evidence")
            .chain(
                c.history
                    .iter()
                    .flat_map(|s| s.evidence.iter().map(|_| "history")),
            )
            .chain(
                c.amounts
                    .iter()
                    .flat_map(|a| a.evidence.iter().map(|_| "amount")),
            );
        for (i, (x, part)) in c.all_evidence().zip(parts).enumerate() {
            add(Kind::Commitment, &c.id, part, i, x);
        }
    }
    for x in d.discrepancies.values() {
        for (i, a) in x.accounts.iter().enumerate() {
            add(Kind::Discrepancy, &x.id, "account", i, a);
        }
    }
    table(
        [
            "cited_by_kind",
            "cited_by",
            "part",
            "anchor",
            "source",
            "paragraph",
            "citation",
            "speaker",
            "quote",
            "note",
            "page",
            "source_page",
        ],
        rows.into_iter(),
    )
}

fn actors(d: &Dossier) -> Vec<u8> {
    table(
        [
            "id",
            "name",
            "kind",
            "role",
            "aliases",
            "affiliations",
            "sources",
            "mentions",
            "commitments_made",
            "commitments_received",
            "statements",
            "updated",
            "corrections",
            "page",
        ],
        d.actors.values().map(|a| {
            [
                a.id.clone(),
                a.name.clone(),
                a.kind.name().to_string(),
                a.role.clone().unwrap_or_default(),
                a.aliases.join("; "),
                joined(&a.affiliations),
                a.mentions.len().to_string(),
                a.mentions
                    .iter()
                    .map(|m| m.count)
                    .sum::<usize>()
                    .to_string(),
                a.commitments_made.len().to_string(),
                a.commitments_received.len().to_string(),
                a.statements.len().to_string(),
                date(&a.updated),
                a.corrections.len().to_string(),
                page(d, &urls::entity(Kind::Actor, &a.id)),
            ]
        }),
    )
}

fn sources(d: &Dossier) -> Vec<u8> {
    table(
        [
            "id",
            "title",
            "outlet",
            "author",
            "published",
            "url",
            "language",
            "words",
            "actors_named",
            "quoted_passages",
            "seed",
            "updated",
            "corrections",
            "page",
        ],
        d.sources.values().map(|s| {
            [
                s.id.clone(),
                s.title.clone(),
                s.outlet.clone().unwrap_or_default(),
                s.author.clone().unwrap_or_default(),
                date(&s.published),
                s.url.clone().unwrap_or_default(),
                s.language.clone().unwrap_or_default(),
                s.words.to_string(),
                s.mentioned.len().to_string(),
                s.citations.len().to_string(),
                s.seed.clone(),
                date(&s.updated),
                s.corrections.len().to_string(),
                page(d, &urls::entity(Kind::Source, &s.id)),
            ]
        }),
    )
}

fn events(d: &Dossier) -> Vec<u8> {
    table(
        [
            "id",
            "title",
            "date",
            "end",
            "place",
            "actors",
            "commitments",
            "quotes",
            "updated",
            "corrections",
            "page",
        ],
        d.events_by_date().into_iter().map(|e| {
            [
                e.id.clone(),
                e.title.clone(),
                e.date.iso(),
                date(&e.end),
                e.place.clone().unwrap_or_default(),
                joined(&e.actors),
                joined(&e.commitments),
                e.evidence.len().to_string(),
                date(&e.updated),
                e.corrections.len().to_string(),
                page(d, &urls::entity(Kind::Event, &e.id)),
            ]
        }),
    )
}

fn amounts(d: &Dossier) -> Vec<u8> {
    let rows = d.commitments.values().flat_map(|c| {
        c.amounts.iter().map(move |a| {
            [
                c.id.clone(),
                c.title.clone(),
                joined(&c.by),
                joined(&c.to),
                c.categories.join("; "),
                number(a.value),
                a.currency.clone(),
                a.kind.name().to_string(),
                date(&a.date),
                a.evidence.len().to_string(),
                markdown(&a.note),
                page(d, &urls::entity(Kind::Commitment, &c.id)),
            ]
        })
    });
    table(
        [
            "commitment",
            "title",
            "by",
            "to",
            "categories",
            "value",
            "currency",
            "kind",
            "date",
            "quotes",
            "note",
            "page",
        ],
        rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(1_500_000_000.0), "1500000000");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let t = table(
            ["a", "b"],
            [["x, \"y\"".to_string(), "line\nbreak".to_string()]].into_iter(),
        );
        assert_eq!(
            String::from_utf8(t).unwrap(),
            "a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n"
        );
    }
}
