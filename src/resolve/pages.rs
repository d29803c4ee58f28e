//! The dossier's own fields (`dossier.yaml`) and its free Markdown pages (slugs that
//! collide with the site's folders refused).

use super::*;

impl Resolver<'_> {
    pub(super) fn meta(&mut self) -> Meta {
        let Some(m) = &self.raw.meta else {
            return Meta {
                title: "Untitled dossier".into(),
                description: None,
                language: "en".into(),
                base_url: None,
                allowed_hosts: Vec::new(),
                list_page_size: LIST_PAGE_SIZE,
            };
        };
        let base_url = non_empty(&m.data.base_url).map(|u| u.trim_end_matches('/').to_string());
        if let Some(u) = &base_url {
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(char::is_whitespace)
            {
                self.err(
                    m,
                    locate::key(&m.text, "base_url", 0),
                    "`base_url` must be an absolute web address, like https://example.org/dossier",
                    None,
                );
            }
        }
        let language = non_empty(&m.data.language).unwrap_or_else(|| "en".into());
        if !language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            self.err(
                m,
                locate::key(&m.text, "language", 0),
                format!("`language` must be a language tag like `en` or `uk`, not `{language}`"),
                None,
            );
        }
        if m.data.list_page_size == Some(0) {
            self.err(
                m,
                locate::key(&m.text, "list_page_size", 0),
                "`list_page_size` is the number of rows a list page holds: a whole number above 0",
                Some(format!("leave it out for {LIST_PAGE_SIZE}")),
            );
        }
        Meta {
            title: m.data.title.trim().to_string(),
            description: md(&m.data.description),
            language,
            base_url,
            allowed_hosts: self.allowed_hosts(),
            list_page_size: m.data.list_page_size.unwrap_or(LIST_PAGE_SIZE).max(1),
        }
    }

    /// `allowed_hosts`, lowercase; a value that is not a bare host name is an error.
    pub(super) fn allowed_hosts(&mut self) -> Vec<String> {
        let raw = self.raw;
        let Some(m) = &raw.meta else {
            return Vec::new();
        };
        let mut hosts = Vec::new();
        for (i, h) in m.data.allowed_hosts.iter().enumerate() {
            let h = h.trim().to_ascii_lowercase();
            if h.is_empty()
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            {
                self.err(
                    m,
                    locate::value(&m.text, "allowed_hosts", i, &h),
                    format!("`{h}` is not a host name"),
                    Some(
                        "write the host alone, like `images.example.org` (no https://, no path)"
                            .into(),
                    ),
                );
                continue;
            }
            hosts.push(h);
        }
        hosts
    }

    pub(super) fn pages(&mut self) -> BTreeMap<Id, Page> {
        let mut out = BTreeMap::new();
        for p in &self.raw.pages {
            let RawPage { meta, body } = &*p.data;
            if RESERVED_SLUGS.contains(&p.id.as_str()) {
                self.err(
                    p,
                    None,
                    format!(
                        "the page slug `{}` collides with the site's own `{}/` folder",
                        p.id, p.id
                    ),
                    Some(format!(
                        "rename {} (e.g. to `about-{}.md`)",
                        p.path.display(),
                        p.id
                    )),
                );
                continue;
            }
            out.insert(
                p.id.clone(),
                Page {
                    slug: p.id.clone(),
                    title: meta.title.trim().to_string(),
                    summary: non_empty(&meta.summary),
                    weight: meta.weight.unwrap_or(0),
                    body: Markdown {
                        markdown: body.clone(),
                        html: html::markdown(body),
                    },
                },
            );
        }
        out
    }
}
