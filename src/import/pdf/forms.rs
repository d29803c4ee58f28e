//! Places the text of form XObjects (`/Name Do`) where the page draws it.
//! pdf-extract 0.12 reads a form's content with a fresh graphics state: neither
//! the transformation in force where the form is drawn nor the form's own
//! `/Matrix` applies, so its text landed at the form's own coordinates (off the
//! page, or one place for a form drawn forty times) and was lost or misplaced.
//! Each drawing of a form with text becomes a copy of it whose content starts
//! with that transformation. Changes only the in-memory document.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use super::repair::{deref, dict_get, dict_of};

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Forms drawn within forms deeper than this are left as they are (a form
/// drawing itself would never end).
const MAX_DEPTH: u32 = 8;

/// No more copies than this in a document (a map drawing a symbol thousands
/// of times): the rest are left as pdf-extract reads them.
const MAX_COPIES: usize = 20_000;

/// `m` then `n`: the matrix of `m cm` done with `n` in force.
fn times(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn matrix(ops: &[Object]) -> Option<Matrix> {
    if ops.len() != 6 {
        return None;
    }
    let mut m = IDENTITY;
    for (slot, o) in m.iter_mut().zip(ops) {
        *slot = number(o).filter(|v| v.is_finite())?;
    }
    Some(m)
}

/// A page's resources, looked up the page tree as pdf-extract does.
fn page_resources(doc: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(r) = node.get(b"Resources") {
            return deref(doc, r).and_then(|o| o.as_dict().ok()).cloned();
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn decoded(s: &Stream) -> Vec<u8> {
    s.decompressed_content()
        .unwrap_or_else(|_| s.content.clone())
}

/// What a rewrite adds to the document.
struct Work {
    /// New objects: the copies of forms.
    copies: Vec<Stream>,
    next: ObjectId,
    /// Whether a form (by its object number) draws text, once worked out.
    texts: std::collections::HashMap<ObjectId, bool>,
}

/// Gives every page whose content draws a form with text its own copies of
/// those forms, each placed where the page draws it.
pub fn place_forms(doc: &mut Document) {
    let mut work = Work {
        copies: Vec::new(),
        next: (doc.max_id + 1, 0),
        texts: std::collections::HashMap::new(),
    };
    let mut pages: Vec<(ObjectId, Vec<u8>, Dictionary)> = Vec::new();
    for (_, page) in doc.get_pages() {
        let Some(resources) = page_resources(doc, page) else {
            continue;
        };
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        if let Some((content, resources)) = rewrite(doc, &content, &resources, 0, &mut work) {
            pages.push((page, content, resources));
        }
    }
    let ids: Vec<ObjectId> = (0..work.copies.len())
        .map(|i| (doc.max_id + 1 + i as u32, 0))
        .collect();
    for (id, copy) in ids.iter().zip(work.copies) {
        doc.objects.insert(*id, Object::Stream(copy));
    }
    doc.max_id += ids.len() as u32;
    for (page, content, resources) in pages {
        doc.max_id += 1;
        let id = (doc.max_id, 0);
        doc.objects
            .insert(id, Object::Stream(Stream::new(Dictionary::new(), content)));
        if let Ok(Object::Dictionary(p)) = doc.get_object_mut(page) {
            p.set("Contents", Object::Reference(id));
            p.set("Resources", Object::Dictionary(resources));
        }
    }
}

/// Whether a form draws text, itself or in a form it draws.
fn has_text(doc: &Document, form: &Stream, depth: u32) -> bool {
    let Ok(content) = Content::decode(&decoded(form)) else {
        return false;
    };
    let inner = dict_of(doc, &form.dict, b"Resources").and_then(|r| dict_of(doc, r, b"XObject"));
    content
        .operations
        .iter()
        .any(|op| match op.operator.as_str() {
            "BT" => true,
            "Do" if depth < MAX_DEPTH => op
                .operands
                .first()
                .and_then(|n| n.as_name().ok())
                .and_then(|n| inner?.get(n).ok())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_stream().ok())
                .is_some_and(|f| is_form(f) && has_text(doc, f, depth + 1)),
            _ => false,
        })
}

fn is_form(s: &Stream) -> bool {
    s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
}

/// The content with each `Do` of a form with text pointed at a placed copy, and
/// the resources naming those copies; None where nothing changes.
fn rewrite(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    depth: u32,
    work: &mut Work,
) -> Option<(Vec<u8>, Dictionary)> {
    let xobjects = dict_of(doc, resources, b"XObject")?;
    let mut content = Content::decode(content).ok()?;
    let mut added = xobjects.clone();
    let mut ctm = IDENTITY;
    let mut stack: Vec<Matrix> = Vec::new();
    let mut changed = false;
    for op in content.operations.iter_mut() {
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" => {
                if let Some(m) = matrix(&op.operands) {
                    ctm = times(&m, &ctm);
                }
            }
            "Do" => {
                if work.copies.len() >= MAX_COPIES || depth >= MAX_DEPTH {
                    continue;
                }
                let Some(name) = op.operands.first().and_then(|n| n.as_name().ok()) else {
                    continue;
                };
                let entry = xobjects.get(name).ok();
                let Some(form) = entry
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_stream().ok())
                    .filter(|f| is_form(f))
                else {
                    continue;
                };
                let text = match entry.and_then(|o| o.as_reference().ok()) {
                    Some(id) => *work
                        .texts
                        .entry(id)
                        .or_insert_with(|| has_text(doc, form, depth)),
                    None => has_text(doc, form, depth),
                };
                if !text {
                    continue;
                }
                let own = dict_get(doc, &form.dict, b"Matrix")
                    .and_then(|m| m.as_array().ok())
                    .and_then(|m| matrix(m))
                    .unwrap_or(IDENTITY);
                let placed = times(&own, &ctm);
                let mut body = Content {
                    operations: vec![Operation::new(
                        "cm",
                        placed.iter().map(|&v| Object::Real(v as f32)).collect(),
                    )],
                }
                .encode()
                .ok()?;
                body.push(b'\n');
                body.extend(decoded(form));
                // Its own resources, else those it is drawn with (as pdf-extract reads it).
                let form_resources = dict_of(doc, &form.dict, b"Resources").unwrap_or(resources);
                let mut dict = form.dict.clone();
                dict.remove(b"Matrix");
                dict.remove(b"Filter");
                dict.remove(b"DecodeParms");
                dict.remove(b"Length");
                if let Some((inner, inner_resources)) =
                    rewrite(doc, &body, form_resources, depth + 1, work)
                {
                    body = inner;
                    dict.set("Resources", Object::Dictionary(inner_resources));
                }
                let id = (work.next.0 + work.copies.len() as u32, 0);
                work.copies.push(Stream::new(dict, body));
                let new_name = format!("DossierForm{}", id.0).into_bytes();
                added.set(new_name.clone(), Object::Reference(id));
                op.operands[0] = Object::Name(new_name);
                changed = true;
            }
            _ => {}
        }
    }
    if !changed {
        return None;
    }
    let mut resources = resources.clone();
    resources.set("XObject", Object::Dictionary(added));
    Some((content.encode().ok()?, resources))
}
