//! Mends a loaded PDF before `pdf-extract` reads it, where its reader (on `lopdf`
//! 0.42) would lose text a viewer shows: stream filters given as references, a
//! composite font whose ToUnicode map is missing or evidently wrong (the embedded
//! font program's own `cmap` table and glyph names tell each glyph's character),
//! lines drawn with the `'` and `"` operators.
//! Changes only the in-memory document; knows nothing of layout.

use std::collections::{BTreeMap, HashMap};

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use unicode_normalization::UnicodeNormalization;

use super::layout::combining;

/// Resolves `/Filter` and `/DecodeParms` given as references (`/Filter 18 0 R`):
/// lopdf 0.42 reads such a stream as undecodable, so a page came out empty.
pub fn indirect_filters(doc: &mut Document) {
    let mut fixes: Vec<(ObjectId, &'static [u8], Object)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Stream(s) = obj else { continue };
        for key in [&b"Filter"[..], b"DecodeParms"] {
            if let Ok(Object::Reference(r)) = s.dict.get(key) {
                if let Ok(target) = doc.get_object(*r) {
                    let key: &'static [u8] = if key == b"Filter" {
                        b"Filter"
                    } else {
                        b"DecodeParms"
                    };
                    fixes.push((*id, key, target.clone()));
                }
            }
        }
    }
    for (id, key, value) in fixes {
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.dict.set(key, value);
        }
    }
}

/// Takes the comments out of pages' and forms' drawing instructions: lopdf 0.42
/// stops reading a content stream at a comment followed by an indented line, so
/// the rest of the page (all of it, for a generator that comments every line) was
/// lost. Lines drawn with `'` and `"` are rewritten too ([`next_line_shows`]).
pub fn content_comments(doc: &mut Document) {
    let mut ids: Vec<ObjectId> = Vec::new();
    for (_, page) in doc.get_pages() {
        if let Ok(Object::Dictionary(p)) = doc.get_object(page) {
            match p.get(b"Contents") {
                Ok(Object::Reference(r)) => ids.push(*r),
                Ok(Object::Array(a)) => ids.extend(a.iter().filter_map(|o| o.as_reference().ok())),
                _ => {}
            }
        }
    }
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                ids.push(*id);
            }
        }
    }
    for id in ids {
        let Some(Object::Stream(s)) = doc.objects.get_mut(&id) else {
            continue;
        };
        let Ok(plain) = s.decompressed_content() else {
            continue;
        };
        let clean = without_comments(&plain);
        let plain = clean.as_deref().unwrap_or(&plain);
        if let Some(shown) = next_line_shows(plain) {
            s.set_plain_content(shown);
        } else if let Some(clean) = clean {
            s.set_plain_content(clean);
        }
    }
}

/// Content-stream bytes with the operators that move to the next line and show
/// a string (`'`, and `"` which sets word and character spacing first) written
/// as `T*` and `Tj` (and `Tw`, `Tc`): pdf-extract skips them, so every line a
/// generator drew with them was lost. None where there are none.
fn next_line_shows(b: &[u8]) -> Option<Vec<u8>> {
    // The operator follows its string: `(…)'`, `<…>"`, maybe a space between.
    let mut after_string = false;
    let mut any = false;
    for &c in b {
        if (c == b'\'' || c == b'"') && after_string {
            any = true;
            break;
        }
        if c == b')' || c == b'>' {
            after_string = true;
        } else if !c.is_ascii_whitespace() {
            after_string = false;
        }
    }
    if !any {
        return None;
    }
    let content = Content::decode(b).ok()?;
    // Blank strings shown so are left as they were (skipped), and a stream with
    // nothing else to show so is left alone: written out again, one form's
    // text came out with its words cut.
    let blank = |o: &Operation| {
        o.operands
            .last()
            .and_then(|s| s.as_str().ok())
            .is_some_and(|s| s.iter().all(u8::is_ascii_whitespace))
    };
    if !content
        .operations
        .iter()
        .any(|o| (o.operator == "'" || o.operator == "\"") && !blank(o))
    {
        return None;
    }
    let mut ops = Vec::with_capacity(content.operations.len() + 8);
    for op in content.operations {
        if blank(&op) {
            ops.push(op);
            continue;
        }
        match (op.operator.as_str(), op.operands.len()) {
            ("'", 1) => {
                ops.push(Operation::new("T*", vec![]));
                ops.push(Operation::new("Tj", op.operands));
            }
            ("\"", 3) => {
                let mut o = op.operands.into_iter();
                let (aw, ac, string) = (o.next()?, o.next()?, o.next()?);
                ops.push(Operation::new("Tw", vec![aw]));
                ops.push(Operation::new("Tc", vec![ac]));
                ops.push(Operation::new("T*", vec![]));
                ops.push(Operation::new("Tj", vec![string]));
            }
            _ => ops.push(op),
        }
    }
    Content { operations: ops }.encode().ok()
}

/// Content-stream bytes without their `%` comments (strings kept as they are);
/// None if there are none, or if an inline image's raw bytes make it unsafe to tell.
fn without_comments(b: &[u8]) -> Option<Vec<u8>> {
    if !b.contains(&b'%') || b.windows(4).any(|w| w == b" ID " || w == b"\nID ") {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    let (mut i, mut found) = (0, false);
    while i < b.len() {
        match b[i] {
            b'(' => {
                let mut depth = 0;
                while i < b.len() {
                    let c = b[i];
                    out.push(c);
                    i += 1;
                    match c {
                        b'\\' if i < b.len() => {
                            out.push(b[i]);
                            i += 1;
                        }
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            b'%' => {
                found = true;
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                out.push(b'\n');
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    found.then_some(out)
}

/// Gives a font a name where it has a string instead (`/BaseFont <feff0041…>`,
/// an iText file): pdf-extract reads the name and panicked on anything else,
/// and the page was lost.
pub fn font_names(doc: &mut Document) {
    for obj in doc.objects.values_mut() {
        let Object::Dictionary(d) = obj else { continue };
        let font = matches!(
            d.get(b"Type").and_then(Object::as_name).ok(),
            Some(b"Font" | b"FontDescriptor")
        );
        if !font {
            continue;
        }
        for key in [&b"BaseFont"[..], b"FontName"] {
            let name = match d.get(key) {
                Ok(Object::String(b, _)) => {
                    let text = if let Some(rest) = b.strip_prefix(b"\xFE\xFF") {
                        let units: Vec<u16> = rest
                            .chunks_exact(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        String::from_utf8_lossy(b).into_owned()
                    };
                    let clean: String = text.chars().filter(|c| c.is_ascii_graphic()).collect();
                    if clean.is_empty() {
                        "Unnamed".to_string()
                    } else {
                        clean
                    }
                }
                _ => continue,
            };
            let key = if key == b"BaseFont" {
                "BaseFont"
            } else {
                "FontName"
            };
            d.set(key, Object::Name(name.into_bytes()));
        }
    }
}

/// An object, or the object a reference names.
pub(super) fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// A dictionary's entry, through a reference.
pub(super) fn dict_get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

/// A dictionary's entry that is itself a dictionary (`/Resources`, `/XObject`).
pub(super) fn dict_of<'a>(
    doc: &'a Document,
    d: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    dict_get(doc, d, key).and_then(|o| o.as_dict().ok())
}

/// Gives each composite TrueType font (`Type0`, Identity encoding, an embedded
/// program) a ToUnicode map from its program where the PDF's map is missing or
/// evidently wrong: one glyph standing for a run of characters with a space in it
/// or for more than four of them, as WeasyPrint writes for a shaped Arabic word
/// ("حَبيبي h" for the glyph of "h"). Glyphs the PDF maps sensibly keep its
/// mapping; the rest get the program's character for them (its `cmap` table
/// inverted, else a glyph name such as `uni0628.init`).
pub fn unicode_from_font_programs(doc: &mut Document) {
    let mut maps: Vec<(ObjectId, BTreeMap<u32, String>)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let identity = matches!(
            dict_get(doc, font, b"Encoding"),
            Some(Object::Name(n)) if n.as_slice() == b"Identity-H" || n.as_slice() == b"Identity-V"
        );
        if !identity {
            continue;
        }
        let given = match dict_get(doc, font, b"ToUnicode") {
            Some(Object::Stream(s)) => match s.decompressed_content() {
                Ok(bytes) => Some(parse_to_unicode(&bytes)),
                Err(_) => continue,
            },
            _ => None,
        };
        if given
            .as_ref()
            .is_some_and(|m| !m.values().any(|s| overfull(s)))
        {
            continue;
        }
        let Some(program) = cid_program(doc, font) else {
            continue;
        };
        let Some(chars) = program_chars(&program.0) else {
            continue;
        };
        let mut map = given.unwrap_or_default();
        map.retain(|_, s| !s.is_empty() && !overfull(s));
        let to_cid_gid = |cid: u32| -> Option<u16> {
            match &program.1 {
                None => u16::try_from(cid).ok(),
                Some(table) => {
                    let i = cid as usize * 2;
                    table
                        .get(i..i + 2)
                        .map(|b| u16::from_be_bytes([b[0], b[1]]))
                }
            }
        };
        let cids: u32 = match &program.1 {
            None => 0x1_0000,
            Some(t) => (t.len() / 2) as u32,
        };
        for cid in 0..cids {
            if map.contains_key(&cid) {
                continue;
            }
            if let Some(s) = to_cid_gid(cid).and_then(|g| chars.get(&g)) {
                map.insert(cid, s.clone());
            }
        }
        if !map.is_empty() {
            maps.push((*id, map));
        }
    }
    for (font, map) in maps {
        let stream = Stream::new(Dictionary::new(), to_unicode_cmap(&map));
        let cmap = doc.add_object(Object::Stream(stream));
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&font) {
            d.set("ToUnicode", Object::Reference(cmap));
        }
    }
}

/// Gives a simple font with no ToUnicode map an entry of "no text" for each code
/// its `/Differences` names by glyph index only (`/g18`, `/glyph42`, `/index7`,
/// as a converted TrueType subset has): no name says what such a glyph reads,
/// and pdf-extract read the code in its fallback encoding instead ("ˇ ˚ ˜" for a
/// line of Cambria). A viewer's text shows nothing for them, nor does the seed.
pub fn index_named_glyphs(doc: &mut Document) {
    let mut maps: Vec<(ObjectId, Vec<u32>)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        let simple = font.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font")
            && matches!(
                font.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(b"Type1" | b"MMType1" | b"TrueType")
            );
        if !simple || font.get(b"ToUnicode").is_ok() {
            continue;
        }
        let Some(Object::Dictionary(encoding)) = dict_get(doc, font, b"Encoding") else {
            continue;
        };
        let Some(Object::Array(differences)) = dict_get(doc, encoding, b"Differences") else {
            continue;
        };
        let mut code = 0u32;
        let mut unnamed = Vec::new();
        for o in differences {
            match deref(doc, o) {
                Some(Object::Integer(i)) => code = u32::try_from(*i).unwrap_or(0),
                Some(Object::Name(n)) => {
                    if index_name(n) && code <= 0xFF {
                        unnamed.push(code);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
        if !unnamed.is_empty() {
            maps.push((*id, unnamed));
        }
    }
    for (font, codes) in maps {
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Mended-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
        );
        for chunk in codes.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for code in chunk {
                out.push_str(&format!("<{code:02X}> <FFFD>\n"));
            }
            out.push_str("endbfchar\n");
        }
        out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let cmap = doc.add_object(Object::Stream(Stream::new(
            Dictionary::new(),
            out.into_bytes(),
        )));
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&font) {
            d.set("ToUnicode", Object::Reference(cmap));
        }
    }
}

/// A glyph name that is only an index into the font (`g18`, `glyph42`, `index7`,
/// `G12`): no reading of its own.
fn index_name(n: &[u8]) -> bool {
    [&b"g"[..], b"G", b"glyph", b"index"].iter().any(|p| {
        n.strip_prefix(*p)
            .is_some_and(|d| !d.is_empty() && d.len() <= 5 && d.iter().all(u8::is_ascii_digit))
    })
}

/// Gives a composite font of Windows' Arial, Times New Roman or Courier New that
/// the PDF neither embeds nor maps to text (Identity encoding, no ToUnicode) the
/// characters of its glyph numbers: those fonts number their first 258 glyphs in
/// the standard Macintosh order (3 a space, 68 "a", 112 "é"). The reader read
/// such text as nothing (pdftotext as letters shifted by 29: "GHPDQGH" for
/// "demande").
pub fn unmapped_core_fonts(doc: &mut Document) {
    let mut fonts: Vec<ObjectId> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0")
            || font.get(b"ToUnicode").is_ok()
        {
            continue;
        }
        let identity = matches!(
            dict_get(doc, font, b"Encoding"),
            Some(Object::Name(n)) if n.as_slice() == b"Identity-H" || n.as_slice() == b"Identity-V"
        );
        let Some(cid) = descendant(doc, font) else {
            continue;
        };
        let truetype = cid.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType2");
        let by_number = match dict_get(doc, cid, b"CIDToGIDMap") {
            None => true,
            Some(Object::Name(n)) => n.as_slice() == b"Identity",
            Some(_) => false,
        };
        let embedded = match dict_get(doc, cid, b"FontDescriptor") {
            Some(Object::Dictionary(fd)) => [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| fd.get(k).is_ok()),
            _ => false,
        };
        let name = match dict_get(doc, font, b"BaseFont") {
            Some(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
            _ => continue,
        };
        if identity && truetype && by_number && !embedded && core_font(&name) {
            fonts.push(*id);
        }
    }
    if fonts.is_empty() {
        return;
    }
    let map: BTreeMap<u32, String> = MAC_ORDER
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| (i as u32, (*s).to_string()))
        .collect();
    let cmap = doc.add_object(Object::Stream(Stream::new(
        Dictionary::new(),
        to_unicode_cmap(&map),
    )));
    for font in fonts {
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&font) {
            d.set("ToUnicode", Object::Reference(cmap));
        }
    }
}

/// Arial, Times New Roman or Courier New, in any style or subset
/// (`ABCDEF+TimesNewRoman,Bold`, `Arial-BoldMT`, `TimesNewRomanPSMT`); not
/// Arial Unicode MS or Arial Narrow, numbered otherwise.
fn core_font(base: &str) -> bool {
    let name = base.split_once('+').map_or(base, |(_, n)| n);
    let family: String = name
        .split([',', '-'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let family = family.strip_suffix("mt").unwrap_or(&family);
    let family = family.strip_suffix("ps").unwrap_or(family);
    ["arial", "timesnewroman", "couriernew"].contains(&family)
}

/// The standard Macintosh glyph order (TrueType `post` format 1): each glyph
/// number's text ("" for none).
#[rustfmt::skip]
const MAC_ORDER: [&str; 258] = [
    "", "", "", " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".",
    "/", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?", "@",
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
    "S", "T", "U", "V", "W", "X", "Y", "Z", "[", "\\", "]", "^", "_", "`", "a", "b", "c", "d",
    "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
    "w", "x", "y", "z", "{", "|", "}", "~", "Ä", "Å", "Ç", "É", "Ñ", "Ö", "Ü", "á", "à", "â",
    "ä", "ã", "å", "ç", "é", "è", "ê", "ë", "í", "ì", "î", "ï", "ñ", "ó", "ò", "ô", "ö", "õ",
    "ú", "ù", "û", "ü", "†", "°", "¢", "£", "§", "•", "¶", "ß", "®", "©", "™", "´", "¨", "≠",
    "Æ", "Ø", "∞", "±", "≤", "≥", "¥", "µ", "∂", "∑", "∏", "π", "∫", "ª", "º", "Ω", "æ", "ø",
    "¿", "¡", "¬", "√", "ƒ", "≈", "∆", "«", "»", "…", "\u{a0}", "À", "Ã", "Õ", "Œ", "œ", "–",
    "—", "“", "”", "‘", "’", "÷", "◊", "ÿ", "Ÿ", "⁄", "¤", "‹", "›", "fi", "fl", "‡", "·", "‚",
    "„", "‰", "Â", "Ê", "Á", "Ë", "È", "Í", "Î", "Ï", "Ì", "Ó", "Ô", "", "Ò", "Ú", "Û", "Ù",
    "ı", "ˆ", "˜", "¯", "˘", "˙", "˚", "¸", "˝", "˛", "ˇ", "Ł", "ł", "Š", "š", "Ž", "ž", "¦",
    "Ð", "ð", "Ý", "ý", "Þ", "þ", "−", "×", "¹", "²", "³", "½", "¼", "¾", "₣", "Ğ", "ğ", "İ",
    "Ş", "ş", "Ć", "ć", "Č", "č", "đ",
];

/// A legacy charset (None: UCS-2) and its code ranges: (first, last, bytes).
type Charset = (
    Option<&'static encoding_rs::Encoding>,
    &'static [(u32, u32, u32)],
);

/// The legacy charset whose bytes a predefined CMap's codes are.
fn predefined(name: &[u8]) -> Option<Charset> {
    let n = String::from_utf8_lossy(name);
    let n = n.trim_end_matches("-H").trim_end_matches("-V");
    const ASCII: (u32, u32, u32) = (0x00, 0x80, 1);
    Some(if n.contains("UCS2") || n.contains("UTF16") {
        (None, &[(0x0000, 0xFFFF, 2)])
    } else if n.starts_with("GB") {
        (Some(encoding_rs::GBK), &[ASCII, (0x8140, 0xFEFE, 2)])
    } else if n.contains("RKSJ") {
        (
            Some(encoding_rs::SHIFT_JIS),
            &[
                ASCII,
                (0xA0, 0xDF, 1),
                (0x8140, 0x9FFC, 2),
                (0xE040, 0xFCFC, 2),
            ],
        )
    } else if n == "EUC" {
        (
            Some(encoding_rs::EUC_JP),
            &[ASCII, (0x8EA0, 0x8EDF, 2), (0xA1A1, 0xFEFE, 2)],
        )
    } else if n.starts_with("B5") || n.starts_with("ETen") || n.starts_with("HKscs") {
        (Some(encoding_rs::BIG5), &[ASCII, (0x8140, 0xFEFE, 2)])
    } else if n.starts_with("KSC") {
        (Some(encoding_rs::EUC_KR), &[ASCII, (0x8141, 0xFEFE, 2)])
    } else {
        return None;
    })
}

/// Rewrites a composite font named by a predefined CMap of a legacy charset
/// (`GBK-EUC-H`, `90ms-RKSJ-H`, `UniGB-UCS2-H`, …; pdf-extract knows only
/// Identity) as an embedded CMap over the same codes, and gives it a ToUnicode map
/// made by decoding each code in that charset (the PDF's own map, if any, wins).
/// ASCII codes keep the CIDs 1–95 every Adobe character collection gives them (and
/// so their widths); other codes become CIDs of their own above 65535, whose width
/// is the font's default (the full width of a CJK character).
pub fn predefined_cmaps(doc: &mut Document) {
    let mut fixes: Vec<(ObjectId, Vec<u8>, Vec<u8>)> = Vec::new();
    let mut widths: Vec<(ObjectId, Vec<Object>)> = Vec::new();
    for (id, obj) in &doc.objects {
        let Object::Dictionary(font) = obj else {
            continue;
        };
        if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
            continue;
        }
        let Some(Object::Name(name)) = dict_get(doc, font, b"Encoding") else {
            continue;
        };
        if name.starts_with(b"Identity") {
            continue;
        }
        let Some((charset, ranges)) = predefined(name) else {
            continue;
        };
        let given = match dict_get(doc, font, b"ToUnicode") {
            Some(Object::Stream(s)) => s
                .decompressed_content()
                .map(|b| parse_to_unicode(&b))
                .unwrap_or_default(),
            _ => BTreeMap::new(),
        };
        // pdf-extract 0.12 reads a `cidrange` as CID = code + its third number
        // (not + code - first): every code becomes CID 65536 + code.
        let cid_of = |code: u32| 0x1_0000 + code;
        let mut encoding = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Mended def\n/CMapType 1 def\n",
        );
        encoding.push_str(&format!("{} begincodespacerange\n", ranges.len()));
        // That reader also takes a range's byte count as half its hex string's
        // bytes: `<00008140>` is how it reads a two-byte code.
        let hex = |code: u32, width: u32| format!("{code:0w$X}", w = 4 * width as usize);
        for &(lo, hi, w) in ranges {
            encoding.push_str(&format!("<{}> <{}>\n", hex(lo, w), hex(hi, w)));
        }
        encoding.push_str("endcodespacerange\n");
        let mut unicode: BTreeMap<u32, String> = BTreeMap::new();
        for &(lo, hi, w) in ranges {
            // One range per block: that reader misreads longer ones.
            encoding.push_str(&format!(
                "1 begincidrange\n<{}> <{}> {}\nendcidrange\n",
                hex(lo, w),
                hex(hi, w),
                cid_of(0)
            ));
            for code in lo..=hi {
                let bytes: Vec<u8> = code.to_be_bytes()[4 - w as usize..].to_vec();
                if w == 2 && charset.is_some() && (bytes[1] < 0x40 || bytes[1] == 0x7F) {
                    continue;
                }
                let text = match charset {
                    None => char::from_u32(code).map(String::from),
                    Some(e) => e
                        .decode_without_bom_handling_and_without_replacement(&bytes)
                        .map(|t| t.into_owned()),
                };
                if let Some(t) = text.filter(|t| !t.is_empty() && !t.chars().any(char::is_control))
                {
                    unicode.insert(cid_of(code), t);
                }
            }
        }
        for (code, text) in given {
            unicode.insert(cid_of(code), text);
        }
        // ASCII's widths: every Adobe character collection gives 0x20–0x7E the
        // CIDs 1–95; other codes take the font's default (a CJK character's full width).
        let ascii_widths = descendant(doc, font)
            .map(|d| {
                let widths = cid_widths(doc, d);
                (0x20..=0x7Eu32)
                    .map(|c| widths.get(&(c - 0x1F)).copied())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        encoding.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let cid = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|a| a.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| o.as_reference().ok());
        fixes.push((*id, encoding.into_bytes(), cid_cmap(&unicode)));
        if let (Some(cid), true) = (cid, ascii_widths.iter().all(Option::is_some)) {
            if !ascii_widths.is_empty() {
                let list = ascii_widths
                    .into_iter()
                    .flatten()
                    .map(Object::Real)
                    .collect();
                widths.push((cid, list));
            }
        }
    }
    for (cid, list) in widths {
        let w = match doc.get_object(cid) {
            Ok(Object::Dictionary(d)) => match d.get(b"W") {
                Ok(Object::Reference(r)) => Some(*r),
                _ => None,
            },
            _ => None,
        };
        let target = match w {
            Some(r) => doc.objects.get_mut(&r).and_then(|o| o.as_array_mut().ok()),
            None => match doc.objects.get_mut(&cid) {
                Some(Object::Dictionary(d)) => {
                    if d.get(b"W").is_err() {
                        d.set("W", Object::Array(Vec::new()));
                    }
                    d.get_mut(b"W").ok().and_then(|o| o.as_array_mut().ok())
                }
                _ => None,
            },
        };
        if let Some(w) = target {
            w.push(Object::Integer(i64::from(0x1_0020u32)));
            w.push(Object::Array(list));
        }
    }
    for (font, encoding, unicode) in fixes {
        let encoding = doc.add_object(Object::Stream(Stream::new(Dictionary::new(), encoding)));
        let unicode = doc.add_object(Object::Stream(Stream::new(Dictionary::new(), unicode)));
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(&font) {
            d.set("Encoding", Object::Reference(encoding));
            d.set("ToUnicode", Object::Reference(unicode));
        }
    }
}

fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    let Some(Object::Array(desc)) = dict_get(doc, font, b"DescendantFonts") else {
        return None;
    };
    desc.first().and_then(|o| deref(doc, o))?.as_dict().ok()
}

/// A CID font's `/W` widths: CID → width.
fn cid_widths(doc: &Document, cid: &Dictionary) -> HashMap<u32, f32> {
    let num = |o: &Object| match deref(doc, o) {
        Some(Object::Integer(i)) => Some(*i as f32),
        Some(Object::Real(r)) => Some(*r),
        _ => None,
    };
    let mut out = HashMap::new();
    let Some(Object::Array(w)) = dict_get(doc, cid, b"W") else {
        return out;
    };
    let mut i = 0;
    while i + 1 < w.len() {
        let Some(first) = num(&w[i]) else { break };
        match deref(doc, &w[i + 1]) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = num(v) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            _ => {
                let (Some(last), Some(width)) = (num(&w[i + 1]), w.get(i + 2).and_then(num)) else {
                    break;
                };
                for c in (first as u32..=last as u32).take(0x1_0000) {
                    out.insert(c, width);
                }
                i += 3;
            }
        }
    }
    out
}

/// A ToUnicode CMap keyed by CIDs of up to three bytes.
fn cid_cmap(map: &BTreeMap<u32, String>) -> Vec<u8> {
    let mut out = String::from("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    let entries: Vec<(&u32, &String)> = map.iter().collect();
    for chunk in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (cid, text) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            let width = if **cid > 0xFFFF { 6 } else { 4 };
            out.push_str(&format!("<{cid:0width$X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nend\nend\n");
    out.into_bytes()
}

/// A glyph said to stand for more than one word, or for more than four characters
/// (ligatures stand for two or three; combining marks are not counted).
fn overfull(s: &str) -> bool {
    let base = s.chars().filter(|c| !combining(*c)).count();
    base > 4 || (base > 1 && s.chars().any(char::is_whitespace))
}

/// The embedded TrueType program of a Type0 font's descendant, with its
/// CIDToGIDMap table (None: identity).
fn cid_program(doc: &Document, font: &Dictionary) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
    let Some(Object::Array(desc)) = dict_get(doc, font, b"DescendantFonts") else {
        return None;
    };
    let Some(Object::Dictionary(cid)) = desc.first().and_then(|o| deref(doc, o)) else {
        return None;
    };
    if cid.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"CIDFontType2") {
        return None;
    }
    let Some(Object::Dictionary(fd)) = dict_get(doc, cid, b"FontDescriptor") else {
        return None;
    };
    let Some(Object::Stream(file)) = dict_get(doc, fd, b"FontFile2") else {
        return None;
    };
    let program = file.decompressed_content().ok()?;
    let table = match dict_get(doc, cid, b"CIDToGIDMap") {
        Some(Object::Stream(s)) => Some(s.decompressed_content().ok()?),
        _ => None,
    };
    Some((program, table))
}

/// Each glyph's text as the font program tells it: the characters its `cmap`
/// table maps to it (the lowest one outside the private-use area), else its name
/// (`uni0628.init` → ب, `u1F600`, `a`).
fn program_chars(program: &[u8]) -> Option<HashMap<u16, String>> {
    let face = ttf_parser::Face::parse(program, 0).ok()?;
    let mut out: HashMap<u16, String> = HashMap::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            let mut pairs = Vec::new();
            sub.codepoints(|cp| {
                if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                    pairs.push((g.0, c));
                }
            });
            // Of the characters mapped to one glyph, a letter before its shapes,
            // and of two shapes the one of the lower letter (Arabic ي U+064A,
            // not Farsi ی U+06CC, whose medial shapes are the same glyph).
            pairs.sort_by_cached_key(|&(g, c)| {
                (
                    g,
                    private(c),
                    presentation_form(c),
                    c.to_string().nfkc().collect::<String>(),
                )
            });
            for (g, c) in pairs {
                if g != 0 && !private(c) && !c.is_control() {
                    out.entry(g).or_insert_with(|| c.to_string());
                }
            }
        }
    }
    // A contextual form (an Arabic letter's initial, medial or final shape) is
    // its letter: the glyph's name says which (`uni064A.medi`), else the
    // presentation form's compatibility decomposition.
    for g in 1..face.number_of_glyphs() {
        let form = out.get(&g).map(|s| s.chars().any(presentation_form));
        if form == Some(false) {
            continue;
        }
        match face.glyph_name(ttf_parser::GlyphId(g)).and_then(name_chars) {
            Some(s) if !s.chars().any(presentation_form) => {
                out.insert(g, s);
            }
            _ => {
                if let Some(s) = out.get_mut(&g) {
                    *s = s.nfkc().collect();
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Arabic presentation forms A and B: one shape of a letter, or a ligature.
fn presentation_form(c: char) -> bool {
    matches!(c as u32, 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

fn private(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// A glyph name's characters, for the names fonts are made with: `uniXXXX`
/// (several in a row for a ligature), `uXXXX`–`uXXXXXX`, a single letter or
/// digit, each part of `a_b` ligatures; a suffix after a dot (`.init`) is a form.
fn name_chars(name: &str) -> Option<String> {
    let base = name.split('.').next()?;
    let mut out = String::new();
    for part in base.split('_') {
        if let Some(hex) = part.strip_prefix("uni") {
            if hex.is_empty() || hex.len() % 4 != 0 {
                return None;
            }
            for i in (0..hex.len()).step_by(4) {
                let cp = u32::from_str_radix(hex.get(i..i + 4)?, 16).ok()?;
                out.push(char::from_u32(cp)?);
            }
        } else if let Some(hex) = part
            .strip_prefix('u')
            .filter(|h| (4..=6).contains(&h.len()))
        {
            let cp = u32::from_str_radix(hex, 16).ok()?;
            out.push(char::from_u32(cp)?);
        } else if part.len() == 1 && part.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push_str(part);
        } else {
            return None;
        }
    }
    (!out.is_empty() && !out.chars().any(|c| private(c) || c.is_control())).then_some(out)
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap: code → text.
fn parse_to_unicode(bytes: &[u8]) -> BTreeMap<u32, String> {
    #[derive(PartialEq)]
    enum Tok {
        Hex(Vec<u8>),
        Open,
        Close,
        Word(Vec<u8>),
    }
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'<' if bytes.get(i + 1) != Some(&b'<') => {
                let end = bytes[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(bytes.len(), |p| i + p);
                let digits: Vec<u8> = bytes[i + 1..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let v = digits
                    .chunks(2)
                    .map(|c| {
                        let s = std::str::from_utf8(c).unwrap_or("0");
                        let s = if s.len() == 1 {
                            format!("{s}0")
                        } else {
                            s.to_string()
                        };
                        u8::from_str_radix(&s, 16).unwrap_or(0)
                    })
                    .collect();
                toks.push(Tok::Hex(v));
                i = end + 1;
            }
            b'[' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b']' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !b"<>[]%".contains(&bytes[i])
                {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                toks.push(Tok::Word(bytes[start..i].to_vec()));
            }
        }
    }
    let code = |v: &[u8]| v.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b));
    let text = |v: &[u8]| {
        let units: Vec<u16> = v
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = BTreeMap::new();
    let mut mode = 0; // 1: bfchar, 2: bfrange
    let mut j = 0;
    while j < toks.len() {
        match &toks[j] {
            Tok::Word(w) if w == b"beginbfchar" => mode = 1,
            Tok::Word(w) if w == b"beginbfrange" => mode = 2,
            Tok::Word(w) if w == b"endbfchar" || w == b"endbfrange" => mode = 0,
            Tok::Hex(a) if mode == 1 => {
                if let Some(Tok::Hex(b)) = toks.get(j + 1) {
                    map.insert(code(a), text(b));
                    j += 1;
                }
            }
            Tok::Hex(lo) if mode == 2 => {
                let (lo, Some(Tok::Hex(hi))) = (code(lo), toks.get(j + 1)) else {
                    j += 1;
                    continue;
                };
                let hi = code(hi).min(lo.saturating_add(0xFFFF));
                match toks.get(j + 2) {
                    Some(Tok::Hex(dst)) => {
                        let mut units: Vec<u16> = text(dst).encode_utf16().collect();
                        for c in lo..=hi {
                            map.insert(c, String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                        j += 2;
                    }
                    Some(Tok::Open) => {
                        let mut k = j + 3;
                        let mut c = lo;
                        while let Some(Tok::Hex(dst)) = toks.get(k) {
                            if c <= hi {
                                map.insert(c, text(dst));
                            }
                            c += 1;
                            k += 1;
                        }
                        j = k;
                    }
                    _ => j += 1,
                }
            }
            _ => {}
        }
        j += 1;
    }
    map
}

/// A ToUnicode CMap with one `bfchar` entry per code (two-byte codes).
fn to_unicode_cmap(map: &BTreeMap<u32, String>) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Mended-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u32, &String)> = map.iter().filter(|(c, _)| **c <= 0xFFFF).collect();
    for chunk in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, text) in chunk {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{code:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_maps_are_read_and_judged() {
        let cmap = b"2 beginbfchar\n<004b> <062d064e0628064a0628064a00200068>\n<0044> <0061>\nendbfchar\n1 beginbfrange\n<0010> <0012> <0041>\nendbfrange\n1 beginbfrange\n<0020> <0021> [<0066006C> <0078>]\nendbfrange";
        let m = parse_to_unicode(cmap);
        assert_eq!(m[&0x44], "a");
        assert_eq!(m[&0x12], "C");
        assert_eq!(m[&0x20], "fl");
        assert_eq!(m[&0x21], "x");
        assert!(overfull(&m[&0x4b]));
        assert!(!overfull("ffi") && !overfull("لا") && !overfull("حَ"));
        let round = parse_to_unicode(&to_unicode_cmap(&m));
        assert_eq!(round, m);
    }

    #[test]
    fn comments_leave_content_streams_strings_kept() {
        assert_eq!(
            without_comments(b"BT % start\n  (50% off) Tj % show\nET").as_deref(),
            Some(&b"BT \n\n  (50% off) Tj \n\nET"[..])
        );
        assert_eq!(without_comments(b"BT (100%) Tj ET"), None);
    }

    #[test]
    fn glyph_names_give_characters() {
        assert_eq!(name_chars("uni0628.init").as_deref(), Some("ب"));
        assert_eq!(name_chars("uni06440627").as_deref(), Some("لا"));
        assert_eq!(name_chars("u1F600").as_deref(), Some("😀"));
        assert_eq!(name_chars("f_i").as_deref(), Some("fi"));
        assert_eq!(name_chars("beh-ar.medi"), None);
        assert_eq!(name_chars(".notdef"), None);
        assert!(index_name(b"g18") && index_name(b"glyph42") && index_name(b"G7"));
        assert!(!index_name(b"g") && !index_name(b"gcommaaccent") && !index_name(b"one"));
        assert_eq!(
            (MAC_ORDER[68], MAC_ORDER[112], MAC_ORDER[257]),
            ("a", "é", "đ")
        );
        assert!(core_font("ABCDEF+TimesNewRoman,Bold") && core_font("Arial-BoldMT"));
        assert!(core_font("TimesNewRomanPS-ItalicMT") && core_font("Courier New"));
        assert!(!core_font("Calibri") && !core_font("AAAAAA+ArialUnicodeMS"));
    }
}
