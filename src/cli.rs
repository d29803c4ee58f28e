//! The commands and flags (clap derive). Parsing only; `main.rs` runs them.

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
    /// Print more: each file written, timings.
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

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/ (or --out).
    Build {
        #[command(flatten)]
        root: RootArg,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Validate everything without writing; exit 1 on any error.
    Check {
        #[command(flatten)]
        root: RootArg,
    },
}
