//! Remote resources in content: an image, script, frame or media file that Markdown
//! (or HTML in it) loads from another host makes every reader's browser call that
//! host. Each is a warning at its file and line, unless its host is in the dossier's
//! `allowed_hosts`; the Content-Security-Policy of every page blocks the rest. Links
//! (`[text](https://…)`) load nothing and are not reported.

use pulldown_cmark::{Event, Parser, Tag};

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::load::Raw;

/// Warns of each remote resource in `raw`'s content files whose host `allowed` lacks.
pub fn check(raw: &Raw, allowed: &[String], diags: &mut Diagnostics) {
    check_files(raw.content_files(), allowed, diags);
}

/// [`check`] for some files: each one's path and text.
pub fn check_files<'a>(
    files: impl Iterator<Item = (&'a Path, &'a str)>,
    allowed: &[String],
    diags: &mut Diagnostics,
) {
    for (path, text) in files {
        for (offset, what, url) in remote_resources(text) {
            let Some(host) = host_of(&url) else { continue };
            if allowed.iter().any(|a| a.eq_ignore_ascii_case(&host)) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    path,
                    format!("{what} loaded from another host ({host}): every reader's browser would call it, and the pages' Content-Security-Policy blocks it"),
                )
                .at(Some(Pos::of_offset(text, offset)))
                .help(format!("link to it instead (`[text]({url})`), or, if readers may call {host}, add it to `allowed_hosts` in content/dossier.yaml")),
            );
        }
    }
}

/// Each remote resource in `text`: its byte offset, what it is, and its URL.
pub fn remote_resources(text: &str) -> Vec<(usize, &'static str, String)> {
    let mut found = Vec::new();
    // Only an image (`![`) or HTML (`<`) can load anything.
    if !text.contains("![") && !text.contains('<') {
        return found;
    }
    for (ev, range) in Parser::new(text).into_offset_iter() {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) if is_remote(&dest_url) => {
                found.push((range.start, "an image", dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (at, what, url) in html_sources(&html) {
                    found.push((range.start + at, what, url));
                }
            }
            _ => {}
        }
    }
    found
}

/// Remote `src`/`srcset`/`data`/`poster` (and a stylesheet's `href`) in raw HTML.
fn html_sources(html: &str) -> Vec<(usize, &'static str, String)> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    for (tag_at, _) in lower.match_indices('<') {
        let tag_end = lower[tag_at..]
            .find('>')
            .map_or(lower.len(), |e| tag_at + e);
        let tag = &lower[tag_at + 1..tag_end];
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let what = match name.as_str() {
            "img" | "picture" | "source" => "an image",
            "script" => "a script",
            "iframe" | "frame" | "embed" | "object" => "a frame",
            "video" | "audio" | "track" => "a media file",
            "link" => "a stylesheet",
            _ => continue,
        };
        for attr in ["src=", "srcset=", "data=", "poster=", "href="] {
            if attr == "href=" && name != "link" {
                continue;
            }
            for (a, _) in tag.match_indices(attr) {
                if a > 0 && !tag.as_bytes()[a - 1].is_ascii_whitespace() {
                    continue;
                }
                let start = tag_at + 1 + a + attr.len();
                let raw = &html[start..tag_end];
                let value = match raw.chars().next() {
                    Some(q @ ('"' | '\'')) => raw[1..].split(q).next().unwrap_or(""),
                    _ => raw.split(|c: char| c.is_whitespace()).next().unwrap_or(""),
                };
                if is_remote(value) {
                    out.push((tag_at, what, value.to_string()));
                }
            }
        }
    }
    out
}

/// An absolute `http(s)://` or scheme-relative `//` URL.
fn is_remote(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://") || u.starts_with("//")
}

/// The host of a remote URL, lowercase, without user or port.
pub fn host_of(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = u.split_once("//")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_string()
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_images_and_scripts_are_found_and_links_are_not() {
        let text = "summary: |\n  Look ![x](https://elsewhere.example/track.png) and [a link](https://ok.example/).\n  <img src='//cdn.example/p.gif'> <script src=\"http://js.example/a.js\"></script>\n  ![local](assets/a.png)\n";
        let found: Vec<(&str, String)> = remote_resources(text)
            .into_iter()
            .map(|(_, w, u)| (w, host_of(&u).unwrap()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("an image", "elsewhere.example".to_string()),
                ("an image", "cdn.example".to_string()),
                ("a script", "js.example".to_string()),
            ]
        );
        assert!(remote_resources("url: https://example.org/a\n").is_empty());
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://A.Example:8443/x?y").as_deref(),
            Some("a.example")
        );
        assert_eq!(
            host_of("//u:p@cdn.example/x").as_deref(),
            Some("cdn.example")
        );
        assert_eq!(host_of("https://").as_deref(), None);
    }
}
