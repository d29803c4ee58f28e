//! A PDF → its text layer in reading order, and its Title / Author / CreationDate.
//! `pdf-extract` decodes the glyphs (fonts, encodings) and hands each with its
//! position to [`Collector`]; the layout is ours: lines, columns, table rows, page
//! headers and footers, paragraphs, hyphenation at line ends. Ours too: what
//! pdf-extract gets wrong or leaves out (CID width runs, pages whose fonts make it
//! panic, filled-in form fields). Refuses encrypted PDFs and PDFs without a text
//! layer. Touches no file.

use std::collections::HashMap;

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::{Document as Doc, Meta};

/// Why a PDF gives no text.
#[derive(Debug)]
pub enum Refusal {
    Encrypted,
    /// No text layer: a scan, or pages of images.
    NoText,
    /// Damaged or truncated: `lopdf` could not read it.
    Unreadable(String),
}

/// One glyph, in page coordinates with y growing downwards.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    /// Advance width, in page units.
    w: f64,
    size: f64,
    /// The font gave the glyph's width (else `w` is a guess).
    known: bool,
    text: String,
}

/// Glyphs of every page, in content-stream order.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: Option<Transform>,
    /// The page's box (x0, y0, x1, y1), in PDF units: text outside it is not shown.
    bounds: (f64, f64, f64, f64),
}

#[derive(Default)]
struct Page {
    width: f64,
    /// Where y = 0 lies in PDF units (y grows downwards from it).
    top: f64,
    glyphs: Vec<Glyph>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _num: u32,
        media: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = Some(Transform::row_major(
            1.,
            0.,
            0.,
            -1.,
            0.,
            media.ury - media.lly,
        ));
        self.bounds = (
            media.llx.min(media.urx),
            media.lly.min(media.ury),
            media.llx.max(media.urx),
            media.lly.max(media.ury),
        );
        self.pages.push(Page {
            width: (media.urx - media.llx).abs(),
            top: media.ury - media.lly,
            glyphs: Vec::new(),
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let (Some(flip), Some(page)) = (self.flip, self.pages.last_mut()) else {
            return Ok(());
        };
        let p = trm.post_transform(&flip);
        // The side of a square with the area of the font's transformed em square.
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        if !size.is_finite() || size <= 0.0 || !p.m31.is_finite() || !p.m32.is_finite() {
            return Ok(());
        }
        let (x0, y0, x1, y1) = self.bounds;
        let (x, y) = (trm.m31, trm.m32);
        let slack = 0.5 * size;
        if x > x1 + slack || x < x0 - size - slack || y > y1 + slack || y < y0 - slack {
            // Off the page: a viewer shows none of it (nor does pdftotext).
            return Ok(());
        }
        // Private-use code points are glyphs with no meaning as text (icons);
        // ligatures are their letters.
        let mut text: String = text
            .chars()
            .filter(|c| {
                !matches!(*c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) && *c != '\u{FFFD}'
            })
            .collect();
        if text.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
            text = text
                .replace('\u{FB00}', "ff")
                .replace('\u{FB01}', "fi")
                .replace('\u{FB02}', "fl")
                .replace('\u{FB03}', "ffi")
                .replace('\u{FB04}', "ffl")
                .replace(['\u{FB05}', '\u{FB06}'], "st");
        }
        if text.is_empty() {
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x: p.m31,
            y: p.m32,
            // Some subset fonts give no width for some glyphs: half an em, then.
            w: if width > 0.0 {
                width * size
            } else {
                0.5 * size
            },
            size,
            known: width > 0.0,
            text,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// The largest PDF a text layer is read from.
const MAX_PAGES: usize = 2000;

/// The text and metadata of a PDF.
pub fn extract(bytes: &[u8]) -> Result<Doc, Refusal> {
    // pdf-extract and lopdf panic on some damaged files: a panic here is a refusal.
    super::quietly(|| extract_inner(bytes)).unwrap_or_else(|| {
        Err(Refusal::Unreadable(
            "its structure could not be read".to_string(),
        ))
    })
}

fn extract_inner(bytes: &[u8]) -> Result<Doc, Refusal> {
    let mut doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => {
            if find(bytes, b"/Encrypt").is_some() {
                return Err(Refusal::Encrypted);
            }
            // Text needs a font: images and no font anywhere (none hidden in a
            // compressed object stream either) is a scan, however damaged.
            if find(bytes, b"/Font").is_none()
                && find(bytes, b"/ObjStm").is_none()
                && find(bytes, b"/Image").is_some()
            {
                return Err(Refusal::NoText);
            }
            return Err(Refusal::Unreadable(e.to_string()));
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Refusal::Encrypted);
    }
    cid_widths_as_lists(&mut doc);
    if doc.get_pages().len() > MAX_PAGES {
        return Err(Refusal::Unreadable(format!(
            "it has more than {MAX_PAGES} pages"
        )));
    }
    let mut c = Collector::default();
    // Page by page: a page whose fonts pdf-extract cannot read (it panics) is read
    // again with its fonts simplified, else as bare text, else left out with a
    // warning, instead of the whole document.
    let mut lost: Vec<u32> = Vec::new();
    let mut bare: Vec<u32> = Vec::new();
    let mut first_error = None;
    let mut simpler: [Option<Document>; 2] = [None, None];
    for (num, id) in doc.get_pages() {
        let read = read_page(&doc, &mut c, num, &mut first_error)
            || (0..2).any(|strip| {
                let d = simpler[strip].get_or_insert_with(|| simplified(&doc, strip == 1));
                read_page(d, &mut c, num, &mut first_error)
            })
            || match super::quietly(|| doc.extract_text(&[num])) {
                Some(Ok(text)) if text.chars().any(char::is_alphanumeric) => {
                    c.pages.push(bare_page(&text));
                    bare.push(num);
                    true
                }
                _ => false,
            };
        match c.pages.last_mut() {
            Some(page) if read => {
                let values =
                    super::quietly(|| field_values(&doc, id, page.top)).unwrap_or_default();
                page.glyphs.extend(values);
            }
            _ => lost.push(num),
        }
    }
    if c.pages.is_empty() && !lost.is_empty() {
        return Err(if doc.is_encrypted() {
            Refusal::Encrypted
        } else {
            Refusal::Unreadable(first_error.unwrap_or_else(|| "its fonts could not be read".into()))
        });
    }
    let meta = metadata(&doc);
    let paragraphs = layout(&c.pages);
    let letters: usize = paragraphs
        .iter()
        .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters == 0 {
        return Err(if doc.is_encrypted() {
            Refusal::Encrypted
        } else {
            Refusal::NoText
        });
    }
    let mut warnings = Vec::new();
    if !lost.is_empty() {
        warnings.push(format!(
            "the text of {} could not be read and is missing from the seed: compare with the PDF",
            pages_list(&lost)
        ));
    }
    if !bare.is_empty() {
        warnings.push(format!(
            "the text of {} was read without its layout (its fonts could not be read): compare with the PDF",
            pages_list(&bare)
        ));
    }
    Ok(Doc {
        meta,
        paragraphs,
        warnings,
    })
}

/// Rewrites the `first last width` runs of CID fonts' `/W` arrays as `first
/// [width …]` lists: pdf-extract 0.12 misreads the run form (Chrome's and Google
/// Docs' PDFs use it for the space), so those glyphs got the default width and
/// every line drifted right of where its words are.
fn cid_widths_as_lists(doc: &mut Document) {
    let mut arrays: Vec<pdf_extract::ObjectId> = Vec::new();
    let mut direct: Vec<pdf_extract::ObjectId> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(d) = obj else { continue };
        let cid = matches!(
            d.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(b"CIDFontType0" | b"CIDFontType2")
        );
        match d.get(b"W") {
            Ok(Object::Reference(r)) if cid => arrays.push(*r),
            Ok(Object::Array(_)) if cid => direct.push(*id),
            _ => {}
        }
    }
    for id in arrays {
        if let Some(Object::Array(w)) = doc.objects.get_mut(&id) {
            *w = as_lists(w);
        }
    }
    for id in direct {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&id) {
            if let Ok(Object::Array(w)) = d.get_mut(b"W") {
                *w = as_lists(w);
            }
        }
    }
}

fn as_lists(w: &[Object]) -> Vec<Object> {
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        match (w.get(i + 1), w.get(i + 2)) {
            (Some(Object::Array(list)), _) => {
                out.push(w[i].clone());
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            (Some(last), Some(width)) => {
                if let (Some(first), Some(last), Some(width)) = (num(&w[i]), num(last), num(width))
                {
                    // At most 65536 CIDs: a damaged range is not blown up.
                    let n = (last - first + 1.0).clamp(0.0, 65536.0) as usize;
                    out.push(w[i].clone());
                    out.push(Object::Array(vec![Object::Real(width as f32); n]));
                }
                i += 3;
            }
            _ => break,
        }
    }
    out
}

/// What was typed into the text fields of a filled-in form on a page (their
/// values, which pdf-extract does not read), each where its field is.
fn field_values(doc: &Document, page: pdf_extract::ObjectId, top: f64) -> Vec<Glyph> {
    let deref = |o: &'_ Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            o => Some(o.clone()),
        }
    };
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let Some(Object::Array(annots)) = doc
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Annots").ok())
        .and_then(deref)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in annots.iter().filter_map(deref) {
        let Object::Dictionary(a) = a else { continue };
        let hidden = a
            .get(b"F")
            .ok()
            .and_then(num)
            .is_some_and(|f| f as i64 & (2 | 32) != 0); // Hidden, NoView
        if a.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget") || hidden {
            continue;
        }
        // The value and the field's type may sit on the widget or on its parent field.
        let (mut value, mut kind, mut da) = (None, None, None);
        let mut field = Some(a.clone());
        for _ in 0..8 {
            let Some(f) = field.take() else { break };
            value = value.or_else(|| f.get(b"V").ok().and_then(deref));
            kind = kind.or_else(|| f.get(b"FT").ok().and_then(deref));
            da = da.or_else(|| f.get(b"DA").ok().and_then(deref));
            field = match f.get(b"Parent").ok().and_then(deref) {
                Some(Object::Dictionary(p)) => Some(p),
                _ => None,
            };
        }
        let Some(Object::String(value, _)) = value else {
            continue;
        };
        let text_field = match &kind {
            None => true,
            Some(Object::Name(n)) => n.as_slice() == b"Tx" || n.as_slice() == b"Ch",
            Some(_) => false,
        };
        if !text_field {
            continue;
        }
        let rect: Vec<f64> = match a.get(b"Rect").ok().and_then(deref) {
            Some(Object::Array(r)) => r
                .iter()
                .filter_map(|o| deref(o).as_ref().and_then(num))
                .collect(),
            _ => continue,
        };
        let [x0, y0, _, y1] = rect[..] else { continue };
        let (low, high) = (y0.min(y1), y0.max(y1));
        // The size the form asks for ("/Helv 12 Tf"), else one that fits the box.
        let asked = match da {
            Some(Object::String(da, _)) => {
                let da = String::from_utf8_lossy(&da).into_owned();
                let words: Vec<&str> = da.split_whitespace().collect();
                words
                    .iter()
                    .position(|w| *w == "Tf")
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| words[i].parse::<f64>().ok())
            }
            _ => None,
        };
        let size = asked
            .filter(|s| *s > 0.0)
            .unwrap_or((0.6 * (high - low)).clamp(4.0, 24.0));
        let text = pdf_string(&value);
        for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let y = high - 1.2 * size * (i + 1) as f64 + 0.2 * size;
            out.push(Glyph {
                x: x0 + 2.0,
                y: top - y.max(low),
                w: 0.5 * size * line.chars().count() as f64,
                size,
                known: false,
                text: line.to_string(),
            });
        }
    }
    out
}

/// Reads one page into `c`; false (and `c` as it was) if pdf-extract fails or panics.
fn read_page(doc: &Document, c: &mut Collector, num: u32, error: &mut Option<String>) -> bool {
    let before = c.pages.len();
    match super::quietly(|| pdf_extract::output_doc_page(doc, c, num)) {
        Some(Ok(())) => true,
        Some(Err(e)) => {
            error.get_or_insert(e.to_string());
            c.pages.truncate(before);
            false
        }
        None => {
            c.pages.truncate(before);
            false
        }
    }
}

/// The document with its simple fonts reduced to what pdf-extract reads without
/// panicking: an encoding it knows where the font names none or another (its
/// ToUnicode map, when there is one, still decides); with `strip`, no embedded
/// font programs either (their glyph tables are the other thing that fails).
fn simplified(doc: &Document, strip: bool) -> Document {
    let mut doc = doc.clone();
    let known: [&[u8]; 3] = [
        b"WinAnsiEncoding",
        b"MacRomanEncoding",
        b"MacExpertEncoding",
    ];
    for obj in doc.objects.values_mut() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        if strip && dict.get(b"FontName").is_ok() {
            // A font descriptor.
            for key in [&b"FontFile"[..], b"FontFile2", b"FontFile3"] {
                dict.remove(key);
            }
            continue;
        }
        let simple_font = dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font")
            && matches!(
                dict.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(b"Type1" | b"MMType1" | b"TrueType")
            );
        if !simple_font {
            continue;
        }
        let named = match dict.get(b"Encoding") {
            Ok(Object::Name(n)) => known.contains(&n.as_slice()),
            Ok(Object::Dictionary(e)) => e
                .get(b"BaseEncoding")
                .and_then(Object::as_name)
                .map_or(true, |n| known.contains(&n)),
            _ => false,
        };
        if !named {
            dict.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        }
    }
    doc
}

/// A page read as bare text (no positions): one line after another.
fn bare_page(text: &str) -> Page {
    let mut page = Page {
        width: 0.0,
        top: 0.0,
        glyphs: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        page.glyphs.push(Glyph {
            x: 0.0,
            y: 12.0 * i as f64,
            w: 0.0,
            size: 10.0,
            known: true,
            text: line.to_string(),
        });
    }
    page
}

/// "page 3", "pages 3, 4 and 9", "12 pages (3, 4, 5, …)".
fn pages_list(pages: &[u32]) -> String {
    let list: Vec<String> = pages.iter().take(8).map(u32::to_string).collect();
    match pages.len() {
        1 => format!("page {}", list[0]),
        n if n <= 8 => format!("pages {} and {}", list[..n - 1].join(", "), list[n - 1]),
        n => format!("{n} pages ({}, …)", list.join(", ")),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Title, Author and CreationDate of the Info dictionary.
fn metadata(doc: &Document) -> Meta {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let get = |key: &[u8]| -> Option<String> {
        let o = info?.get(key).ok()?;
        let o = match o {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            o => o,
        };
        match o {
            Object::String(b, _) => Some(pdf_string(b)),
            _ => None,
        }
        .map(|s| super::html::clean(&s))
        .filter(|s| !s.is_empty())
    };
    Meta {
        title: get(b"Title").filter(|t| !looks_like_file_name(t)),
        author: get(b"Author"),
        published: get(b"CreationDate").and_then(|d| pdf_date(&d)),
        ..Meta::default()
    }
}

/// Titles producers fill in from the file name ("Microsoft Word - x.docx").
fn looks_like_file_name(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    [".doc", ".docx", ".odt", ".tex", ".dvi", ".pdf", ".rtf"]
        .iter()
        .any(|e| l.ends_with(e))
        || l.starts_with("microsoft word - ")
        || l == "untitled"
}

/// A PDF text string: UTF-16 with a BOM, UTF-8 with one, else PDFDocEncoding (read
/// as Latin-1, which it is for letters).
fn pdf_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| c as char).collect()
}

/// `D:20240131…` → `2024-01-31`.
fn pdf_date(d: &str) -> Option<String> {
    let d = d.strip_prefix("D:").unwrap_or(d);
    let digits: String = d.chars().take(8).collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, day) = (&digits[..4], &digits[4..6], &digits[6..]);
    let (mn, dn): (u32, u32) = (m.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&mn) && (1..=31).contains(&dn)).then(|| format!("{y}-{m}-{day}"))
}

/// A run of glyphs on one baseline with no wide gap: a line of one column.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    /// The size most of its glyphs have (a symbol or a quote mark of another
    /// size does not make a line a heading).
    size: f64,
    text: String,
    sizes: Vec<f64>,
    /// The largest glyph so far: the size of the line's own text, whose baseline
    /// `y` is (sub- and superscripts are smaller and off it).
    max: f64,
}

/// Glyphs → lines, in stream order: a new line where the baseline moves or a gap
/// wider than two ems opens (a column gutter). A smaller glyph a little above or
/// below the baseline (a sub- or superscript, a footnote mark) stays on its line.
fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut end = f64::NEG_INFINITY;
    let mut known = true;
    for g in glyphs {
        let t = g.text.as_str();
        let continues = out.last().is_some_and(|l| {
            let dy = (g.y - l.y).abs();
            let on_line = dy < 0.4 * l.max.max(g.size)
                || (g.size < 0.9 * l.max && dy < 0.75 * l.max)
                || (l.max < 0.9 * g.size && dy < 0.75 * g.size);
            on_line && g.x > end - 0.5 * g.size && g.x - end < 2.0 * g.size
        });
        if continues {
            let l = out.last_mut().expect("a line");
            // After a glyph of guessed width, only a clear gap is a space.
            let space = if known { 0.15 } else { 0.3 };
            if g.x - end > space * g.size && !l.text.ends_with(' ') && !t.starts_with(' ') {
                l.text.push(' ');
            }
            l.text.push_str(t);
            l.x1 = l.x1.max(g.x + g.w);
            l.sizes.push(g.size);
            if g.size > 1.1 * l.max && !t.trim().is_empty() {
                // The line began with a superscript: its baseline is this glyph's.
                l.y = g.y;
                l.max = g.size;
            }
        } else if t.trim().is_empty() {
            // A space drawn as a glyph separates words however narrow the gap
            // it leaves (letter-spaced headings).
            if let Some(l) = out
                .last_mut()
                .filter(|l| (g.y - l.y).abs() < 0.4 * l.max && (g.x - end).abs() < 0.5 * g.size)
            {
                if !l.text.ends_with(' ') {
                    l.text.push(' ');
                }
            }
            end = g.x + g.w;
            known = g.known;
            continue;
        } else {
            out.push(Line {
                x0: g.x,
                x1: g.x + g.w,
                y: g.y,
                size: g.size,
                text: t.to_string(),
                sizes: vec![g.size],
                max: g.size,
            });
        }
        end = g.x + g.w;
        known = g.known;
    }
    for l in &mut out {
        l.text = super::html::clean(&l.text);
        let mut sizes = std::mem::take(&mut l.sizes);
        sizes.sort_by(f64::total_cmp);
        l.size = sizes[sizes.len() / 2];
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// A page's lines in reading order: where a gutter splits the page's lines in two
/// columns, what spans it above them, the left column, the right, what spans
/// below; each part top to bottom, and left to right along a row (table cells,
/// pieces of a line drawn out of order).
fn reading_order(ls: Vec<Line>, width: f64) -> Vec<Line> {
    if width <= 0.0 {
        // A page read as bare text: its order is all there is.
        return ls;
    }
    let Some(gutter) = gutter(&ls, width) else {
        return visual(ls);
    };
    let in_columns: Vec<&Line> = ls
        .iter()
        .filter(|l| l.x1 <= gutter || l.x0 >= gutter)
        .collect();
    let top = in_columns.iter().map(|l| l.y).fold(f64::INFINITY, f64::min);
    let bottom = in_columns
        .iter()
        .map(|l| l.y)
        .fold(f64::NEG_INFINITY, f64::max);
    let rank = |l: &Line| -> usize {
        if l.x0 < gutter && l.x1 > gutter {
            if l.y <= top {
                0
            } else if l.y >= bottom {
                3
            } else {
                // A spanning line between column lines: keep it with the left.
                1
            }
        } else if l.x1 <= gutter {
            1
        } else {
            2
        }
    };
    let mut parts: [Vec<Line>; 4] = Default::default();
    for l in ls {
        parts[rank(&l)].push(l);
    }
    parts.into_iter().flat_map(visual).collect()
}

/// Where two columns of text lines meet, if they do: an x in the middle of the
/// page that few lines of text cross, with a good share of them on either side.
/// Only lines of some length count: labels of a figure or pieces of a formula are
/// no column. A short table (two blocks of cells a wide gap apart) is no columns
/// either: columns have many lines, or text that runs on from line to line.
fn gutter(ls: &[Line], width: f64) -> Option<f64> {
    let text: Vec<&Line> = ls.iter().filter(|l| l.text.chars().count() >= 15).collect();
    let n = text.len();
    if n < 4 {
        return None;
    }
    let mut best: Option<(f64, usize)> = None;
    // Just right of a line's end, or just left of a line's start.
    let edges = text.iter().flat_map(|l| [l.x1 + 0.01, l.x0 - 0.01]);
    for x in edges {
        if x < 0.25 * width || x > 0.75 * width {
            continue;
        }
        let crossing = text.iter().filter(|l| l.x0 < x && l.x1 > x).count();
        let left = text.iter().filter(|l| l.x1 <= x).count();
        let right = text.iter().filter(|l| l.x0 >= x).count();
        if left >= 2 && right >= 2 && crossing * 5 <= n && (left.min(right) >= 8 || flows(&text, x))
        {
            let score = left.min(right);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((x, score));
            }
        }
    }
    best.map(|(x, _)| x)
}

/// Whether a sentence runs on from one line to the next on either side of `x`:
/// a line followed, below it on its side, by one that starts in lowercase.
fn flows(text: &[&Line], x: f64) -> bool {
    let runs_on = |side: Vec<&&Line>| {
        let mut side = side;
        side.sort_by(|a, b| a.y.total_cmp(&b.y));
        side.windows(2).any(|w| {
            let dy = w[1].y - w[0].y;
            dy > 0.0
                && dy < 2.0 * w[0].size
                && !ends_sentence(&w[0].text)
                && w[1].text.chars().next().is_some_and(char::is_lowercase)
        })
    };
    runs_on(text.iter().filter(|l| l.x1 <= x).collect())
        || runs_on(text.iter().filter(|l| l.x0 >= x).collect())
}

/// Lines top to bottom; lines on one baseline left to right, and joined where
/// they touch (one line drawn in pieces).
fn visual(mut ls: Vec<Line>) -> Vec<Line> {
    ls.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut out: Vec<Line> = Vec::with_capacity(ls.len());
    let mut row: Vec<Line> = Vec::new();
    let flush = |row: &mut Vec<Line>, out: &mut Vec<Line>| {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        for l in row.drain(..) {
            match out.last_mut() {
                Some(p)
                    if (p.y - l.y).abs() < 0.4 * p.size.min(l.size)
                        && l.x0 >= p.x0
                        && l.x0 - p.x1 < 2.0 * l.size
                        && l.x0 > p.x1 - 0.5 * l.size =>
                {
                    if l.x0 - p.x1 > 0.15 * l.size {
                        p.text.push(' ');
                    }
                    p.text.push_str(&l.text);
                    p.x1 = p.x1.max(l.x1);
                }
                _ => out.push(l),
            }
        }
    };
    for l in ls {
        if row
            .first()
            .is_some_and(|f| l.y - f.y > 0.4 * f.size.min(l.size))
        {
            flush(&mut row, &mut out);
        }
        row.push(l);
    }
    flush(&mut row, &mut out);
    out
}

/// Text with digits folded, to find headers and footers that carry a page number.
fn shape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect::<String>()
        .to_lowercase()
}

fn is_page_number(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    let t = t
        .trim_start_matches("page")
        .trim_start_matches("seite")
        .trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '–' | '.' | 'o' | 'f'))
        && t.chars().any(|c| c.is_ascii_digit())
}

/// Every page → paragraphs: lines in reading order, repeated headers and footers
/// and page numbers out, lines joined into paragraphs (hyphenation rejoined).
fn layout(pages: &[Page]) -> Vec<String> {
    let per_page: Vec<Vec<Line>> = pages
        .iter()
        .map(|p| reading_order(lines(&p.glyphs), p.width))
        .collect();
    // A line first or last on a page (by position) that recurs on many pages.
    let mut edges: HashMap<String, usize> = HashMap::new();
    for ls in &per_page {
        let mut seen: Vec<String> = Vec::new();
        for l in edge_lines(ls) {
            let s = shape(&l.text);
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        for s in seen {
            *edges.entry(s).or_default() += 1;
        }
    }
    let repeated = |l: &Line| {
        let n = edges.get(&shape(&l.text)).copied().unwrap_or(0);
        pages.len() >= 2 && n >= 2 && n * 2 >= pages.len().min(8)
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for ls in &per_page {
        let edge: Vec<*const Line> = edge_lines(ls).map(|l| l as *const Line).collect();
        let mut kept: Vec<&Line> = ls
            .iter()
            .filter(|l| {
                let at_edge = edge.contains(&(*l as *const Line));
                !(at_edge && (repeated(l) || is_page_number(&l.text)))
            })
            .collect();
        if kept.is_empty() {
            // Text that recurs on every page and is all a page has is the page's
            // text, not its header.
            kept = ls.iter().collect();
        }
        let gap = typical_gap(&kept);
        // Lines that share a baseline with a neighbour: the cells of a table row,
        // one paragraph each row.
        let same_row = |a: &Line, b: &Line| (a.y - b.y).abs() < 0.4 * a.size.min(b.size);
        let in_row: Vec<bool> = (0..kept.len())
            .map(|i| {
                (i > 0 && same_row(kept[i - 1], kept[i]))
                    || kept.get(i + 1).is_some_and(|n| same_row(kept[i], n))
            })
            .collect();
        let mut prev: Option<(&Line, bool)> = None;
        for (l, row) in kept.into_iter().zip(in_row) {
            let new_para = match prev {
                None => false,
                Some((p, _)) if same_row(p, l) => false,
                Some((_, p_row)) if p_row || row => true,
                Some((p, _)) => {
                    let dy = l.y - p.y;
                    // Up the page: the next column, where a paragraph may go on.
                    let moved_column = dy < -0.5 * l.size;
                    let wide_gap = dy > gap * 1.45 + 0.5;
                    let other_size = (l.size - p.size).abs() > 0.15 * p.size.max(l.size);
                    let indented = l.x0 > p.x0 + 0.8 * l.size && l.x0 < p.x0 + 6.0 * l.size;
                    let short_before =
                        ends_sentence(&p.text) && p.x1 < l.x1.max(p.x1) - 4.0 * l.size;
                    (wide_gap || other_size || indented || short_before) && !moved_column
                        || (moved_column && ends_sentence(&p.text))
                }
            };
            if new_para && !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            join(&mut current, &l.text);
            prev = Some((l, row));
        }
        // A page break ends a paragraph only where the sentence ended.
        if ends_sentence(&current) && !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
        .into_iter()
        .map(|p| super::html::clean(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The two topmost and two bottommost lines of a page.
fn edge_lines(ls: &[Line]) -> impl Iterator<Item = &Line> {
    let mut by_y: Vec<&Line> = ls.iter().collect();
    by_y.sort_by(|a, b| a.y.total_cmp(&b.y));
    let n = by_y.len();
    let pick: Vec<&Line> = if n <= 4 {
        by_y
    } else {
        let mut v = by_y[..2].to_vec();
        v.extend_from_slice(&by_y[n - 2..]);
        v
    };
    pick.into_iter()
}

/// The most common distance between consecutive baselines of running text (lines
/// of one size, one above the other: not figure labels).
fn typical_gap(ls: &[&Line]) -> f64 {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for w in ls.windows(2) {
        let d = w[1].y - w[0].y;
        let text_like = (w[1].size - w[0].size).abs() < 0.5
            && (w[1].x0 - w[0].x0).abs() < 3.0 * w[0].size
            && w[0].text.len() > 30;
        if d > 0.0 && text_like {
            *counts.entry((d * 2.0).round() as i64).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(12.0, |(d, _)| d as f64 / 2.0)
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    t.ends_with(['.', '!', '?', ':'])
}

/// Appends a line to a paragraph: a word hyphenated at the line end is rejoined.
fn join(p: &mut String, line: &str) {
    if p.is_empty() {
        p.push_str(line);
        return;
    }
    let (hyphen, before) = {
        let mut rev = p.chars().rev();
        (rev.next() == Some('-'), rev.next())
    };
    let hyphenated = hyphen && before.is_some_and(char::is_alphanumeric);
    if hyphenated
        && before.is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase)
    {
        p.pop();
        p.push_str(line);
    } else if hyphenated {
        // "North-" / "East", "787-" / "9": a hyphen that stays.
        p.push_str(line);
    } else {
        p.push(' ');
        p.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_strings() {
        assert_eq!(
            pdf_date("D:20240131120000+01'00'").as_deref(),
            Some("2024-01-31")
        );
        assert_eq!(pdf_date("yesterday"), None);
        assert_eq!(pdf_string(b"\xFE\xFF\x04\x1a\x04\x38"), "Ки");
        assert!(looks_like_file_name("Microsoft Word - report.docx"));
    }

    #[test]
    fn hyphenation_is_rejoined_only_before_lowercase() {
        let mut p = String::from("an impor-");
        join(&mut p, "tant point");
        assert_eq!(p, "an important point");
        let mut p = String::from("North-");
        join(&mut p, "East");
        assert_eq!(p, "North-East");
        let mut p = String::from("Boeing 787-");
        join(&mut p, "9 jets");
        assert_eq!(p, "Boeing 787-9 jets");
    }

    fn glyphs(run: &[(f64, f64, f64, &str)]) -> Vec<Glyph> {
        run.iter()
            .map(|&(x, y, size, t)| Glyph {
                x,
                y,
                w: 0.5 * size * t.chars().count() as f64,
                size,
                known: true,
                text: t.to_string(),
            })
            .collect()
    }

    #[test]
    fn sub_and_superscripts_stay_on_their_line() {
        // "the area is πr² here", the ² raised by 4.5 of a 10-point line; the next
        // line 12 below.
        let g = glyphs(&[
            (100.0, 500.0, 10.0, "the area is πr"),
            (170.0, 495.5, 7.0, "2"),
            (173.5, 500.0, 10.0, " here"),
            (100.0, 512.0, 10.0, "and H"),
            (125.0, 514.0, 7.0, "2"),
            (128.5, 512.0, 10.0, "O there"),
        ]);
        let texts: Vec<String> = lines(&g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["the area is πr2 here", "and H2O there"]);
    }

    #[test]
    fn cid_width_runs_become_lists() {
        let w = vec![
            Object::Integer(0),
            Object::Array(vec![Object::Integer(600)]),
            Object::Integer(3),
            Object::Integer(5),
            Object::Real(317.5),
        ];
        let out = as_lists(&w);
        assert_eq!(out.len(), 4);
        assert_eq!(out[2], Object::Integer(3));
        assert_eq!(out[3], Object::Array(vec![Object::Real(317.5); 3]));
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("12"));
        assert!(is_page_number("Page 3 of 10"));
        assert!(!is_page_number("2024 was a year"));
    }
}
