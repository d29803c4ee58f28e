//! Long index lists split into pages: a list page's view (as Tera values) cut into
//! pages of `list_page_size` rows, each with its pager, written beside the first
//! (`sources/index.html`, `sources/page-2.html`, …: same folder, so every row's links
//! are the same on every page and in the list's data script, `rows.js`). A list no
//! longer than a page is left exactly as it was: no pager, no script. Owns the cutting,
//! the pager and the data script; what a row is belongs to each page's builder, how it
//! looks to its template, how a reader filters it to `assets/filter.js`.

use std::io::Write;

use serde::Serialize;
use tera::{Map, Value};

/// Which list of a page's view is paged.
#[derive(Clone, Copy)]
pub struct Paging {
    /// The key of the list in the view (`sources`, `groups`, `days`).
    pub list: &'static str,
    /// If the list is of groups: the key of each group's rows (`actors`, `items`).
    pub items: Option<&'static str>,
    /// Keys of the view shown on the first page only.
    pub first_only: &'static [&'static str],
    /// Keys of the view shown on the last page only (what follows the list).
    pub last_only: &'static [&'static str],
    /// What the list's data script holds when paged, for the filters to search every
    /// row (`filter.js`).
    pub data: Rows,
}

/// The rows of a paged list's data script.
#[derive(Clone, Copy)]
pub enum Rows {
    /// None: the list has no filters.
    None,
    /// These fields of each row (a path such as `published.iso`), for a list that
    /// `filter.js` knows how to draw (the sources).
    Fields(&'static [&'static str]),
    /// Each row's HTML as the unpaged page has it (each `data-item` element).
    Html,
}

/// The data script of a paged list, beside its pages: `dossierRows([[field, …], …])`
/// or `dossierRows(["<tr …>…</tr>", …])` (see [`Rows`]).
pub const DATA_FILE: &str = "rows.js";

/// The data script of the list whose first page is `first` (beside it).
pub fn data_path(first: &str) -> String {
    page_path(first, 1).replace("index.html", DATA_FILE)
}

/// The file of page `n` (from 1) of the list whose first page is `first`.
pub fn page_path(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    let dir = first.rsplit_once('/').map_or("", |(d, _)| d);
    if dir.is_empty() {
        format!("page-{n}.html")
    } else {
        format!("{dir}/page-{n}.html")
    }
}

/// Whether `path` is a later page of a paged list (`…/page-N.html`).
pub fn is_later_page(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_prefix("page-")
        .and_then(|n| n.strip_suffix(".html"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A page's link to page `n` of its list (all pages are in one folder).
fn href(first: &str, n: usize) -> String {
    let path = page_path(first, n);
    path.rsplit_once('/')
        .map_or(path.clone(), |(_, f)| f.to_string())
}

#[derive(Serialize)]
struct Pager {
    number: usize,
    count: usize,
    /// Rows in the whole list, and this page's first and last (from 1).
    total: usize,
    from: usize,
    to: usize,
    first: Option<String>,
    prev: Option<String>,
    next: Option<String>,
    last: Option<String>,
    /// The first and last page, and those near this one; `None` for a gap.
    links: Vec<Option<PagerLink>>,
    /// Every group of the list (without its rows): `n` its place (from 1), `page_href`
    /// the page it starts on.
    groups: Vec<Value>,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    href: String,
    current: bool,
}

/// How many rows `view`'s list has.
pub fn rows(view: &Value, p: &Paging) -> usize {
    let Some(list) = view.get_from_path(p.list).and_then(Value::as_array) else {
        return 0;
    };
    match p.items {
        None => list.len(),
        Some(k) => list
            .iter()
            .map(|g| g.get_from_path(k).and_then(Value::len).unwrap_or(0))
            .sum(),
    }
}

/// The pages of the list view `view` whose first page is at `first`, `size` rows each:
/// (path, view). One page, `view` itself, if the list fits.
pub fn split(view: &Value, p: &Paging, first: &str, size: usize) -> Vec<(String, Value)> {
    let total = rows(view, p);
    let (Some(map), Some(list)) = (
        view.as_map(),
        view.get_from_path(p.list).and_then(Value::as_array),
    ) else {
        return vec![(first.to_string(), view.clone())];
    };
    if total <= size {
        return vec![(first.to_string(), view.clone())];
    }
    let count = total.div_ceil(size);
    // The rows in order, each with its group's place.
    let flat: Vec<(usize, &Value)> = match p.items {
        None => list.iter().map(|r| (0, r)).collect(),
        Some(k) => list
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| {
                g.get_from_path(k)
                    .and_then(Value::as_array)
                    .unwrap_or_default()
                    .iter()
                    .map(move |r| (gi, r))
            })
            .collect(),
    };
    let groups: Vec<Value> = match p.items {
        None => Vec::new(),
        Some(k) => {
            let mut start = 0;
            list.iter()
                .enumerate()
                .map(|(gi, g)| {
                    let n = g.get_from_path(k).and_then(Value::len).unwrap_or(0);
                    let mut m = without(g, &[k]);
                    m.insert("n".into(), Value::from(gi + 1));
                    let on = start.min(total.saturating_sub(1)) / size + 1;
                    m.insert("page_href".into(), Value::from(href(first, on)));
                    start += n;
                    Value::from(m)
                })
                .collect()
        }
    };
    (1..=count)
        .map(|n| {
            let rows = &flat[(n - 1) * size..(n * size).min(total)];
            let page_list: Vec<Value> = match p.items {
                None => rows.iter().map(|(_, r)| (*r).clone()).collect(),
                Some(k) => regroup(list, rows, k),
            };
            let mut hide: Vec<&str> = Vec::new();
            if n > 1 {
                hide.extend(p.first_only);
            }
            if n < count {
                hide.extend(p.last_only);
            }
            let mut m = emptied(map, &hide);
            m.insert(p.list.into(), Value::from(page_list));
            let link = |i: usize| (i != n).then(|| href(first, i));
            let pager = Pager {
                number: n,
                count,
                total,
                from: (n - 1) * size + 1,
                to: (n * size).min(total),
                first: link(1),
                prev: (n > 1).then(|| href(first, n - 1)),
                next: (n < count).then(|| href(first, n + 1)),
                last: link(count),
                links: links(first, n, count),
                groups: groups.clone(),
            };
            m.insert("pager".into(), Value::from_serializable(&pager));
            (page_path(first, n), Value::from(m))
        })
        .collect()
}

/// Renders the pages of paged job `j` (its view in `ctx`), handing each to `sink`, and
/// the list's data script if it has more than one page.
pub(in crate::render) fn render(
    d: &crate::model::Dossier,
    t: &super::super::Templates,
    j: &super::Job,
    p: &Paging,
    mut ctx: tera::Context,
    sink: &dyn super::super::Sink,
) -> Vec<(String, Result<(), tera::Error>)> {
    let view = ctx.remove("page").unwrap_or_else(Value::undefined);
    let pages = split(&view, p, &j.path, d.meta.list_page_size);
    let mut out = Vec::with_capacity(pages.len() + 1);
    // Not made for a sink that keeps nothing (`check`).
    if pages.len() > 1 && sink.keeps() {
        let path = data_path(&j.path);
        match p.data {
            Rows::None => {}
            Rows::Fields(fields) => {
                sink.put_written(&path, &|w| write_data(&view, p, fields, w));
                out.push((path, Ok(())));
            }
            Rows::Html => {
                // The whole list as one page, cut into its rows.
                ctx.insert_value("page", view.clone());
                let mut html = Vec::new();
                match t.tera.render_to(j.template, &ctx, &mut html) {
                    Ok(()) => {
                        let html = String::from_utf8_lossy(&html);
                        let rows = items(&html);
                        let mut js = b"dossierRows(".to_vec();
                        serde_json::to_writer(&mut js, &rows).expect("strings serialise");
                        js.extend_from_slice(b");\n");
                        sink.put(&path, super::super::Bytes::new(js));
                        out.push((path, Ok(())));
                    }
                    Err(e) => out.push((path, Err(e))),
                }
            }
        }
    }
    drop(view);
    let crumbs = ctx.get("crumbs").cloned();
    for (path, v) in pages {
        let n = pager_field(&v, "number").and_then(Value::as_u64);
        if let (Some(n), Some(crumbs)) = (n.filter(|n| *n > 1), &crumbs) {
            ctx.insert_value(
                "crumbs",
                page_crumbs(crumbs, t, n, pager_field(&v, "count")),
            );
        }
        ctx.insert_value("page", v);
        let mut html = Vec::with_capacity(1 << 16);
        let done = t.tera.render_to(j.template, &ctx, &mut html);
        let done = done.map(|()| sink.put(&path, super::super::Bytes::new(html)));
        out.push((path, done));
    }
    out
}

/// Field `f` of the pager of page view `v`.
fn pager_field<'v>(v: &'v Value, f: &'v str) -> Option<&'v Value> {
    v.get_from_path("pager")?.get_from_path(f)
}

/// The crumbs of page `n` of a list: the list's own page as a link, then "Page n of m".
fn page_crumbs(
    crumbs: &Value,
    t: &super::super::Templates,
    n: u64,
    count: Option<&Value>,
) -> Value {
    let mut all: Vec<Value> = crumbs.as_array().map(<[Value]>::to_vec).unwrap_or_default();
    if let Some(last) = all.pop() {
        let title = last
            .get_from_path("title")
            .cloned()
            .unwrap_or_else(Value::undefined);
        let mut list = Map::new();
        list.insert("title".into(), title.clone());
        list.insert("href".into(), Value::from("index.html"));
        all.push(Value::from(list));
        let count = count.and_then(Value::as_u64).unwrap_or(n);
        let mut this = Map::new();
        let list = title.as_str().unwrap_or_default().to_string();
        let text = t.strings.fill(
            "pager.title",
            &[("list", &list), ("n", &n), ("count", &count)],
        );
        this.insert("title".into(), Value::from(text));
        this.insert("href".into(), Value::none());
        all.push(Value::from(this));
    }
    Value::from(all)
}

/// `dossierRows([...])`: each row of the list as an array of the `p.data` fields (a
/// path such as `published.iso`; `null` where a row has none).
fn write_data(
    view: &Value,
    p: &Paging,
    fields: &[&str],
    mut w: &mut dyn Write,
) -> std::io::Result<()> {
    w.write_all(b"dossierRows([")?;
    let list = view
        .get_from_path(p.list)
        .and_then(Value::as_array)
        .unwrap_or_default();
    let rows = list.iter().flat_map(|g| match p.items {
        None => std::slice::from_ref(g).iter(),
        Some(k) => g
            .get_from_path(k)
            .and_then(Value::as_array)
            .unwrap_or_default()
            .iter(),
    });
    let none = Value::none();
    for (i, r) in rows.enumerate() {
        w.write_all(if i == 0 { b"\n[" } else { b",\n[" })?;
        for (f, field) in fields.iter().enumerate() {
            if f > 0 {
                w.write_all(b",")?;
            }
            let v = r
                .get_from_path(field)
                .filter(|v| !v.is_undefined())
                .unwrap_or(&none);
            serde_json::to_writer(&mut w, v)?;
        }
        w.write_all(b"]")?;
    }
    w.write_all(b"]);\n")?;
    w.flush()
}

/// Each element of `html` that has a `data-item` attribute, whole, in order.
fn items(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(" data-item").map(|i| i + from) {
        from = i + 1;
        let Some(start) = html[..i].rfind('<') else {
            continue;
        };
        // An attribute of the tag that opens at `start`, not text.
        if html[start..i].contains('>') {
            continue;
        }
        let name_end = html[start + 1..]
            .find(|c: char| c.is_ascii_whitespace())
            .map_or(html.len(), |e| start + 1 + e);
        let close = format!("</{}>", &html[start + 1..name_end]);
        let Some(end) = html[i..].find(&close).map(|e| i + e + close.len()) else {
            continue;
        };
        out.push(&html[start..end]);
        from = end;
    }
    out
}

/// Page 1, the last, and those within two of `n`; a `None` between them for a gap.
fn links(first: &str, n: usize, count: usize) -> Vec<Option<PagerLink>> {
    let mut out = Vec::new();
    let mut last = 0;
    for i in 1..=count {
        if i == 1 || i == count || i.abs_diff(n) <= 2 {
            if i > last + 1 {
                out.push(None);
            }
            out.push(Some(PagerLink {
                number: i,
                href: href(first, i),
                current: i == n,
            }));
            last = i;
        }
    }
    out
}

/// `rows` (each with its group's place in `groups`) as groups again: each group's
/// fields with only these rows.
fn regroup(groups: &[Value], rows: &[(usize, &Value)], k: &'static str) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let gi = rows[i].0;
        let j = i + rows[i..].iter().take_while(|(g, _)| *g == gi).count();
        let mut m = without(&groups[gi], &[k]);
        m.insert("n".into(), Value::from(gi + 1));
        let these: Vec<Value> = rows[i..j].iter().map(|(_, r)| (*r).clone()).collect();
        m.insert(k.into(), Value::from(these));
        out.push(Value::from(m));
        i = j;
    }
    out
}

fn without(v: &Value, keys: &[&str]) -> Map {
    v.as_map()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !k.as_str().is_some_and(|k| keys.contains(&k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// `m` with the values at `keys` emptied (an empty list), so that templates that test
/// their length still can.
fn emptied(m: &Map, keys: &[&str]) -> Map {
    m.iter()
        .map(|(k, v)| match k.as_str() {
            Some(name) if keys.contains(&name) => (k.clone(), Value::from(Vec::<Value>::new())),
            _ => (k.clone(), v.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(n: usize) -> Value {
        Value::from_serializable(&serde_json::json!({
            "outlets": ["a"],
            "sources": (1..=n).collect::<Vec<_>>(),
        }))
    }

    const SOURCES: Paging = Paging {
        list: "sources",
        items: None,
        first_only: &[],
        last_only: &[],
        data: Rows::None,
    };

    #[test]
    fn a_list_that_fits_is_one_page_unchanged() {
        let v = flat(5);
        let pages = split(&v, &SOURCES, "sources/index.html", 5);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, "sources/index.html");
        assert!(pages[0]
            .1
            .get_from_path("pager")
            .is_none_or(|p| p.is_undefined()));
    }

    #[test]
    fn every_row_is_on_exactly_one_page_in_order() {
        let pages = split(&flat(7), &SOURCES, "sources/index.html", 3);
        let paths: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sources/index.html",
                "sources/page-2.html",
                "sources/page-3.html"
            ]
        );
        let rows: Vec<u64> = pages
            .iter()
            .flat_map(|(_, v)| {
                v.get_from_path("sources")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .to_vec()
            })
            .map(|r| r.as_u64().unwrap())
            .collect();
        assert_eq!(rows, (1..=7).collect::<Vec<_>>());
        let pager = pages[1].1.get_from_path("pager").unwrap();
        assert_eq!(
            pager.get_from_path("prev").unwrap().as_str(),
            Some("index.html")
        );
        assert_eq!(
            pager.get_from_path("next").unwrap().as_str(),
            Some("page-3.html")
        );
        assert_eq!(pager.get_from_path("from").unwrap().as_u64(), Some(4));
    }

    #[test]
    fn groups_are_cut_and_kept_whole_in_the_summary() {
        let v = Value::from_serializable(&serde_json::json!({
            "groups": [{"kind": "a", "items": [1, 2]}, {"kind": "b", "items": [3, 4, 5]}],
        }));
        let p = Paging {
            list: "groups",
            items: Some("items"),
            first_only: &[],
            last_only: &[],
            data: Rows::None,
        };
        let pages = split(&v, &p, "x/index.html", 3);
        assert_eq!(pages.len(), 2);
        let second = pages[1]
            .1
            .get_from_path("groups")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].get_from_path("kind").unwrap().as_str(), Some("b"));
        assert_eq!(second[0].get_from_path("n").unwrap().as_u64(), Some(2));
        let summary = pager_field(&pages[1].1, "groups")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(summary.len(), 2);
        assert_eq!(
            summary[1].get_from_path("page_href").unwrap().as_str(),
            Some("index.html")
        );
    }

    #[test]
    fn items_are_the_whole_data_item_elements() {
        let html = "<ul><li class=\"card\" data-item data-kind=\"|a|\"><a>A data-item</a></li>\n<li>no</li><li data-item>B</li></ul>";
        assert_eq!(
            items(html),
            [
                "<li class=\"card\" data-item data-kind=\"|a|\"><a>A data-item</a></li>",
                "<li data-item>B</li>"
            ]
        );
    }

    #[test]
    fn pager_links_keep_the_ends_and_mark_gaps() {
        let l = links("s/index.html", 10, 20);
        let shown: Vec<Option<usize>> = l.iter().map(|x| x.as_ref().map(|x| x.number)).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
    }
}
