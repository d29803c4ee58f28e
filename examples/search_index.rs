//! Times the search index of a dossier and says how its files are cut:
//!
//!     cargo run --release --example search_index -- DIR
//!
//! (the median of three runs of each step; English words).

use std::time::{Duration, Instant};

use dossier::render::search::{self, shards};
use dossier::render::strings::Strings;

fn median(mut runs: Vec<Duration>) -> f64 {
    runs.sort();
    runs[runs.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: search_index DIR");
        std::process::exit(2);
    };
    let project = dossier::Project::new(root, None);
    let (d, _) = match dossier::resolved(&project) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("cannot load the dossier");
            std::process::exit(1);
        }
    };
    let t = Strings::english();
    let (mut doc_runs, mut index_runs, mut files) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        let start = Instant::now();
        let docs = search::documents(&d, t);
        doc_runs.push(start.elapsed());
        let start = Instant::now();
        files = shards::files(&docs);
        index_runs.push(start.elapsed());
    }
    let docs = search::documents(&d, t).len();
    println!(
        "{docs} documents: documents {:.0} ms, index {:.0} ms",
        median(doc_runs),
        median(index_runs)
    );
    for kind in ["t", "d", "p", "index"] {
        let of: Vec<usize> = files
            .iter()
            .filter(|(p, _)| {
                let name = &p[shards::DIR.len()..];
                name.strip_prefix(kind)
                    .is_some_and(|r| kind == "index" || r.starts_with(|c: char| c.is_ascii_digit()))
            })
            .map(|(_, b)| b.len())
            .collect();
        println!(
            "{kind:>5}: {:>6} files, {:>10} bytes, largest {:>7}",
            of.len(),
            of.iter().sum::<usize>(),
            of.iter().max().unwrap_or(&0)
        );
    }
}
