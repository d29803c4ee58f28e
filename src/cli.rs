//! The commands and flags (clap derive). Parsing only; `main.rs` runs them.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "dossier",
    version,
    about = "Build evidence-based dossiers: cross-linked static sites from source articles and curated YAML."
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every file written.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct RootArg {
    /// The dossier's folder (holding content/ and seeds/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct OutArg {
    /// Where to write the site [default: ROOT/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Build into an output folder that holds files dossier did not write (they are kept).
    #[arg(long)]
    pub force: bool,
}

impl OutArg {
    pub fn project(&self, root: &RootArg) -> dossier::Project {
        let mut p = dossier::Project::new(&root.root, self.out.clone());
        p.force = self.force;
        p
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestFormat {
    Human,
    Yaml,
    Json,
    /// Every candidate clause with the claim scorer's features (to train it).
    #[value(hide = true)]
    Features,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --out).
    Build {
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        out: OutArg,
    },
    /// Validate everything without writing; exit 1 on any error.
    Check {
        #[command(flatten)]
        root: RootArg,
        /// `human` (code snippets) or `json` (for editors' tools and CI, on stdout).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build, then rebuild on every change to content/, seeds/ or templates/.
    Watch {
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        out: OutArg,
    },
    /// Build, watch and serve the site with live reload (on 127.0.0.1 unless --bind).
    Serve {
        #[command(flatten)]
        root: RootArg,
        #[command(flatten)]
        out: OutArg,
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: IpAddr,
        /// Open the overview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a commented skeleton: actor, source, event, commitment or discrepancy.
    New {
        /// actor | source | event | commitment | discrepancy
        kind: String,
        /// The new id: lowercase letters, digits and `-` (the file name).
        id: String,
        /// For a source: the article to copy into seeds/ (its first line becomes the title when it reads as a headline).
        #[arg(long, value_name = "FILE")]
        seed: Option<PathBuf>,
        #[command(flatten)]
        root: RootArg,
    },
    /// Propose what the seeds hold that content/ does not yet: claims, parallels, spelling variants, names (read-only).
    Suggest {
        #[command(flatten)]
        root: RootArg,
        /// Only this source's suggestions.
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        /// `human` (grouped, for reading), `yaml` (skeletons to paste into content/) or `json`.
        #[arg(long, value_enum, default_value_t = SuggestFormat::Human)]
        format: SuggestFormat,
    },
    /// Write a JSON Schema per content kind (with the current ids) for editors' YAML plugins.
    Schema {
        #[command(flatten)]
        root: RootArg,
        /// Where to write them [default: ROOT/.dossier/schema].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Start a new, empty dossier in DIR (which must be empty or not exist).
    Init { dir: PathBuf },
    /// Web pages, PDFs, text and Markdown (files, folders or addresses) → a seed and a prefilled source file each.
    Import {
        /// Saved web pages, PDFs, .txt or .md files, folders of them, or http(s):// addresses.
        #[arg(required = true, value_name = "FILE|DIR|URL")]
        inputs: Vec<String>,
        /// The id of the new source (one document only) [default: the title's slug].
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// `human` or `json` (what was written, on stdout).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        root: RootArg,
    },
}
