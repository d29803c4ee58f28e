//! `dossier import`: pages, PDFs, addresses and bad input, as an editor sees them:
//! the exit code, the message, the seed and source files on disk, and that the
//! dossier then builds. Fixtures are made here (pages as strings, PDFs written by
//! hand); `tests/fixtures/import/` holds what cannot be (see its README).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{snapshot, Dossier};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// A new, empty dossier (`dossier init`).
fn fresh() -> Dossier {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("init")
        .arg(dir.path())
        .output()
        .expect("run dossier init");
    assert!(out.status.success());
    Dossier { dir }
}

/// A file outside the dossier, in a temp dir kept alive by the caller.
fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn import(d: &Dossier, args: &[&str]) -> (i32, String) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    d.run(&all)
}

/// Imports `bytes`, saved in `tmp` as `name`, into `d`: the import must succeed.
/// Returns what it printed.
fn import_ok(d: &Dossier, tmp: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let p = file(tmp, name, bytes);
    let (code, err) = import(d, &[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    err
}

/// `dossier import --format json`: exit code and the report.
fn import_json(d: &Dossier, input: &Path) -> (i32, serde_json::Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["import", "--format", "json", "--root"])
        .arg(d.root())
        .arg(input)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), v)
}

/// The files under seeds/ and content/ (what an import may write).
fn written(d: &Dossier) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = snapshot(&d.root().join("seeds"));
    all.extend(snapshot(&d.root().join("content")));
    all
}

fn read(d: &Dossier, rel: &str) -> String {
    fs::read_to_string(d.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry pledges winter aid | Daily Wire Service</title>
<meta property="og:title" content="Ministry pledges winter aid">
<meta property="og:site_name" content="Daily Wire Service">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://news.example.com/2024/03/winter-aid">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ministry pledges winter aid",
 "datePublished":"2024-03-05T08:00:00Z","author":{"@type":"Person","name":"Olena Koval"},
 "publisher":{"@type":"Organization","name":"Daily Wire Service"}}
</script>
<script>window.tracking = {"id": 42};</script>
<style>body { font-family: serif }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="share">Share on Facebook</div>
<article>
<h1>Ministry pledges winter aid</h1>
<p>The ministry said on Monday that it would deliver generators and heating equipment to the eastern regions before the first frost, according to officials familiar with the plan.</p>
<p>“We will not leave anyone in the cold this winter,” the minister told reporters in the capital, adding that the first convoys had already left the warehouses.</p>
<blockquote><p>Every district will receive at least two mobile boiler units by November, the statement said.</p></blockquote>
<ul><li>Generators for hospitals and schools in the front-line districts.</li><li>Fuel reserves for the municipal heating plants of the region.</li></ul>
<p>Aid groups welcomed the pledge but warned that the repairs to the power grid would take months, and that the help must reach the villages too.</p>
</article>
<aside><h3>Related</h3><a href="/a">Other story one</a><a href="/b">Other story two</a></aside>
<footer>© Daily Wire Service. All rights reserved.</footer>
</body></html>"#;

#[test]
fn a_saved_page_becomes_a_seed_and_a_prefilled_source_that_builds() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = file(&tmp, "winter-aid.html", ARTICLE.as_bytes());
    let (code, err) = import(&d, &[page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("as source `ministry-pledges-winter-aid`"),
        "{err}"
    );
    let seed = read(&d, "seeds/ministry-pledges-winter-aid.txt");
    // Headline first, once; paragraphs with a blank line between; LF; no markup.
    assert!(
        seed.starts_with("Ministry pledges winter aid\n\nThe ministry said on Monday"),
        "{seed}"
    );
    assert_eq!(
        seed.matches("Ministry pledges winter aid").count(),
        1,
        "{seed}"
    );
    assert!(seed.contains("\n\nEvery district will receive at least two mobile boiler units by November, the statement said.\n\n"), "{seed}");
    assert!(
        seed.contains("\n\nGenerators for hospitals and schools in the front-line districts.\n\n"),
        "{seed}"
    );
    assert!(seed.ends_with("must reach the villages too.\n"), "{seed}");
    for junk in [
        "<",
        "window.tracking",
        "font-family",
        "Share on Facebook",
        "Home",
        "Other story",
        "All rights reserved",
    ] {
        assert!(!seed.contains(junk), "{junk:?} in the seed:\n{seed}");
    }
    assert!(!seed.contains('\r'));
    let source = read(&d, "content/sources/ministry-pledges-winter-aid.yaml");
    for line in [
        "seed: ministry-pledges-winter-aid.txt",
        "title: 'Ministry pledges winter aid'",
        "outlet: 'Daily Wire Service'",
        "author: 'Olena Koval'",
        "published: 2024-03-05",
        "url: 'https://news.example.com/2024/03/winter-aid'",
        "language: 'en'",
        "  file: 'originals/ministry-pledges-winter-aid.html'",
    ] {
        assert!(
            source.lines().any(|l| l == line),
            "no {line:?} in\n{source}"
        );
    }
    let sha = source
        .lines()
        .find_map(|l| l.strip_prefix("  sha256: "))
        .expect("a sha256");
    assert_eq!(sha.len(), 64);
    assert!(source.lines().any(|l| l.starts_with("retrieved: 20")));
    // The original, byte for byte.
    assert_eq!(
        fs::read(
            d.root()
                .join("seeds/originals/ministry-pledges-winter-aid.html")
        )
        .unwrap(),
        ARTICLE.as_bytes()
    );
    // It builds, with nothing to say about seeds/originals/; the source page shows
    // the text, and the original is not published.
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("originals"), "{err}");
    d.build();
    let html = d.page("sources/ministry-pledges-winter-aid/index.html");
    assert!(html.contains("mobile boiler units"));
    assert!(
        html.contains(&format!(
            "<code>seeds/originals/ministry-pledges-winter-aid.html</code> (kept by the editors, not published), SHA-256 <code class=\"sha256\">{sha}</code>"
        )),
        "the source page names the original and its sha256"
    );
    assert!(!walkdir::WalkDir::new(d.out())
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("originals")
            || e.path().extension().is_some_and(|x| x == "pdf")));
    // The same document again, from an import that is byte for byte the same,
    // writes nothing and says which source it is.
    let before = written(&d);
    let (code, err) = import(&d, &[page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("is already source `ministry-pledges-winter-aid` (same file)"),
        "{err}"
    );
    assert_eq!(written(&d), before);
}

#[test]
fn the_same_text_under_another_name_is_recognised_and_a_near_copy_is_warned_about() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let a = file(&tmp, "a.html", ARTICLE.as_bytes());
    assert_eq!(import(&d, &[a.to_str().unwrap()]).0, 0);
    // Other bytes (a comment, another address), the same text.
    let same = ARTICLE.replace("<nav>", "<!-- saved again --><nav>");
    let b = file(&tmp, "copy.htm", same.as_bytes());
    let before = written(&d);
    let (code, err) = import(&d, &[b.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("is already source `ministry-pledges-winter-aid` (same text)"),
        "{err}"
    );
    assert_eq!(written(&d), before);
    // Wire copy with its own headline and one more paragraph: imported, warned.
    let wire = ARTICLE
        .replace("Ministry pledges winter aid", "Winter aid promised by the ministry")
        .replace(
            "</article>",
            "<p>Reporting by the wire desk in the capital; edited for the regional pages.</p></article>",
        );
    let c = file(&tmp, "wire.html", wire.as_bytes());
    let (code, err) = import(&d, &[c.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("as source `winter-aid-promised-by-the-ministry`"),
        "{err}"
    );
    assert!(
        err.contains("warning:")
            && err.contains("mostly the same text as source `ministry-pledges-winter-aid`"),
        "{err}"
    );
}

#[test]
fn a_windows_1251_page_comes_out_as_utf8_and_json_ld_fills_the_source() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    // Declared in <meta>; and one without any declaration, left to detection.
    let body = "<h1>Київ отримає генератори до зими</h1>\
        <p>Міністерство енергетики заявило в понеділок, що передасть громадам сході країни генератори та обладнання для опалення ще до перших морозів.</p>\
        <p>«Ми не залишимо нікого в холоді цієї зими», — сказав міністр журналістам у столиці, додавши, що перші колони вже виїхали зі складів.</p>\
        <p>Гуманітарні організації привітали обіцянку, але попередили, що ремонт енергомережі триватиме місяцями.</p>";
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Київ отримає генератори до зими","datePublished":"2023-11-02","author":[{"@type":"Person","name":"Олена Коваль"}],"publisher":{"@type":"Organization","name":"Українська служба"}}</script>"#;
    let declared = format!(
        "<html lang=\"uk\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><title>Генератори</title>{ld}</head><body><article>{body}</article></body></html>"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&declared);
    let page = file(&tmp, "kyiv.html", &bytes);
    let (code, err) = import(&d, &[page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let id = "kyiv-otrymaie-heneratory-do-zymy";
    assert!(err.contains(&format!("as source `{id}`")), "{err}");
    let seed = read(&d, &format!("seeds/{id}.txt"));
    assert!(
        seed.starts_with("Київ отримає генератори до зими\n\nМіністерство енергетики"),
        "{seed}"
    );
    assert!(
        seed.contains("«Ми не залишимо нікого в холоді цієї зими»"),
        "{seed}"
    );
    let source = read(&d, &format!("content/sources/{id}.yaml"));
    for line in [
        "title: 'Київ отримає генератори до зими'",
        "author: 'Олена Коваль'",
        "outlet: 'Українська служба'",
        "published: 2023-11-02",
        "language: 'uk'",
    ] {
        assert!(
            source.lines().any(|l| l == line),
            "no {line:?} in\n{source}"
        );
    }
    // Undeclared: the bytes alone say windows-1251.
    let bare = format!(
        "<html><body><article>{}</article></body></html>",
        body.replace("Київ отримає", "Харків отримає")
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&bare);
    let page = file(&tmp, "kharkiv.htm", &bytes);
    let (code, err) = import(&d, &[page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let seed = read(&d, "seeds/kharkiv-otrymaie-heneratory-do-zymy.txt");
    assert!(
        seed.contains("Міністерство енергетики заявило в понеділок"),
        "{seed}"
    );
    d.build();
}

/// A PDF written by hand: one page per entry, each a list of (x, y, size, text)
/// with the standard Helvetica font; or, with `image_only`, a page that is only an
/// image (a scan).
fn pdf(pages: &[Vec<(f32, f32, f32, &str)>], image_only: bool) -> Vec<u8> {
    pdf_with(pages, image_only, "")
}

/// [`pdf`], with `page` added to each page's dictionary (e.g. `/Rotate 90`).
fn pdf_with(pages: &[Vec<(f32, f32, f32, &str)>], image_only: bool, page: &str) -> Vec<u8> {
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(), // the page tree, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\x10\nendstream".to_vec(),
        b"<< /Title (Quarterly field report) /Author (Relief Desk) /CreationDate (D:20240131120000Z) >>".to_vec(),
    ];
    let mut kids = Vec::new();
    for lines in pages {
        let content: String = if image_only {
            "q 500 0 0 700 50 50 cm /Im1 Do Q\n".to_string()
        } else {
            lines
                .iter()
                .map(|(x, y, s, t)| {
                    let t = t
                        .replace('\\', "\\\\")
                        .replace('(', "\\(")
                        .replace(')', "\\)");
                    format!("BT /F1 {s} Tf {x} {y} Td ({t}) Tj ET\n")
                })
                .collect()
        };
        let content_id = objs.len() + 2;
        let page_id = objs.len() + 1;
        objs.push(format!("<< /Type /Page {page} /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> /Contents {content_id} 0 R >>").into_bytes());
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objs.push(stream);
        kids.push(format!("{page_id} 0 R"));
    }
    objs[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();
    pdf_file(&objs)
}

/// Objects 1, 2, … as a PDF file, object 1 the catalog and 5 the Info dictionary.
fn pdf_file(objs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Two pages of two columns, each with a running header and a page number; the
/// right column is drawn first (stream order is not reading order), and a word is
/// hyphenated at a line's end.
fn two_column_pdf() -> Vec<u8> {
    let left = [
        "The relief convoy reached the northern dis-",
        "tricts on Tuesday after a delay of two days",
        "at the border crossing, the coordinators said.",
    ];
    let left2 = [
        "Fuel for the generators remains the largest",
        "need of the hospitals in the region.",
    ];
    let right = [
        "Local officials asked for more water tanks",
        "and for blankets before the first snow.",
    ];
    let right2 = [
        "The next convoy is planned for the end of",
        "the month, if the roads stay open.",
    ];
    let page = |n: &'static str, l: &[&'static str], r: &[&'static str]| {
        let mut v: Vec<(f32, f32, f32, &'static str)> = Vec::new();
        for (i, t) in r.iter().enumerate() {
            v.push((320.0, 700.0 - 14.0 * i as f32, 10.0, t));
        }
        for (i, t) in l.iter().enumerate() {
            v.push((60.0, 700.0 - 14.0 * i as f32, 10.0, t));
        }
        v.push((60.0, 750.0, 9.0, "Relief Desk - Quarterly field report"));
        v.push((300.0, 40.0, 9.0, n));
        v
    };
    pdf(
        &[page("1", &left, &right), page("2", &left2, &right2)],
        false,
    )
}

#[test]
fn a_two_column_pdf_reads_in_column_order_without_headers_or_page_numbers() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let err = import_ok(&d, &tmp, "report.pdf", &two_column_pdf());
    assert!(err.contains("as source `quarterly-field-report`"), "{err}");
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert_eq!(
        seed,
        "Quarterly field report\n\n\
         The relief convoy reached the northern districts on Tuesday after a delay of two days at the border crossing, the coordinators said.\n\n\
         Local officials asked for more water tanks and for blankets before the first snow.\n\n\
         Fuel for the generators remains the largest need of the hospitals in the region.\n\n\
         The next convoy is planned for the end of the month, if the roads stay open.\n"
    );
    let source = read(&d, "content/sources/quarterly-field-report.yaml");
    assert!(source.contains("author: 'Relief Desk'"), "{source}");
    assert!(source.contains("published: 2024-01-31"), "{source}");
    assert!(
        source.contains("  file: 'originals/quarterly-field-report.pdf'"),
        "{source}"
    );
    d.build();
}

#[test]
fn a_browser_printed_page_reads_as_its_words_and_table_rows() {
    // The fixture's page (see tests/fixtures/import/README.md):
    // <h1>Harbour works resume</h1><p>The port authority said …</p>
    // <table> Berth Depth Opens / North 14 m April / South 11 m June </table>
    // <p>Fishermen asked …</p>
    let d = fresh();
    let p = Path::new(FIXTURES).join("chromium-print.pdf");
    let (code, err) = import(&d, &[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("as source `harbour-works-resume`"), "{err}");
    // No word split in two or run into the next ("per manently"), no line out
    // of place: every glyph of the print sits where the page shows it.
    assert_eq!(
        read(&d, "seeds/harbour-works-resume.txt"),
        "Harbour works resume\n\n\
         The port authority said on Monday that dredging would resume permanently after a pause of six weeks, and that the new quay would open in the spring.\n\n\
         Berth Depth Opens\n\n\
         North 14 m April\n\n\
         South 11 m June\n\n\
         Fishermen asked for a second slipway before the summer season.\n"
    );
    d.build();
}

#[test]
fn arabic_and_hebrew_read_from_the_right_in_the_order_they_are_written() {
    // Chromium draws right-to-left lines glyph by glyph from the left, Arabic in
    // its joined shapes (see tests/fixtures/import/README.md). The seed must hold
    // the letters in reading order (searchable, quotable), the number and the
    // Latin word in it left to right, the brackets the right way round.
    let d = fresh();
    let p = Path::new(FIXTURES).join("rtl-print.pdf");
    let (code, err) = import(&d, &[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&d, "seeds/generators-before-winter.txt"),
        "Generators before winter\n\n\
         قالت الوزارة إنها سترسل 40 مولدا قبل الشتاء.\n\n\
         המשרד אמר כי ישלח גנרטורים (Siemens) לפני החורף.\n\n\
         The ministry said it would send generators before the winter.\n"
    );
}

#[test]
fn a_table_drawn_column_by_column_reads_row_by_row() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    // Cells written to the file a column at a time, as some producers do.
    let mut cells: Vec<(f32, f32, f32, &str)> =
        vec![(60.0, 720.0, 16.0, "Aid delivered by district")];
    let table = [
        ["District", "Tents", "Water"],
        ["North", "120", "40 t"],
        ["South", "85", "22 t"],
    ];
    for col in 0..3 {
        for (row, cells_of_row) in table.iter().enumerate() {
            let x = 60.0 + 150.0 * col as f32;
            cells.push((x, 680.0 - 20.0 * row as f32, 10.0, cells_of_row[col]));
        }
    }
    cells.push((
        60.0,
        600.0,
        10.0,
        "Figures from the coordinators, as of Friday.",
    ));
    import_ok(&d, &tmp, "aid.pdf", &pdf(&[cells], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "Aid delivered by district\n\n\
             District Tents Water\n\n\
             North 120 40 t\n\n\
             South 85 22 t\n\n\
             Figures from the coordinators, as of Friday.\n"
        ),
        "{seed}"
    );
}

#[test]
fn a_short_table_with_a_wide_gap_is_not_read_as_two_columns() {
    // Two blocks of cells, each line long enough to be a line of text, a wide
    // gap between: a table all the same (no sentence runs on in either block).
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        ("Northern district 120 t", "Opened on 3 March 2024"),
        ("Southern district 85 t", "Opened on 9 March 2024"),
        ("Eastern district 40 t", "Closed since 1 April"),
        ("Western district 22 t", "Opened on 2 May 2024"),
    ];
    let mut lines: Vec<(f32, f32, f32, &str)> =
        vec![(60.0, 720.0, 12.0, "Grain stores by district")];
    for (i, (left, right)) in rows.iter().enumerate() {
        let y = 690.0 - 16.0 * i as f32;
        lines.push((60.0, y, 10.0, left));
        lines.push((330.0, y, 10.0, right));
    }
    import_ok(&d, &tmp, "stores.pdf", &pdf(&[lines], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "Northern district 120 t Opened on 3 March 2024\n\n\
             Southern district 85 t Opened on 9 March 2024\n\n\
             Eastern district 40 t Closed since 1 April\n\n\
             Western district 22 t Opened on 2 May 2024\n"
        ),
        "{seed}"
    );
}

#[test]
fn a_box_beside_the_text_is_read_apart_from_it() {
    // Two lines in a narrow box left of the text, on the text's baselines: read
    // line by line across, each would cut a sentence of the text in two.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let body = [
        "The harbour master said on Monday that the",
        "dredging of the northern basin would resume",
        "after a pause of six weeks, once the new",
        "contract with the port authority is signed.",
        "Fishermen asked for a second slipway and for",
        "the old quay to stay open during the works.",
    ];
    let aside = ["Dredged so far: 40 %", "Cost to date: 2.1 m"];
    let mut lines: Vec<(f32, f32, f32, &str)> = Vec::new();
    for (i, t) in body.iter().enumerate() {
        lines.push((240.0, 700.0 - 14.0 * i as f32, 10.0, t));
    }
    for (i, t) in aside.iter().enumerate() {
        lines.push((40.0, 700.0 - 14.0 * i as f32, 10.0, t));
    }
    import_ok(&d, &tmp, "harbour.pdf", &pdf(&[lines], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "The harbour master said on Monday that the dredging of the northern basin \
             would resume after a pause of six weeks, once the new contract with the port \
             authority is signed."
        ),
        "{seed}"
    );
    assert!(
        seed.contains("Dredged so far: 40 % Cost to date: 2.1 m"),
        "{seed}"
    );
}

#[test]
fn boxes_side_by_side_are_read_one_after_the_other() {
    // A grid of two by two cards, as a browser prints a page's "related
    // stories": each card's lines on the same baselines as its neighbour's.
    // Read line by line across, every headline was cut in two and spliced into
    // the next.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let cards = [
        (
            60.0,
            700.0,
            [
                "Grain prices rise in the north",
                "Two weeks of rain ruined the harvest",
            ],
        ),
        (
            320.0,
            700.0,
            ["Ferry service resumes on", "Monday for the islands"],
        ),
        (
            60.0,
            640.0,
            ["Clinics report fewer cases", "After the vaccination drive"],
        ),
        (
            320.0,
            640.0,
            ["Schools reopen after the storm", "Repairs took three weeks"],
        ),
    ];
    let mut lines: Vec<(f32, f32, f32, &str)> = vec![(60.0, 740.0, 16.0, "Related stories")];
    for (x, y, card) in &cards {
        for (i, t) in card.iter().enumerate() {
            lines.push((*x, y - 12.0 * i as f32, 10.0, t));
        }
    }
    import_ok(&d, &tmp, "cards.pdf", &pdf(&[lines], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.ends_with(
            "Related stories\n\n\
             Grain prices rise in the north Two weeks of rain ruined the harvest\n\n\
             Ferry service resumes on Monday for the islands\n\n\
             Clinics report fewer cases After the vaccination drive\n\n\
             Schools reopen after the storm Repairs took three weeks\n"
        ),
        "{seed}"
    );
}

#[test]
fn a_line_a_little_above_another_and_further_right_is_read_first() {
    // Two short lines in large type, the first a little higher and to the right
    // of the second (their boxes overlap in height): top to bottom, not left to
    // right.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = vec![
        (28.0, 760.0, 24.0, "Some text."),
        (142.0, 651.0, 24.0, "Line one"),
        (31.0, 632.0, 24.0, "Line two"),
        (116.0, 608.0, 24.0, "Not highlighted"),
    ];
    import_ok(&d, &tmp, "notes.pdf", &pdf(&[page], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    let at = |s: &str| {
        seed.find(s)
            .unwrap_or_else(|| panic!("{s} missing: {seed}"))
    };
    assert!(at("Some text.") < at("Line one"), "{seed}");
    assert!(at("Line one") < at("Line two"), "{seed}");
    assert!(at("Line two") < at("Not highlighted"), "{seed}");
}

#[test]
fn a_tab_bar_printed_on_every_page_is_left_out_like_a_running_footer() {
    // A browser prints a page's fixed bottom bar on each sheet: four labels on
    // one baseline. All four go, not just the two lowest lines.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let texts = [
        "The council approved the budget for the new bridge on Monday.",
        "Work on the northern approach starts in the spring.",
        "The old ferry will run until the bridge opens.",
    ];
    let pages: Vec<Vec<(f32, f32, f32, &str)>> = texts
        .iter()
        .map(|t| {
            vec![
                (60.0, 700.0, 11.0, *t),
                (50.0, 30.0, 7.0, "MARKETS"),
                (200.0, 30.0, 7.0, "WATCHLIST"),
                (350.0, 30.0, 7.0, "LIVE TV"),
                (500.0, 30.0, 7.0, "MENU"),
            ]
        })
        .collect();
    import_ok(&d, &tmp, "print.pdf", &pdf(&pages, false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    for t in texts {
        assert!(seed.contains(t), "{seed}");
    }
    for label in ["MARKETS", "WATCHLIST", "LIVE TV", "MENU"] {
        assert!(!seed.contains(label), "{label}: {seed}");
    }
}

/// A font program in the compact (CFF) format with no glyph drawn and the
/// standard encoding built in, which puts Oslash at 233.
fn cff_font() -> Vec<u8> {
    let mut f = vec![1, 0, 4, 1]; // header
    f.extend_from_slice(&[0, 1, 1, 1, 5]); // Name INDEX: one name, 4 bytes
    f.extend_from_slice(b"Test");
    // Top DICT INDEX: one dict, "28 CharStrings" (28 as a 5-byte integer).
    f.extend_from_slice(&[0, 1, 1, 1, 7, 29, 0, 0, 0, 28, 17]);
    f.extend_from_slice(&[0, 0, 0, 0]); // String and Global Subr INDEXes: empty
    assert_eq!(f.len(), 28);
    f.extend_from_slice(&[0, 1, 1, 1, 2, 14]); // CharStrings: .notdef, endchar
    f
}

#[test]
fn accents_come_from_the_pdfs_encoding_not_the_font_programs_own() {
    // TeX's fonts name their accented letters in the PDF (/Differences: 233 is
    // eacute), while the embedded font program's built-in encoding says 233 is
    // Oslash: the PDF's word wins, as a viewer shows it ("Café", not "CafØ").
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let cff = cff_font();
    let widths = vec!["500"; 224].join(" ");
    let text = b"BT /F1 12 Tf 72 700 Td (Caf\xe9 au lait for the whole team.) Tj ET";
    let mut content = format!("<< /Length {} >>\nstream\n", text.len()).into_bytes();
    content.extend_from_slice(text);
    content.extend_from_slice(b"\nendstream");
    let mut program =
        format!("<< /Subtype /Type1C /Length {} >>\nstream\n", cff.len()).into_bytes();
    program.extend_from_slice(&cff);
    program.extend_from_slice(b"\nendstream");
    let objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Test /FirstChar 32 /LastChar 255 /Widths [{widths}] /Encoding 8 0 R /FontDescriptor 4 0 R >>").into_bytes(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 32 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile3 9 0 R >>".to_vec(),
        b"<< /Title (Team notes) >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>".to_vec(),
        content,
        b"<< /Type /Encoding /Differences [233 /eacute] >>".to_vec(),
        program,
    ];
    import_ok(&d, &tmp, "notes.pdf", &pdf_file(&objs));
    let seed = read(&d, "seeds/team-notes.txt");
    assert!(seed.contains("Café au lait for the whole team."), "{seed}");
}

#[test]
fn a_rotated_pdf_whose_pages_all_say_the_same_is_read_not_refused() {
    // Its only line recurs on every page, where a running header would: it is
    // still the text, and the PDF has a text layer (it was refused as a scan).
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = || vec![(72.0, 700.0, 12.0, "Notice of closure of the northern road")];
    let p = file(
        &tmp,
        "notice.pdf",
        &pdf_with(&[page(), page(), page()], false, "/Rotate 90"),
    );
    let (code, err) = import(&d, &[p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert_eq!(
        seed.matches("Notice of closure of the northern road")
            .count(),
        3,
        "{seed}"
    );
}

#[test]
fn what_was_typed_into_a_pdf_form_is_read_where_its_field_is() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = vec![
        (60.0, 740.0, 16.0, "Declaration of interests"),
        (60.0, 700.0, 10.0, "Name of the official"),
        (60.0, 680.0, 10.0, "Office held"),
    ];
    // Two filled text fields beside their labels, and a ticked box (no text).
    let fields = "/Annots [\
        << /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Alice Martin) /Rect [200 696 400 712] /DA (/Helv 10 Tf 0 g) >> \
        << /Type /Annot /Subtype /Widget /Rect [200 676 400 692] /Parent << /FT /Tx /T (office) /V (Mayor of Eastport) >> >> \
        << /Type /Annot /Subtype /Widget /FT /Btn /T (agree) /V /Yes /Rect [60 650 70 660] >> ]";
    import_ok(&d, &tmp, "form.pdf", &pdf_with(&[page], false, fields));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.ends_with(
            "Declaration of interests\n\n\
             Name of the official Alice Martin\n\n\
             Office held Mayor of Eastport\n"
        ),
        "{seed}"
    );
    assert!(!seed.contains("Yes"), "{seed}");
}

#[test]
fn a_pdf_whose_font_the_reader_chokes_on_is_still_read() {
    // A font naming an encoding no PDF defines: pdf-extract panics on it, and
    // the page is read again with the font's encoding replaced.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = vec![(60.0, 700.0, 12.0, "The inquiry opens on Monday.")];
    let bytes = pdf(&[page], false);
    let at = bytes
        .windows(16)
        .position(|w| w == b"/WinAnsiEncoding")
        .unwrap();
    let mut odd = bytes.clone();
    // Same length: the cross-reference table stays right.
    odd[at..at + 16].copy_from_slice(b"/XinAnsiEncoding");
    let err = import_ok(&d, &tmp, "odd-font.pdf", &odd);
    assert!(!err.contains("warning"), "{err}");
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(seed.ends_with("The inquiry opens on Monday.\n"), "{seed}");
}

#[test]
fn a_damaged_scan_is_still_called_a_scan() {
    // Its cross-reference table is gone: nothing reads its pages, but a PDF of
    // images with no font anywhere has no text to read; OCR is the advice, not
    // downloading it again.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let mut scan = pdf(&[vec![]], true);
    let xref = scan.windows(5).rposition(|w| w == b"xref\n").unwrap();
    scan.truncate(xref);
    // pdf() declares a font even for its scans: a scanner writes none.
    while let Some(at) = scan.windows(5).position(|w| w == b"/Font") {
        scan[at..at + 5].copy_from_slice(b"/Fnot");
    }
    let p = file(&tmp, "damaged-scan.pdf", &scan);
    let (code, err) = import(&d, &[p.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("damaged-scan.pdf: is a PDF with no text layer (a scan?): run OCR"),
        "{err}"
    );
}

#[test]
fn text_drawn_off_the_page_is_no_text_layer() {
    // A viewer shows none of it: the PDF is refused as a scan would be.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let p = file(
        &tmp,
        "off.pdf",
        &pdf(&[vec![(60.0, -40.0, 12.0, "Background")]], false),
    );
    let (code, err) = import(&d, &[p.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("off.pdf: is a PDF with no text layer"),
        "{err}"
    );
}

#[test]
fn scans_encrypted_and_broken_pdfs_are_refused_with_what_to_do() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let scan = file(&tmp, "scan.pdf", &pdf(&[vec![]], true));
    let mut cut = two_column_pdf();
    cut.truncate(cut.len() / 3);
    let truncated = file(&tmp, "truncated.pdf", &cut);
    let encrypted = Path::new(FIXTURES).join("encrypted.pdf");
    let before = written(&d);
    for (path, says) in [
        (
            scan.as_path(),
            "no text layer (a scan?): run OCR on it first",
        ),
        (
            encrypted.as_path(),
            "is an encrypted PDF: remove the password",
        ),
        (truncated.as_path(), "is a PDF that cannot be read"),
    ] {
        let (code, err) = import(&d, &[path.to_str().unwrap()]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!("error: {}: ", path.display())),
            "{err}"
        );
        assert!(err.contains(says), "{err}");
        assert!(err.contains("nothing written"), "{err}");
        assert_eq!(written(&d), before, "{}", path.display());
    }
}

#[test]
fn bad_input_is_refused_fast_with_its_name_and_nothing_half_written() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let empty = file(&tmp, "empty.html", b"");
    let binary = file(
        &tmp,
        "photo.html",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0",
    );
    let script = file(
        &tmp,
        "app.html",
        b"<!DOCTYPE html><html><head><script src=\"app.js\"></script></head><body><div id=\"root\"></div><script>window.boot({\"lang\":\"en\"});</script></body></html>",
    );
    // 200 MB, as a sparse file: refused by its size before it is read.
    let huge = tmp.path().join("huge.html");
    fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let missing = tmp.path().join("missing.html");
    let before = written(&d);
    for (path, code_wanted, says) in [
        (&empty, 1, "is empty"),
        (&binary, 1, "is neither a web page, a PDF nor text"),
        (&script, 1, "is a web page with no article text"),
        (&huge, 1, "is 200 MB; dossier imports documents up to 64 MB"),
        (&missing, 2, "no such file or folder"),
    ] {
        let started = Instant::now();
        let (code, err) = import(&d, &[path.to_str().unwrap()]);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{}",
            path.display()
        );
        assert_eq!(code, code_wanted, "{err}");
        assert!(
            err.contains(&format!("error: {}: {says}", path.display())),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(written(&d), before, "{}", path.display());
    }
    // No dossier there (a wrong --root): could not run, nothing written anywhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["import", "--root"])
        .arg(elsewhere.path())
        .arg(&binary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no content/ folder in"));
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // A folder: each good file imported, each bad one named; exit 1.
    let dir = tmp.path().join("batch");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("a.html"), ARTICLE).unwrap();
    fs::write(dir.join("b.html"), b"").unwrap();
    fs::write(
        dir.join("notes.txt"),
        "Field notes\n\nThe convoy left at dawn.\nIt reached the river by noon.\n",
    )
    .unwrap();
    fs::write(dir.join("ignored.jpg"), b"\xff\xd8\xff").unwrap();
    let (code, err) = import(&d, &[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("as source `ministry-pledges-winter-aid`"),
        "{err}"
    );
    assert!(err.contains("b.html: is empty"), "{err}");
    assert!(
        err.contains("batch: left out 1 file whose extension is not that of a web page, PDF, text or Markdown: ignored.jpg"),
        "what a folder holds besides is named, not imported: {err}"
    );
    assert!(
        !err.lines()
            .any(|l| l.starts_with("error: ") && l.contains("ignored.jpg")),
        "left out is no error: {err}"
    );
    // In the JSON report: one `skipped` outcome for the folder, naming the file.
    let (_, report) = import_json(&d, &dir);
    let skipped: Vec<&serde_json::Value> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["outcome"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 1, "{report}");
    assert_eq!(skipped[0]["files"], serde_json::json!(["ignored.jpg"]));
    assert_eq!(
        read(&d, "seeds/field-notes.txt"),
        "Field notes\n\nThe convoy left at dawn. It reached the river by noon.\n"
    );
    // No temporary files left behind.
    for (p, _) in written(&d) {
        assert!(
            !p.to_string_lossy().contains(".import.tmp"),
            "{}",
            p.display()
        );
    }
}

#[test]
fn id_flag_and_json_report() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = file(&tmp, "p.html", ARTICLE.as_bytes());
    let (code, err) = import(&d, &[page.to_str().unwrap(), "--id", "Winter Aid"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--id `Winter Aid` is not an id"), "{err}");
    assert!(err.contains("`winter-aid`"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["import", "--format", "json", "--id", "winter-aid", "--root"])
        .arg(d.root())
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["outcome"], "imported");
    assert_eq!(doc["id"], "winter-aid");
    assert_eq!(doc["seed"], "seeds/winter-aid.txt");
    assert_eq!(doc["source"], "content/sources/winter-aid.yaml");
    assert_eq!(doc["original"], "seeds/originals/winter-aid.html");
    assert_eq!(doc["sha256"].as_str().unwrap().len(), 64);
    let (code, v) = import_json(&d, &page);
    assert_eq!(code, 0);
    assert_eq!(v["documents"][0]["outcome"], "known");
    assert_eq!(v["documents"][0]["source"], "winter-aid");
}

/// A server on 127.0.0.1 for `requests` connections: `/old` redirects to
/// `/article` (windows-1251, said only in the HTTP header), `/missing` is 404.
fn serve(requests: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let page = "<html><head><title>Генератори для лікарень</title></head><body><article><h1>Генератори для лікарень</h1>\
        <p>Лікарні області отримали перші генератори, повідомила обласна адміністрація у вівторок.</p>\
        <p>Наступна партія прибуде до кінця місяця, якщо дороги залишаться відкритими.</p></article></body></html>";
    let (body, _, _) = encoding_rs::WINDOWS_1251.encode(page);
    let body = body.into_owned();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut s) = stream else { continue };
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap_or(0);
            loop {
                let mut l = String::new();
                if reader.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
                    break;
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
            let reply: Vec<u8> = match path.as_str() {
                "/huge" => b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 209715200\r\nConnection: close\r\n\r\n<html>".to_vec(),
                "/old" => b"HTTP/1.1 301 Moved\r\nLocation: /article\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                "/article" => {
                    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                    r.extend_from_slice(&body);
                    r
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
            };
            let _ = s.write_all(&reply);
            let _ = s.flush();
            let _ = reader.read(&mut [0u8; 1]);
        }
    });
    (base, handle)
}

#[test]
fn an_address_is_fetched_with_redirects_and_the_header_charset() {
    let d = fresh();
    // /old → /article, then /missing, then /huge.
    let (base, server) = serve(4);
    let (code, err) = import(&d, &[&format!("{base}/old")]);
    assert_eq!(code, 0, "{err}");
    let id = "heneratory-dlia-likaren";
    assert!(err.contains(&format!("as source `{id}`")), "{err}");
    let seed = read(&d, &format!("seeds/{id}.txt"));
    assert!(
        seed.starts_with("Генератори для лікарень\n\nЛікарні області отримали перші генератори"),
        "{seed}"
    );
    let source = read(&d, &format!("content/sources/{id}.yaml"));
    assert!(
        source.contains(&format!("url: '{base}/article'")),
        "{source}"
    );
    assert!(
        source.contains(&format!("  file: 'originals/{id}.html'")),
        "{source}"
    );
    let before = written(&d);
    let (code, err) = import(&d, &[&format!("{base}/missing")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the server answered 404"), "{err}");
    let started = Instant::now();
    let (code, err) = import(&d, &[&format!("{base}/huge")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("/huge: is 200 MB; dossier imports documents up to 64 MB"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    server.join().unwrap();
    assert_eq!(written(&d), before);
    // Nobody listens there any more: as when offline.
    let (code, err) = import(&d, &[&format!("{base}/article")]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("error: {base}/article: could not fetch it")),
        "{err}"
    );
    assert!(
        err.contains("save the page from a browser and import the file"),
        "{err}"
    );
    assert_eq!(written(&d), before);
    d.build();
}

#[test]
fn new_source_with_a_web_page_as_seed_points_to_import() {
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = file(&tmp, "article.html", ARTICLE.as_bytes());
    let before = written(&d);
    let (code, err) = d.run(&["new", "source", "aid", "--seed", page.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is a web page, not plain text: `dossier import"),
        "{err}"
    );
    assert_eq!(written(&d), before);
}

/// A TrueType font program with only the tables a reader needs to name its glyphs:
/// `cmap` (format 12: each (character, glyph)) and `post` (version 2: glyph names),
/// with `head`, `hhea` and `maxp`. No outlines: nothing is drawn.
fn truetype(cmap: &[(char, u16)], names: &[(u16, &str)], glyphs: u16) -> Vec<u8> {
    let be16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let be32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());
    let mut head = Vec::new();
    be32(&mut head, 0x0001_0000); // version
    be32(&mut head, 0x0001_0000); // revision
    be32(&mut head, 0); // checksum adjustment
    be32(&mut head, 0x5F0F_3CF5); // magic
    be16(&mut head, 0); // flags
    be16(&mut head, 1000); // units per em
    head.extend_from_slice(&[0; 16]); // created, modified
    head.extend_from_slice(&[0; 8]); // bounding box
    head.extend_from_slice(&[0; 6]); // mac style, lowest size, direction
    be16(&mut head, 0); // short loca offsets
    be16(&mut head, 0); // glyph data format
    let mut hhea = Vec::new();
    be32(&mut hhea, 0x0001_0000);
    hhea.extend_from_slice(&[0; 30]);
    be16(&mut hhea, 1); // advance widths in hmtx
    let mut maxp = Vec::new();
    be32(&mut maxp, 0x0000_5000);
    be16(&mut maxp, glyphs);
    let mut cmap_table = Vec::new();
    be16(&mut cmap_table, 0);
    be16(&mut cmap_table, 1);
    be16(&mut cmap_table, 3); // Windows
    be16(&mut cmap_table, 10); // Unicode, full repertoire
    be32(&mut cmap_table, 12);
    be16(&mut cmap_table, 12); // format 12
    be16(&mut cmap_table, 0);
    be32(&mut cmap_table, 16 + 12 * cmap.len() as u32);
    be32(&mut cmap_table, 0);
    be32(&mut cmap_table, cmap.len() as u32);
    let mut cmap = cmap.to_vec();
    cmap.sort();
    for &(c, g) in &cmap {
        be32(&mut cmap_table, c as u32);
        be32(&mut cmap_table, c as u32);
        be32(&mut cmap_table, u32::from(g));
    }
    let mut post = Vec::new();
    be32(&mut post, 0x0002_0000);
    post.extend_from_slice(&[0; 28]);
    be16(&mut post, glyphs);
    let mut strings = Vec::new();
    for g in 0..glyphs {
        match names.iter().position(|(n, _)| *n == g) {
            Some(i) => {
                be16(&mut post, 258 + strings.len() as u16);
                strings.push(names[i].1);
            }
            None => be16(&mut post, 0), // .notdef
        }
    }
    for s in strings {
        post.push(s.len() as u8);
        post.extend_from_slice(s.as_bytes());
    }
    let tables: [(&[u8; 4], Vec<u8>); 5] = [
        (b"cmap", cmap_table),
        (b"head", head),
        (b"hhea", hhea),
        (b"maxp", maxp),
        (b"post", post),
    ];
    let mut out = Vec::new();
    be32(&mut out, 0x0001_0000);
    be16(&mut out, tables.len() as u16);
    out.extend_from_slice(&[0; 6]);
    let mut offset = 12 + 16 * tables.len() as u32;
    for (tag, t) in &tables {
        out.extend_from_slice(*tag);
        be32(&mut out, 0);
        be32(&mut out, offset);
        be32(&mut out, t.len() as u32);
        offset += (t.len() as u32 + 3) & !3;
    }
    for (_, t) in &tables {
        out.extend_from_slice(t);
        out.resize((out.len() + 3) & !3, 0);
    }
    out
}

/// `<< dict /Length n >> stream … endstream`.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// One page (object 6, its content object 7) showing `content` with font object 3
/// as /F1; objects 8 on are `more`.
fn one_page_pdf(title: &str, content: &[u8], font: &str, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>".to_vec(),
        font.as_bytes().to_vec(),
        Vec::new(),
        format!("<< /Title ({title}) >>").into_bytes(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>".to_vec(),
        stream("", content),
    ];
    objs[3] = b"<< >>".to_vec();
    objs.extend(more);
    pdf_file(&objs)
}

#[test]
fn a_wrong_unicode_map_gives_way_to_the_font_programs_own_characters() {
    // WeasyPrint maps a shaped word's glyphs wrongly: the glyph of "h" stands for
    // "حبيبي h", others for nothing. The embedded font program knows each glyph's
    // character (its cmap table; for a letter's joined shape, its name
    // `uni0628.init`): the seed must read "habibi" and "ب", not the PDF's map.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let font = truetype(
        &[('h', 1), ('a', 2), ('b', 3), ('i', 4)],
        &[(5, "uni0628.init")],
        6,
    );
    let to_unicode = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n5 beginbfchar\n<0001> <062d0628064a0628064a00200068>\n<0002> <0061>\n<0003> <>\n<0004> <0069>\n<0005> <>\nendbfchar\nendcmap end end";
    let content =
        b"BT /F1 14 Tf 72 700 Td <000100020003000400030004> Tj ET\nBT /F1 14 Tf 72 660 Td <0005> Tj ET";
    let pdf = one_page_pdf(
        "Shaped words",
        content,
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Serif /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>",
        vec![
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Serif /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 10 0 R /DW 600 /CIDToGIDMap /Identity >>".to_vec(),
            stream("", to_unicode),
            b"<< /Type /FontDescriptor /FontName /ABCDEF+Serif /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 11 0 R >>".to_vec(),
            stream("", &font),
        ],
    );
    import_ok(&d, &tmp, "shaped.pdf", &pdf);
    assert_eq!(
        read(&d, "seeds/shaped-words.txt"),
        "Shaped words\n\nhabibi\n\nب\n"
    );
}

#[test]
fn chinese_in_a_font_named_by_a_predefined_cmap_is_read() {
    // A Chinese PDF whose font is not embedded and is named by a predefined CMap
    // (GBK-EUC-H: the codes are GBK bytes, one byte for ASCII). It was refused as
    // unreadable; its text must come out as Unicode, the Latin words with the
    // widths the font gives them (no spaces inside "report").
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("关于浙江 2015 年度报告 annual report");
    let mut content = b"BT /F1 12 Tf 72 700 Td <".to_vec();
    content.extend(
        gbk.iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
            .bytes(),
    );
    content.extend_from_slice(b"> Tj ET");
    let ascii_widths = vec!["500"; 95].join(" ");
    let pdf = one_page_pdf(
        "Annual report letter",
        &content,
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun-GBK-EUC-H /Encoding /GBK-EUC-H /DescendantFonts [8 0 R] >>",
        vec![
            format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 9 0 R /DW 1000 /W [1 [{ascii_widths}]] >>").into_bytes(),
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 996 855] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 91 >>".to_vec(),
        ],
    );
    import_ok(&d, &tmp, "letter.pdf", &pdf);
    let seed = read(&d, "seeds/annual-report-letter.txt");
    assert!(
        seed.contains("关于浙江 2015 年度报告 annual report"),
        "{seed}"
    );
}

/// ASCII85 (the PDF filter), for a stream the test writes by hand.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(b);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (n % 85) as u8 + b'!';
            n /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

#[test]
fn a_stream_whose_filter_is_a_reference_is_decoded() {
    // `/Filter 8 0 R` (an SAP invoice writes its filters so): the page's text was
    // lost and the PDF refused as a scan.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = ascii85(b"BT /F1 12 Tf 72 700 Td (Invoice 4711 for the spare parts.) Tj ET");
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< >>".to_vec(),
        b"<< /Title (Invoice 4711) >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>".to_vec(),
        stream("/Filter 8 0 R", &content),
        b"/ASCII85Decode".to_vec(),
    ];
    objs.truncate(8);
    import_ok(&d, &tmp, "invoice.pdf", &pdf_file(&objs));
    let seed = read(&d, "seeds/invoice-4711.txt");
    assert!(seed.contains("Invoice 4711 for the spare parts."), "{seed}");
}

#[test]
fn a_page_whose_drawing_instructions_carry_comments_is_read_whole() {
    // A generator that comments its instructions and indents the next line: the
    // page's text after the first comment was lost (here: all of it, so refused).
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT              % text\n  /F1  12 Tf    % font\n  72 700 Td\n  (Colour samples, first row.) Tj   % label\n  0 -20 Td (100% saturation, second row.) Tj\nET\n";
    let pdf = one_page_pdf(
        "Colour samples",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "samples.pdf", &pdf);
    let seed = read(&d, "seeds/colour-samples.txt");
    assert!(seed.contains("Colour samples, first row."), "{seed}");
    assert!(seed.contains("100% saturation, second row."), "{seed}");
}

#[test]
fn text_turned_on_the_page_reads_as_its_words_after_the_rest() {
    // A chart's vertical axis label (the text matrix turns it by 90 degrees) was
    // read as one letter per line ("N u m b e r"), cut into the text beside it.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 12 Tf 100 700 Td (Sales rose in every quarter of the year.) Tj ET\n\
        BT /F1 10 Tf 0 1 -1 0 80 500 Tm (Number of characteristics) Tj ET\n\
        BT /F1 12 Tf 100 560 Td (The chart shows the count for each region.) Tj ET\n\
        BT /F1 12 Tf 100 540 Td (Most regions grew.) Tj ET\n";
    let pdf = one_page_pdf(
        "Quarterly chart",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "chart.pdf", &pdf);
    assert_eq!(
        read(&d, "seeds/quarterly-chart.txt"),
        "Quarterly chart\n\nSales rose in every quarter of the year.\n\n\
         The chart shows the count for each region.\n\nMost regions grew.\n\n\
         Number of characteristics\n"
    );
}

#[test]
fn three_columns_read_one_after_another() {
    // A gazette's page: three narrow columns (two gutters), their paragraphs'
    // gaps level. One gutter was found; the two columns beyond it were cut
    // across at the gap, and their lines came out interleaved.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let columns = [
        [
            "The agency proposes to replace the",
            "directive issued last year, which",
            "applies to all airplanes of the two",
            "models named in the summary above",
            "and in the table of the next page.",
        ],
        [
            "Comments must reach the docket",
            "office before the end of the period",
            "stated in the notice, by mail or by",
            "hand delivery to the address given",
            "in the section on how to comment.",
        ],
        [
            "The service information named in",
            "this notice describes the changes",
            "to the software and the wiring, and",
            "the test flight that completes the",
            "work required by the new directive.",
        ],
    ];
    let mut page: Vec<(f32, f32, f32, &str)> = Vec::new();
    for (i, col) in columns.iter().enumerate() {
        for (j, t) in col.iter().enumerate() {
            // A paragraph's gap at the same height in every column.
            let gap = if j >= 2 { 11.0 } else { 0.0 };
            page.push((
                40.0 + 190.0 * i as f32,
                700.0 - 11.0 * j as f32 - gap,
                9.0,
                t,
            ));
        }
    }
    // Drawn row by row across the columns, as some producers do.
    page.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.total_cmp(&b.0)));
    import_ok(&d, &tmp, "gazette.pdf", &pdf(&[page], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    let at = |t: &str| seed.find(t).unwrap_or_else(|| panic!("{t}: {seed}"));
    assert!(
        seed.contains("applies to all airplanes of the two models named in the summary above"),
        "{seed}"
    );
    assert!(at("next page.") < at("Comments must"), "{seed}");
    assert!(
        at("how to comment.") < at("The service information"),
        "{seed}"
    );
    assert!(
        seed.contains("the test flight that completes the work required"),
        "{seed}"
    );
}

#[test]
fn a_font_named_by_a_string_is_still_read() {
    // `/BaseFont <feff…>`: a string where a name belongs (an iText voucher). The
    // reader choked on it: the page was read without its layout at best, and an
    // embedded TrueType font's PDF was refused as unreadable.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 12 Tf 72 700 Td (Print the voucher and bring it to the desk.) Tj ET";
    let pdf = one_page_pdf(
        "Voucher",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont <feff00480065006c0076006500740069006300610000> /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    let err = import_ok(&d, &tmp, "voucher.pdf", &pdf);
    // Read with its layout, not as the bare text of a page whose font failed.
    assert!(!err.contains("without its layout"), "{err}");
    let seed = read(&d, "seeds/voucher.txt");
    assert!(
        seed.contains("Print the voucher and bring it to the desk."),
        "{seed}"
    );
}

#[test]
fn text_drawn_twice_reads_once_and_a_space_drawn_over_a_letter_is_no_word_break() {
    // A heading drawn twice, the second time a hair to the right (a bold look),
    // and a whole line drawn again on top of itself (a repeated layer): a viewer
    // shows each once. In "defines" a space glyph is drawn over the end of "fi"
    // and taken back, so "n" follows "fi" with no gap: one word, as printed. Two
    // spaces in a row, the second begun inside the first, still part two words;
    // the two l of "will" set tight (closer than a tenth of an em) are two letters.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 14 Tf 72 700 Td (Annual results) Tj ET\n\
        BT /F1 14 Tf 72.3 700 Td (Annual results) Tj ET\n\
        BT /F1 12 Tf 72 670 Td [(The office defi) 250 ( ) 28 (nes the rules for the year.)] TJ ET\n\
        BT /F1 12 Tf 72 650 Td (Each region reports in March.) Tj ET\n\
        BT /F1 12 Tf 72 650 Td (Each region reports in March.) Tj ET\n\
        BT /F1 12 Tf 72 620 Td [(SLEEP) ( ) 300 ( ) (ENVIRONMENT)] TJ ET\n\
        BT /F1 12 Tf 72 590 Td (It wi) Tj -1.8 Tc (l) Tj 0 Tc (l rain.) Tj ET\n";
    let pdf = one_page_pdf(
        "Annual results",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "results.pdf", &pdf);
    assert_eq!(
        read(&d, "seeds/annual-results.txt"),
        "Annual results\n\nThe office defines the rules for the year.\n\n\
         Each region reports in March.\n\nSLEEP ENVIRONMENT\n\nIt will rain.\n"
    );
}

#[test]
fn a_letter_where_a_larger_one_stands_at_twice_the_distance_is_kept() {
    // The check for glyphs drawn twice must compare glyphs of one size: the "r"
    // of a 24-point "Bar" and the "r" of a 12-point "Britain" drawn at half its
    // coordinates fell in the same cell, and "Britain" read "B itain".
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 24 Tf 255.648 700 Td (Bar) Tj ET\n\
        BT /F1 12 Tf 134.496 350 Td (Britain votes on Thursday.) Tj ET\n";
    let pdf = one_page_pdf(
        "Election notes",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "notes.pdf", &pdf);
    let seed = read(&d, "seeds/election-notes.txt");
    assert!(seed.contains("Britain votes on Thursday."), "{seed}");
}

#[test]
fn a_table_with_rows_a_line_apart_reads_row_by_row_not_column_by_column() {
    // A spreadsheet printed to PDF: rows a line apart, so each column looks like
    // a block of lines, and the names long enough to look like a column of text;
    // a cell wraps onto a second line. Drawn a column at a time. A reader reads
    // it row by row.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        [
            "03/08/2016",
            "Corning Incorporated",
            "Union City",
            "193",
            "Closure",
        ],
        [
            "03/01/2016",
            "Pacific Bell Telephone Company",
            "Tustin",
            "3",
            "Layoff",
        ],
        ["03/10/2016", "Carbine, LLC", "Aliso Viejo", "18", "Layoff"],
        [
            "03/10/2016",
            "NC Interactive, LLC",
            "Aliso Viejo",
            "11",
            "Layoff",
        ],
        [
            "03/12/2016",
            "GMRI, Inc. dba Seasons 52",
            "Santa Monica",
            "70",
            "Closure",
        ],
        [
            "03/15/2016",
            "Georgia-Pacific Gypsum LLC",
            "San Leandro",
            "65",
            "Closure",
        ],
    ];
    let xs = [40.0, 110.0, 300.0, 400.0, 450.0];
    let mut cells: Vec<(f32, f32, f32, &str)> = vec![(40.0, 740.0, 14.0, "Notices received")];
    for (col, x) in xs.iter().enumerate() {
        for (row, r) in rows.iter().enumerate() {
            cells.push((*x, 700.0 - 12.0 * row as f32, 10.0, r[col]));
        }
    }
    // The last company's name wraps in its cell.
    cells.push((110.0, 628.0, 10.0, "(formerly Gypsum Co.)"));
    import_ok(&d, &tmp, "notices.pdf", &pdf(&[cells], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "Notices received\n\n\
             03/08/2016 Corning Incorporated Union City 193 Closure\n\n\
             03/01/2016 Pacific Bell Telephone Company Tustin 3 Layoff\n\n\
             03/10/2016 Carbine, LLC Aliso Viejo 18 Layoff\n\n\
             03/10/2016 NC Interactive, LLC Aliso Viejo 11 Layoff\n\n\
             03/12/2016 GMRI, Inc. dba Seasons 52 Santa Monica 70 Closure\n\n\
             03/15/2016 Georgia-Pacific Gypsum LLC San Leandro 65 Closure\n\n\
             (formerly Gypsum Co.)\n"
        ),
        "{seed}"
    );
}

#[test]
fn two_columns_of_prose_on_one_baseline_grid_stay_columns() {
    // Prose in two columns whose lines share baselines, as a table's would: the
    // sentences running on down each column make them columns, not rows.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let left = [
        "The convoy reached the northern",
        "districts on Tuesday after a delay",
        "of two days at the border, the",
        "coordinators said in a statement.",
    ];
    let right = [
        "Local officials asked for water",
        "tanks and for blankets before the",
        "first snow, which is expected in",
        "the second week of the month.",
    ];
    let mut lines: Vec<(f32, f32, f32, &str)> = Vec::new();
    for (i, (l, r)) in left.iter().zip(right.iter()).enumerate() {
        let y = 700.0 - 12.0 * i as f32;
        lines.push((60.0, y, 10.0, l));
        lines.push((320.0, y, 10.0, r));
    }
    import_ok(&d, &tmp, "columns.pdf", &pdf(&[lines], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "The convoy reached the northern districts on Tuesday after a delay of two days \
             at the border, the coordinators said in a statement.\n\n\
             Local officials asked for water tanks and for blankets before the first snow, \
             which is expected in the second week of the month.\n"
        ),
        "{seed}"
    );
}

#[test]
fn chinese_lines_run_on_without_a_space_and_table_cells_stay_apart() {
    // Chinese puts no space between words: a sentence wrapped at the line's end
    // reads on without one. Two cells of a table row keep theirs.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let mut content = Vec::new();
    for (x, y, text) in [
        (72, 700, "路段的交通量按表中"),
        (72, 686, "的系数进行调整。"),
        (72, 640, "高速公路"),
        (200, 640, "六车道"),
    ] {
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        content.extend(format!("BT /F1 12 Tf {x} {y} Td <").bytes());
        content.extend(
            gbk.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .bytes(),
        );
        content.extend_from_slice(b"> Tj ET\n");
    }
    let pdf = one_page_pdf(
        "Land use standard",
        &content,
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun-GBK-EUC-H /Encoding /GBK-EUC-H /DescendantFonts [8 0 R] >>",
        vec![
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 9 0 R /DW 1000 >>".to_vec(),
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 996 855] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 91 >>".to_vec(),
        ],
    );
    import_ok(&d, &tmp, "standard.pdf", &pdf);
    let seed = read(&d, "seeds/land-use-standard.txt");
    assert!(
        seed.contains("路段的交通量按表中的系数进行调整。\n"),
        "{seed}"
    );
    assert!(seed.contains("高速公路 六车道\n"), "{seed}");
}

#[test]
fn a_table_beside_a_cell_spanning_its_rows_still_reads_row_by_row() {
    // A rate sheet: three columns a line apart and, right of them, one cell
    // across several rows ("1.50% Partial", between the rows' baselines). The
    // columns are read row by row, the cell after them.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let rows = [
        ["Standard Variable Rate", "5.37%", "5.51%"],
        ["1 Year Fixed Rate", "4.04%", "5.38%"],
        ["2 Year Fixed Rate", "3.94%", "5.25%"],
        ["3 Year Fixed Rate", "3.94%", "5.13%"],
    ];
    let mut cells: Vec<(f32, f32, f32, &str)> = vec![(40.0, 740.0, 14.0, "Home loan rates")];
    for (col, x) in [40.0, 200.0, 260.0].iter().enumerate() {
        for (row, r) in rows.iter().enumerate() {
            cells.push((*x, 700.0 - 12.0 * row as f32, 10.0, r[col]));
        }
    }
    cells.push((400.0, 694.0, 10.0, "1.50%"));
    cells.push((400.0, 682.0, 10.0, "Partial"));
    import_ok(&d, &tmp, "rates.pdf", &pdf(&[cells], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(
        seed.contains(
            "Standard Variable Rate 5.37% 5.51%\n\n\
             1 Year Fixed Rate 4.04% 5.38%\n\n\
             2 Year Fixed Rate 3.94% 5.25%\n\n\
             3 Year Fixed Rate 3.94% 5.13%\n\n\
             1.50% Partial\n"
        ),
        "{seed}"
    );
}

#[test]
fn lines_drawn_with_the_next_line_operators_are_read() {
    // `'` and `"` move to the next line and show a string (`"` setting word and
    // character spacing first); some generators draw every other line so. Those
    // lines were missing from the seed.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 11 Tf 14 TL 72 700 Td (This document tests glyph) Tj\n\
        (repertory for the symbol font.) '\n\
        0 0 (It also lists the values used) \"\n\
        0.5 0 (to reach each glyph.) \" ET";
    let pdf = one_page_pdf(
        "Symbol sets",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        vec![],
    );
    import_ok(&d, &tmp, "symbols.pdf", &pdf);
    assert_eq!(
        read(&d, "seeds/symbol-sets.txt"),
        "Symbol sets\n\nThis document tests glyph repertory for the symbol font. \
         It also lists the values used to reach each glyph.\n"
    );
}

#[test]
fn a_list_set_in_columns_reads_down_each_column() {
    // A character sheet: entries of one form (symbol, name, code) in three
    // columns on one baseline grid. Not a table: each column goes on from the
    // one before, top to bottom.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let columns = [
        [
            "* a35 [x2605]",
            "+ a6 [x271D]",
            "V a19 [x2713]",
            "T a4 [x260E]",
        ],
        [
            "H a110 [x2665]",
            "C a112 [x2663]",
            "S a109 [x2660]",
            "D a111 [x2666]",
        ],
        [
            "1 a120 [x2460]",
            "2 a121 [x2461]",
            "3 a122 [x2462]",
            "4 a123 [x2463]",
        ],
    ];
    let mut lines: Vec<(f32, f32, f32, &str)> = vec![(60.0, 740.0, 14.0, "Symbol sheet")];
    for (c, column) in columns.iter().enumerate() {
        for (r, entry) in column.iter().enumerate() {
            lines.push((
                60.0 + 170.0 * c as f32,
                700.0 - 12.0 * r as f32,
                10.0,
                entry,
            ));
        }
    }
    import_ok(&d, &tmp, "sheet.pdf", &pdf(&[lines], false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    let at = |s: &str| seed.find(s).unwrap_or_else(|| panic!("{s} in {seed}"));
    // Down the first column, then the second: not across the rows.
    assert!(at("a35 ") < at("a4 "), "{seed}");
    assert!(at("a4 ") < at("a110 "), "{seed}");
    assert!(at("a111 ") < at("a120 "), "{seed}");
}

#[test]
fn text_in_a_form_drawn_at_several_places_reads_at_each_of_them() {
    // A slide program draws each formula as a form (an XObject of its own, with a
    // `/Matrix` scaling its 500-point text down to 12 points) and places it with
    // the page's transformation. The reader drew the form's text at the form's own
    // coordinates: off the page, all but one letter lost.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 12 Tf 72 700 Td (Exercises for the week) Tj ET\n\
        q 1 0 0 1 72 650 cm /Fm1 Do Q\n\
        q 1 0 0 1 72 610 cm /Fm1 Do Q\n\
        q 1.5 0 0 1.5 72 560 cm /Fm1 Do Q\n";
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 10000 1000] /Matrix [0.024 0 0 0.024 0 0] /Resources << /Font << /F1 3 0 R >> >>",
        b"BT /F1 500 Tf 0 0 Td (Vectors add up) Tj ET",
    );
    let mut pdf = one_page_pdf(
        "Exercises",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        vec![form],
    );
    // The page names the form among its resources.
    let page = b"/Resources << /Font << /F1 3 0 R >> >>";
    let at = pdf.windows(page.len()).position(|w| w == page).unwrap();
    let named = b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fm1 8 0 R >> >>";
    pdf.splice(at..at + page.len(), named.iter().copied());
    let pdf = fixed_xref(&pdf);
    import_ok(&d, &tmp, "slide.pdf", &pdf);
    let seed = read(&d, "seeds/exercises.txt");
    assert_eq!(seed.matches("Vectors add up").count(), 3, "{seed}");
    assert!(seed.contains("Exercises for the week"), "{seed}");
}

/// The file with its cross-reference table rewritten for where its objects now
/// are (after an edit of one object's bytes).
fn fixed_xref(pdf: &[u8]) -> Vec<u8> {
    let xref = pdf.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let body = &pdf[..xref];
    let mut offsets = Vec::new();
    let mut i = 1;
    while let Some(at) = body
        .windows(format!("\n{i} 0 obj").len())
        .position(|w| w == format!("\n{i} 0 obj").as_bytes())
    {
        offsets.push(at + 1);
        i += 1;
    }
    let mut out = body.to_vec();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A page titled "Annual report" drawing `content` with /F1 (Helvetica) and /F2, a
/// Cambria subset whose codes 24–27 are glyphs named only by number (`/g18`), with
/// no ToUnicode map.
fn index_named_pdf(content: &[u8]) -> Vec<u8> {
    let mut pdf = one_page_pdf(
        "Annual report",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        vec![b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+Cambria /FirstChar 24 /LastChar 32 /Widths [500 500 500 500 500 500 500 500 250] /Encoding << /Type /Encoding /Differences [24 /g18 /g152 /g135 /g3] >> >>".to_vec()],
    );
    let page = b"/Font << /F1 3 0 R >>";
    let at = pdf.windows(page.len()).position(|w| w == page).unwrap();
    pdf.splice(
        at..at + page.len(),
        b"/Font << /F1 3 0 R /F2 8 0 R >>".iter().copied(),
    );
    fixed_xref(&pdf)
}

#[test]
fn glyphs_named_only_by_their_index_read_as_nothing_not_as_accents() {
    // A TrueType font converted for the PDF names its glyphs by number (`/g18`)
    // and gives no ToUnicode map: nothing says what they read. The reader took
    // the codes in its fallback encoding, so a line of them came out as "˘ ˇ ˆ ˙",
    // words of accents in the seed. The readable line stays; the other is left out.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 12 Tf 72 700 Td (Annual report of the board) Tj ET\n\
        BT /F2 12 Tf 72 680 Td <18191A20181B> Tj ET\n";
    import_ok(&d, &tmp, "report.pdf", &index_named_pdf(content));
    assert_eq!(
        read(&d, "seeds/annual-report.txt"),
        "Annual report\n\nAnnual report of the board\n"
    );
}

#[test]
fn a_page_mostly_in_fonts_that_say_nothing_of_their_letters_asks_for_ocr() {
    // The body of a paper set in such a font (glyphs named only by number, no
    // map): the seed keeps the readable title, and the editor is told that the
    // rest is missing and what to do, instead of a seed quietly short of its text.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let body: String = (0..6)
        .map(|i| {
            format!(
                "BT /F2 12 Tf 72 {} Td <{}> Tj ET\n",
                660 - 20 * i,
                "18191A1B".repeat(5)
            )
        })
        .collect();
    let content = format!("BT /F1 12 Tf 72 700 Td (Annual report of the board) Tj ET\n{body}");
    let err = import_ok(&d, &tmp, "report.pdf", &index_named_pdf(content.as_bytes()));
    assert!(
        err.contains("most of the text of page 1 is drawn in fonts that do not say which letters they show, and is missing from the seed: run OCR on the PDF"),
        "{err}"
    );
    assert_eq!(
        read(&d, "seeds/annual-report.txt"),
        "Annual report\n\nAnnual report of the board\n"
    );
}

#[test]
fn a_line_repeated_on_every_page_inside_the_page_is_its_text_not_a_footer() {
    // Each page of a form ends with the same signature line, well above the
    // running footer: it is the page's text and stays; the footer goes.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let texts = [
        "Part one asks for the applicant's address.",
        "Part two asks for the income of the household.",
        "Part three lists the documents to send.",
    ];
    let pages: Vec<Vec<(f32, f32, f32, &str)>> = texts
        .iter()
        .map(|t| {
            vec![
                (60.0, 700.0, 11.0, *t),
                (60.0, 300.0, 11.0, "Signature of the applicant and date"),
                (60.0, 30.0, 8.0, "Form 27B, housing benefit"),
            ]
        })
        .collect();
    import_ok(&d, &tmp, "form.pdf", &pdf(&pages, false));
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert_eq!(
        seed.matches("Signature of the applicant and date").count(),
        3,
        "{seed}"
    );
    assert!(!seed.contains("Form 27B"), "{seed}");
}

#[test]
fn labels_turned_half_way_and_text_stretched_wide_read_as_words() {
    // A chart's month labels turned by 45 degrees, and a heading stretched to
    // twice its width (horizontal scaling): the reader took their letters to be
    // far smaller than they are, so every letter stood apart ("S e p 1 0").
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let content = b"BT /F1 12 Tf 72 700 Td (Downloads per week rose all year.) Tj ET\n\
        BT /F1 12 Tf 200 Tz 72 660 Td (Wide heading) Tj ET\n\
        BT /F1 9 Tf 0.7071 0.7071 -0.7071 0.7071 100 500 Tm (Sep 10) Tj ET\n\
        BT /F1 9 Tf 0.7071 0.7071 -0.7071 0.7071 160 500 Tm (Oct 10) Tj ET\n";
    let pdf = one_page_pdf(
        "Downloads",
        content,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "chart.pdf", &pdf);
    let seed = read(&d, "seeds/downloads.txt");
    for words in ["Wide heading", "Sep 10", "Oct 10"] {
        assert!(seed.contains(words), "{words}: {seed}");
    }
}

#[test]
fn thai_marks_drawn_over_their_letter_stay_in_the_word() {
    // Thai vowel and tone marks have no advance: the next letter starts where
    // the mark was drawn. The reader guessed half an em for a mark with no width,
    // so the next letter seemed to go back and began a new line, and the word
    // was read "ที่ มี" instead of "ที่มี".
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let font = truetype(&[('ท', 1), ('ี', 2), ('่', 3), ('ม', 4)], &[], 5);
    let to_unicode = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n4 beginbfchar\n<0001> <0E17>\n<0002> <0E35>\n<0003> <0E48>\n<0004> <0E21>\nendbfchar\nendcmap end end";
    let content = b"BT /F1 14 Tf 72 700 Td <00010002000300040002> Tj ET";
    let pdf = one_page_pdf(
        "Thai words",
        content,
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Thai /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>",
        vec![
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Thai /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 10 0 R /DW 600 /W [1 [600 0 0 600]] /CIDToGIDMap /Identity >>".to_vec(),
            stream("", to_unicode),
            b"<< /Type /FontDescriptor /FontName /ABCDEF+Thai /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 11 0 R >>".to_vec(),
            stream("", &font),
        ],
    );
    import_ok(&d, &tmp, "thai.pdf", &pdf);
    assert_eq!(read(&d, "seeds/thai-words.txt"), "Thai words\n\nที่มี\n");
}

#[test]
fn a_push_buttons_caption_is_read_and_a_check_boxs_tick_is_not() {
    // A form's "Reset the form" button shows its caption on the page (a widget's
    // `/MK /CA`); the caption of a check box is the tick's symbol ("8" in
    // ZapfDingbats), no text.
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let page = vec![
        (60.0, 740.0, 16.0, "Salary certificate"),
        (60.0, 700.0, 10.0, "Period from"),
    ];
    let fields = "/Annots [\
        << /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (Reset) /MK << /CA (Reset the form) >> /Rect [400 735 520 755] /DA (/Helv 12 Tf 0 g) >> \
        << /Type /Annot /Subtype /Widget /FT /Btn /T (sick) /MK << /CA (8) >> /Rect [60 650 70 660] >> ]";
    import_ok(
        &d,
        &tmp,
        "certificate.pdf",
        &pdf_with(&[page], false, fields),
    );
    let seed = read(&d, "seeds/quarterly-field-report.txt");
    assert!(seed.contains("Salary certificate Reset the form"), "{seed}");
    assert!(!seed.contains('8'), "{seed}");
}

#[test]
fn times_new_roman_neither_embedded_nor_mapped_reads_by_its_glyph_numbers() {
    // A form names Times New Roman without embedding it or saying what its glyph
    // numbers read (Identity encoding, no ToUnicode). Windows' core fonts number
    // their glyphs in the standard Macintosh order, so 71 is "d" and 112 "é":
    // the words were lost (and pdftotext reads them shifted, "GHPDQGH").
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    // "demande de prestation médicale"
    let word = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'é' => "0070".to_string(),
                c => format!("{:04X}", c as u32 - 29),
            })
            .collect()
    };
    let content = format!(
        "BT /F1 12 Tf 72 700 Td <{}> Tj ET",
        word("demande de prestation médicale")
    );
    let pdf = one_page_pdf(
        "Demande",
        content.as_bytes(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman,Bold /Encoding /Identity-H /DescendantFonts [8 0 R] >>",
        vec![
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman,Bold /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 9 0 R /DW 500 >>".to_vec(),
            b"<< /Type /FontDescriptor /FontName /TimesNewRoman,Bold /Flags 32 /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>".to_vec(),
        ],
    );
    import_ok(&d, &tmp, "demande.pdf", &pdf);
    assert_eq!(
        read(&d, "seeds/demande.txt"),
        "Demande\n\ndemande de prestation médicale\n"
    );
}

#[test]
fn slanted_labels_of_two_charts_read_chart_by_chart() {
    // Two charts, one above and right of the other, each with month labels
    // slanted by 45 degrees. Turned back, the labels of both fall on shared
    // baselines, and were read across the charts ("Jan Apr", "Feb May").
    let d = fresh();
    let tmp = tempfile::tempdir().unwrap();
    let mut content = String::from("BT /F1 12 Tf 72 740 Td (Sales and returns by month) Tj ET\n");
    for (i, m) in ["Jan", "Feb", "Mar"].iter().enumerate() {
        let x = 100 + 30 * i;
        content.push_str(&format!(
            "BT /F1 8 Tf 0.7071 0.7071 -0.7071 0.7071 {x} 400 Tm ({m} 2024) Tj ET\n"
        ));
    }
    for (i, m) in ["Apr", "May", "Jun"].iter().enumerate() {
        let x = 400 + 30 * i;
        content.push_str(&format!(
            "BT /F1 8 Tf 0.7071 0.7071 -0.7071 0.7071 {x} 700 Tm ({m} 2024) Tj ET\n"
        ));
    }
    let pdf = one_page_pdf(
        "Sales",
        content.as_bytes(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    );
    import_ok(&d, &tmp, "charts.pdf", &pdf);
    let seed = read(&d, "seeds/sales.txt");
    assert!(
        seed.contains("Apr 2024\n\nMay 2024\n\nJun 2024\n\nJan 2024\n\nFeb 2024\n\nMar 2024"),
        "{seed}"
    );
}
