//! The kind of a document, read from its bytes (the extension only breaks a tie
//! between plain text and Markdown). Owns nothing else: no parsing, no file system.

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Pdf,
    Text,
    Markdown,
}

impl Kind {
    /// The extension the original is kept under.
    pub fn ext(self) -> &'static str {
        match self {
            Kind::Html => "html",
            Kind::Pdf => "pdf",
            Kind::Text => "txt",
            Kind::Markdown => "md",
        }
    }
}

/// Why a document's kind could not be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotADocument {
    Empty,
    /// Bytes that are neither a web page, a PDF nor text.
    Binary,
}

/// The kind of `bytes`; `ext` is the file's extension, lowercase, if any.
pub fn detect(bytes: &[u8], ext: &str) -> Result<Kind, NotADocument> {
    let body = strip_bom(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(NotADocument::Empty);
    }
    // PDF readers accept the header anywhere in the first kilobyte.
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Kind::Pdf);
    }
    if looks_like_html(body) {
        return Ok(Kind::Html);
    }
    if looks_like_text(bytes) {
        return Ok(if matches!(ext, "md" | "markdown") {
            Kind::Markdown
        } else {
            Kind::Text
        });
    }
    Err(NotADocument::Binary)
}

fn strip_bom(b: &[u8]) -> &[u8] {
    for bom in [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"] {
        if let Some(rest) = b.strip_prefix(bom) {
            return rest;
        }
    }
    b
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Markup near the start: a doctype, or an `<html>`, `<head>` or `<body>` tag (as
/// UTF-16 too, where every other byte is zero).
fn looks_like_html(body: &[u8]) -> bool {
    let head: Vec<u8> = body
        .iter()
        .take(8192)
        .filter(|b| **b != 0)
        .map(u8::to_ascii_lowercase)
        .collect();
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if head[start..].starts_with(b"<") {
        return [
            &b"<!doctype html"[..],
            b"<html",
            b"<head",
            b"<body",
            b"<meta",
            b"<title",
            b"<!--",
            b"<div",
            b"<p>",
            b"<article",
        ]
        .iter()
        .any(|t| find(&head, t).is_some());
    }
    [&b"<!doctype html"[..], b"<html"]
        .iter()
        .any(|t| find(&head, t).is_some())
}

/// No NUL and few control bytes in the first 64 KB, whatever the encoding.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(65536)];
    if head.contains(&0) {
        return false;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(detect(b"%PDF-1.7\n...", "html"), Ok(Kind::Pdf));
        assert_eq!(
            detect(b"\xEF\xBB\xBF<!DOCTYPE html><p>x", "txt"),
            Ok(Kind::Html)
        );
        assert_eq!(detect(b"  <html lang=uk>", ""), Ok(Kind::Html));
        assert_eq!(detect(b"Headline\n\nText.", "md"), Ok(Kind::Markdown));
        assert_eq!(detect(b"Headline\n\nText.", "html"), Ok(Kind::Text));
        assert_eq!(detect(b"", "html"), Err(NotADocument::Empty));
        assert_eq!(detect(b" \n\t", "txt"), Err(NotADocument::Empty));
        assert_eq!(
            detect(b"\x7fELF\x02\x01\x01\0\0\0", "pdf"),
            Err(NotADocument::Binary)
        );
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ""),
            Err(NotADocument::Binary)
        );
    }
}
