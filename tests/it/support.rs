//! Shared helpers: a fresh copy of the fixture, building it, reading pages, crawling links.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini");
pub const BUNDLED: &str = env!("CARGO_MANIFEST_DIR");

/// Held by the tests that run many processes or depend on timing (the watcher, the
/// killed builds), so that they do not starve each other on a 2-core machine.
pub fn heavy() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary copy of the fixture dossier (deleted on drop).
pub struct Dossier {
    pub dir: tempfile::TempDir,
}

impl Dossier {
    pub fn fixture() -> Dossier {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(Path::new(FIXTURE), dir.path());
        Dossier { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Dates every file of the dossier an hour back, as files an editor saved long
    /// ago: a watch session then trusts their stamps and does not reread them.
    pub fn age(&self) {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for e in walkdir::WalkDir::new(self.root()) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let f = fs::File::options().write(true).open(e.path()).unwrap();
                f.set_modified(then).unwrap();
            }
        }
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.root().join(rel);
        let t = fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel} does not contain {from:?}");
        fs::write(p, t.replacen(from, to, 1)).unwrap();
    }

    /// Runs the real binary; returns (exit code, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run dossier");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn build(&self) -> String {
        self.build_with(&[])
    }

    pub fn build_with(&self, flags: &[&str]) -> String {
        let args: Vec<&str> = std::iter::once("build")
            .chain(flags.iter().copied())
            .collect();
        let (code, err) = self.run(&args);
        assert_eq!(code, 0, "build failed:\n{err}");
        err
    }

    /// The text of a built page (site path, e.g. `actors/russia/index.html`).
    pub fn page(&self, site_path: &str) -> String {
        fs::read_to_string(self.out().join(site_path))
            .unwrap_or_else(|e| panic!("{site_path}: {e}"))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` → its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The part of a page between `<section id="ID"` and its `</section>`.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Values of attribute `attr` in `html` (entities `&amp;` decoded).
pub fn attrs(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|e| rest[..e].replace("&amp;", "&"))
        })
        .collect()
}

/// Follows every relative `href` and `src` of every HTML page under `out`; returns
/// the broken ones as "page → link (why)".
pub fn broken_links(out: &Path) -> Vec<String> {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for p in &pages {
        let html = fs::read_to_string(p).unwrap();
        ids.insert(
            p.canonicalize().unwrap(),
            attrs(&html, "id").into_iter().collect(),
        );
    }
    let mut broken = Vec::new();
    for p in &pages {
        // 404.html links from the site root, wherever it is served.
        let html = fs::read_to_string(p).unwrap();
        for link in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, anchor) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(a, b)| (a, Some(b)));
            let target = if path.is_empty() {
                p.clone()
            } else {
                p.parent().unwrap().join(path)
            };
            let Ok(target) = target.canonicalize() else {
                broken.push(format!("{} → {link} (no such file)", p.display()));
                continue;
            };
            if !target.starts_with(out.canonicalize().unwrap()) {
                broken.push(format!("{} → {link} (outside the site)", p.display()));
            } else if target.is_dir() {
                broken.push(format!(
                    "{} → {link} (a folder: does not open from disk)",
                    p.display()
                ));
            } else if let Some(a) = anchor {
                if !ids.get(&target).is_some_and(|s| s.contains(a)) {
                    broken.push(format!("{} → {link} (no id {a:?})", p.display()));
                }
            }
        }
    }
    broken
}

/// A dossier big enough that a build takes a while: `n` sources naming `n / 5` actors.
pub fn big_dossier(n: usize, role: &str) -> Dossier {
    let d = Dossier::fixture();
    for a in 0..n / 5 {
        d.write(
            &format!("content/actors/p{a:04}.yaml"),
            &format!(
                "name: Person{a:04} Name\nkind: person\naliases: [Person{a:04}]\nrole: {role}\n"
            ),
        );
    }
    for s in 0..n {
        let text: String = (0..12).map(|k| format!("Person{:04} said that Russia and the G7 met on day {k} of the talks in the capital.\n", (s * 7 + k) % (n / 5))).collect();
        d.write(&format!("seeds/s{s:04}.txt"), &text);
        d.write(
            &format!("content/sources/s{s:04}.yaml"),
            &format!("seed: s{s:04}.txt\ntitle: Source {s}\n"),
        );
    }
    d
}
