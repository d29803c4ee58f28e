//! A PDF → its text layer in reading order, and its Title / Author / CreationDate.
//! `pdf-extract` decodes the glyphs (fonts, encodings) and hands each with its
//! position to [`Collector`]; the layout is ours ([`layout`]: lines, columns, table
//! rows, page headers and footers, paragraphs, hyphenation at line ends). Ours too: what
//! pdf-extract gets wrong or leaves out (CID width runs, a font program's encoding
//! put before the PDF's `/Differences`, pages whose fonts make it panic, filled-in
//! form fields; [`forms`]: the text of forms placed where the page draws them; [`repair`]: filters given as references, comments in content streams, fonts named by strings, wrong or missing ToUnicode
//! maps, glyphs named only by their index, CJK fonts named by predefined CMaps). Refuses encrypted PDFs and PDFs without a text
//! layer. Touches no file.

use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

use super::{Document as Doc, Meta};

mod forms;
mod layout;
mod repair;
use layout::layout;

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

/// A glyph's text, its place in tenths of an em (x, y) and its size in hundredths.
type Cell = (String, i64, i64, i64);

/// Glyphs of every page, in content-stream order.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: Option<Transform>,
    /// The page's box (x0, y0, x1, y1), in PDF units: text outside it is not shown.
    bounds: (f64, f64, f64, f64),
    /// The page's glyphs so far by text and place (in tenths of an em), for
    /// [`Collector::drawn_again`].
    seen: std::collections::HashMap<Cell, Vec<(f64, f64)>>,
}

impl Collector {
    /// Whether the same glyph was drawn at the same place (within a tenth of an
    /// em) before on this page: text drawn twice (a bold look made by drawing it
    /// again, a layer repeated) reads once, as a viewer shows it.
    fn drawn_again(&mut self, text: &str, x: f64, y: f64, size: f64, advance: f64) -> bool {
        // Places in tenths of this size's em, for glyphs of this size only: a
        // letter of another size is another glyph, wherever its cell falls.
        let q = (size * 100.0).round() as i64;
        let (qx, qy) = (
            (x / (0.1 * size)).round() as i64,
            (y / (0.1 * size)).round() as i64,
        );
        // Closer than a tenth of an em, and than a third of the glyph's own
        // advance (the "ll" of a word set tight is two letters).
        let tolerance = (0.1 * size).min(0.3 * advance.abs());
        let near = (-1..=1).any(|dx| {
            (-1..=1).any(|dy| {
                self.seen
                    .get(&(text.to_string(), qx + dx, qy + dy, q))
                    .is_some_and(|places| {
                        places.iter().any(|&(px, py)| {
                            (px - x).abs() < tolerance && (py - y).abs() < 0.1 * size
                        })
                    })
            })
        });
        if !near {
            self.seen
                .entry((text.to_string(), qx, qy, q))
                .or_default()
                .push((x, y));
        }
        near
    }
}

#[derive(Default)]
struct Page {
    width: f64,
    /// Where y = 0 lies in PDF units (y grows downwards from it).
    top: f64,
    glyphs: Vec<Glyph>,
    /// Glyphs of text turned on the page (a chart's vertical axis label, a
    /// table's turned column heads), each with its angle in degrees and its
    /// position in a frame turned with it (so its line runs left to right).
    turned: Vec<(i32, Glyph)>,
    /// Characters drawn that read as text, and characters whose font says
    /// nothing of what they read (no map, glyphs named only by number).
    read: usize,
    unread: usize,
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
        self.seen.clear();
        self.pages.push(Page {
            width: (media.urx - media.llx).abs(),
            top: media.ury - media.lly,
            glyphs: Vec::new(),
            turned: Vec::new(),
            read: 0,
            unread: 0,
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
        let (Some(flip), false) = (self.flip, self.pages.is_empty()) else {
            return Ok(());
        };
        let p = trm.post_transform(&flip);
        // The side of a square with the area of the font's transformed em square
        // (whatever its turn: text at 45 degrees is as large as upright text).
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        // An em along the baseline: what a glyph's advance width is a share of
        // (twice the size for text stretched to twice its width). Never less than
        // the size: the OCR layer of a scan squeezes its words to the scan's
        // (`Tz` 66 %) and places them apart, and squeezed widths read as gaps.
        let em = (font_size * trm.m11.hypot(trm.m12)).max(size);
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
        let unread = text.contains('\u{FFFD}');
        // Private-use code points are glyphs with no meaning as text (icons), as
        // are control characters (a code no encoding names); ligatures are their
        // letters.
        let mut text: String = text
            .chars()
            .filter(|c| {
                !matches!(*c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
                    && *c != '\u{FFFD}'
                    && !c.is_control()
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
        if let Some(page) = self.pages.last_mut() {
            if !text.is_empty() {
                page.read += 1;
            } else if unread {
                page.unread += 1;
            }
        }
        if text.is_empty() {
            return Ok(());
        }
        // A combining mark the font gives no advance (a Thai vowel or tone mark
        // drawn over the letter before it) takes no room: guessing half an em for
        // it put the next letter "back" and began a line of its own there.
        let mark = text.chars().all(layout::combining);
        let advance = if width > 0.0 {
            width * em
        } else if mark {
            0.0
        } else {
            0.5 * size
        };
        if !text.trim().is_empty() && self.drawn_again(&text, x, y, size, advance) {
            return Ok(());
        }
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        let mut glyph = Glyph {
            x: p.m31,
            y: p.m32,
            // Some subset fonts give no width for some glyphs: half an em, then.
            w: advance,
            size,
            known: width > 0.0 || mark,
            text,
        };
        // The direction the text runs in: turned more than a few degrees, its
        // position is taken in a frame turned with it.
        let angle = trm.m12.atan2(trm.m11);
        if angle.abs() > 0.1 && angle.is_finite() {
            let (sin, cos) = angle.sin_cos();
            glyph.x = x * cos + y * sin;
            glyph.y = x * sin - y * cos;
            page.turned.push((angle.to_degrees().round() as i32, glyph));
        } else {
            page.glyphs.push(glyph);
        }
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
    repair::indirect_filters(&mut doc);
    repair::content_comments(&mut doc);
    repair::font_names(&mut doc);
    repair::unicode_from_font_programs(&mut doc);
    repair::predefined_cmaps(&mut doc);
    repair::index_named_glyphs(&mut doc);
    repair::unmapped_core_fonts(&mut doc);
    cid_widths_as_lists(&mut doc);
    differences_over_builtin(&mut doc);
    forms::place_forms(&mut doc);
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
    let mut unmapped: Vec<u32> = Vec::new();
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
                // Most of a page in fonts that do not say what they draw: a
                // scan's text in all but name.
                if page.unread >= 50 && 4 * page.unread >= page.read + page.unread {
                    unmapped.push(num);
                }
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
    if !unmapped.is_empty() {
        warnings.push(format!(
            "most of the text of {} is drawn in fonts that do not say which letters they show, and is missing from the seed: run OCR on the PDF (for example `ocrmypdf --force-ocr`), then import it again",
            pages_list(&unmapped)
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

/// Gives a simple font's `/Differences` the last word over the glyph names in its
/// embedded CFF program, as the PDF reference does: pdf-extract 0.12 lets the
/// program's built-in encoding win, so a TeX font that puts `Adieresis` at 196 and
/// `eacute` at 233 read "RÄUME" as "R UME" and "Jérôme" as "JØrôme". Such a font
/// gets a copy of its descriptor without the program (its widths are in the font
/// dictionary; the program is only read for its encoding).
fn differences_over_builtin(doc: &mut Document) {
    let deref = |doc: &Document, o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            o => Some(o.clone()),
        }
    };
    let mut fonts: Vec<(pdf_extract::ObjectId, Object)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(d) = obj else { continue };
        let simple = matches!(
            d.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(b"Type1" | b"MMType1")
        );
        let differences = matches!(
            d.get(b"Encoding").ok().and_then(|e| deref(doc, e)),
            Some(Object::Dictionary(e)) if e.get(b"Differences").is_ok()
        );
        if !simple || !differences {
            continue;
        }
        let Some(Object::Dictionary(mut descriptor)) =
            d.get(b"FontDescriptor").ok().and_then(|o| deref(doc, o))
        else {
            continue;
        };
        if descriptor.remove(b"FontFile3").is_some() {
            fonts.push((*id, Object::Dictionary(descriptor)));
        }
    }
    for (font, descriptor) in fonts {
        let copy = doc.add_object(descriptor);
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&font) {
            d.set("FontDescriptor", Object::Reference(copy));
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
        let text_field = match &kind {
            None => true,
            Some(Object::Name(n)) => n.as_slice() == b"Tx" || n.as_slice() == b"Ch",
            Some(_) => false,
        };
        // A push button shows its caption ("Reset", "Print"); a check box's
        // caption is the symbol of its tick, no text.
        let push_button = matches!(&kind, Some(Object::Name(n)) if n.as_slice() == b"Btn")
            && a.get(b"Ff")
                .ok()
                .and_then(num)
                .is_some_and(|f| f as i64 & (1 << 16) != 0);
        let caption = match a.get(b"MK").ok().and_then(deref) {
            Some(Object::Dictionary(mk)) if push_button => match mk.get(b"CA").ok().and_then(deref)
            {
                Some(Object::String(c, _)) => Some(c),
                _ => None,
            },
            _ => None,
        };
        let value = match (value, caption) {
            (Some(Object::String(v, _)), _) if text_field => v,
            (_, Some(c)) => c,
            _ => continue,
        };
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
    let readable = |e: &pdf_extract::Dictionary| {
        e.get(b"BaseEncoding")
            .and_then(Object::as_name)
            .map_or(true, |n| known.contains(&n))
    };
    // Encodings kept as objects of their own (`/Encoding 12 0 R`).
    let readable_objects: std::collections::HashSet<pdf_extract::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Dictionary(e) if readable(e)))
        .map(|(id, _)| *id)
        .collect();
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
            Ok(Object::Dictionary(e)) => readable(e),
            Ok(Object::Reference(id)) => readable_objects.contains(id),
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
        turned: Vec::new(),
        read: 0,
        unread: 0,
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
}
