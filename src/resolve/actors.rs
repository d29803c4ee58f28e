//! Actors: names, kinds, aliases, affiliations (ids checked), and the Markdown of
//! their summaries.

use super::*;

impl Resolver<'_> {
    pub(super) fn actors(&mut self) -> BTreeMap<Id, Actor> {
        let raw = self.raw;
        let ids = ids_of(&raw.actors, raw, "actors");
        let mut out = BTreeMap::new();
        // Every name and alias → the actor that claims it, to refuse ambiguous names.
        let mut names: FxHashMap<String, (&str, &str)> = FxHashMap::default();
        for a in &raw.actors {
            let d = &a.data;
            let kind = ActorKind::ALL
                .into_iter()
                .find(|k| k.name() == d.kind.trim());
            if kind.is_none() {
                let pos = locate::value(&a.text, "kind", 0, d.kind.trim());
                self.err(
                    a,
                    pos,
                    format!(
                        "`kind` must be person, organization, country or group, not `{}`",
                        d.kind
                    ),
                    suggest(d.kind.trim(), ActorKind::ALL.iter().map(|k| k.name())),
                );
            }
            if d.name.trim().is_empty() {
                self.err(
                    a,
                    locate::key(&a.text, "name", 0),
                    "`name` is empty",
                    Some("write the actor's name as readers should see it".into()),
                );
            }
            for aff in &d.affiliations {
                if aff == &a.id {
                    self.err(
                        a,
                        locate::value(&a.text, "affiliations", 0, aff),
                        "an actor cannot be affiliated with itself",
                        None,
                    );
                } else {
                    self.check_id(a, "affiliations", 0, aff, "actor", &ids);
                }
            }
            for (i, l) in d.links.iter().enumerate() {
                self.url(a, "url", i, &l.url);
            }
            for name in std::iter::once(&d.name).chain(&d.aliases) {
                let key = if mentions::is_case_sensitive(name) {
                    name.trim().to_string()
                } else {
                    name.trim().to_ascii_lowercase()
                };
                if key.is_empty() {
                    continue;
                }
                match names.get(&key) {
                    Some((other, _)) if *other != a.id => {
                        let pos = locate::value(&a.text, "aliases", 0, name.trim())
                            .or_else(|| locate::key(&a.text, "name", 0));
                        self.diags.push(
                            Diagnostic::warning(&a.path, format!("the name `{}` is also used by actor `{other}`: its mentions are credited to both", name.trim()))
                                .at(pos)
                                .help("if the sources mean only one of them, keep the name on that one and give the other a fuller alias"),
                        );
                    }
                    _ => {
                        names.insert(key, (a.id.as_str(), name.as_str()));
                    }
                }
            }
            let Some(kind) = kind else { continue };
            // Deduplicated through a set: `contains` on the list took 47 s at 128k.
            let mut seen = std::collections::HashSet::new();
            let aliases: Vec<String> = d
                .aliases
                .iter()
                .map(|al| al.trim())
                .filter(|al| !al.is_empty() && *al != d.name.trim() && seen.insert(*al))
                .map(str::to_string)
                .collect();
            let (corrections, updated) = self.followed(a, &d.corrections, &d.updated);
            out.insert(
                a.id.clone(),
                Actor {
                    id: a.id.clone(),
                    name: d.name.trim().to_string(),
                    kind,
                    aliases,
                    role: non_empty(&d.role),
                    affiliations: d
                        .affiliations
                        .iter()
                        .filter(|x| ids.contains(x.as_str()) && **x != a.id)
                        .cloned()
                        .collect(),
                    summary: md(&d.summary),
                    links: d
                        .links
                        .iter()
                        .filter(|l| html::is_safe_url(&l.url))
                        .map(|l| Link {
                            title: l.title.clone(),
                            url: l.url.trim().to_string(),
                        })
                        .collect(),
                    corrections,
                    updated,
                    members: vec![],
                    mentions: vec![],
                    commitments_made: vec![],
                    commitments_received: vec![],
                    statements: vec![],
                    events: vec![],
                    discrepancies: vec![],
                    related: vec![],
                },
            );
        }
        out
    }
}
