//! Diagnostics for editors: what went wrong, in which file, on which line, and the
//! nearest valid choice. Every stage pushes into one [`Diagnostics`]; the binary
//! decides the exit code and prints them (this module only formats).

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem an editor must see: where it is, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the dossier's root (e.g. `content/actors/zelensky.yaml`).
    /// A name that is not UTF-8 is written with U+FFFD for its odd bytes.
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// 1-based line and column; `None` when the problem concerns the whole file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, e.g. "did you mean `zelensky`?".
    pub help: Option<String>,
}

fn lossy_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, pos: Option<Pos>) -> Self {
        if let Some(p) = pos {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `file:line:col: error: message` — one line, the form editors' tools understand.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: {}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// A 1-based position in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// The position of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// The byte offset of this position in `text` (clamped to the text).
    pub fn offset_in(&self, text: &str) -> usize {
        let mut line_start = 0;
        for _ in 1..self.line {
            match text[line_start..].find('\n') {
                Some(i) => line_start += i + 1,
                None => return text.len(),
            }
        }
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        text[line_start..line_end]
            .char_indices()
            .nth(self.column.saturating_sub(1))
            .map_or(line_end, |(i, _)| line_start + i)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every diagnostic of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps only the diagnostics for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorted by file, then line, so output is stable whatever order stages ran in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, b.severity).cmp(&(&b.file, b.line, b.column, a.severity))
        });
        v.dedup();
        v
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// What a person reads: every error, and of warnings that say the same thing
    /// (the same message once its `code` spans are left out) the first `each`, in
    /// [`sorted`](Self::sorted) order; then, per such kind, the message of its first
    /// and how many were left out. Machine output lists them all.
    pub fn for_reading(&self, each: usize) -> (Vec<Diagnostic>, Vec<(String, usize)>) {
        let mut shown = Vec::new();
        let mut left: Vec<(String, usize)> = Vec::new();
        // Per kind: how many were seen, and its place in `left` once one is left out.
        let mut kinds: std::collections::HashMap<String, (usize, Option<usize>)> =
            Default::default();
        for d in self.sorted() {
            if d.is_error() {
                shown.push(d);
                continue;
            }
            let (n, slot) = kinds.entry(kind_of(&d.message)).or_default();
            *n += 1;
            if *n <= each {
                shown.push(d);
            } else {
                let i = *slot.get_or_insert_with(|| {
                    left.push((d.message.clone(), 0));
                    left.len() - 1
                });
                left[i].1 += 1;
            }
        }
        (shown, left)
    }
}

/// A message with its `code` spans (ids, names, quotes) left out: what kind of
/// problem it is.
fn kind_of(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join("``")
}

/// Longer lines are not shown as snippets, only named.
const LONGEST_SNIPPET_LINE: usize = 1000;

/// Renders diagnostics as code snippets with the offending line marked. `root` is where
/// the files named in the diagnostics are read from; a file that cannot be read (or a
/// line too long to show) is shown without its snippet.
pub fn render_snippets(
    diags: &[Diagnostic],
    root: &Path,
    out: &mut dyn term::WriteStyle,
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    // Each file read once, found by its path: 10,000 sources may each have a warning.
    let mut ids: std::collections::HashMap<&Path, Option<usize>> = Default::default();
    let config = term::Config::default();
    for d in diags {
        let file_id = *ids.entry(d.file.as_path()).or_insert_with(|| {
            let text = std::fs::read(root.join(&d.file))
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned());
            text.map(|t| files.add(d.file.display().to_string(), t))
        });
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&d.message);
        match (file_id, d.line) {
            (Some(id), Some(line)) => {
                let text = files
                    .get(id)
                    .map(|f| f.source().clone())
                    .unwrap_or_default();
                let start = Pos {
                    line,
                    column: d.column.unwrap_or(1),
                }
                .offset_in(&text);
                // Mark the id-like token at the position, or else the rest of the line.
                let line_end = text[start..]
                    .find(['\n', '\r'])
                    .map_or(text.len(), |i| start + i);
                let token = text[start..line_end]
                    .find(|c: char| !(c.is_alphanumeric() || "-_./".contains(c)))
                    .unwrap_or(line_end - start);
                let end = if token > 0 { start + token } else { line_end };
                // Mark the rest of the line from the column, at least one character.
                let end = if end == start {
                    (start + 1).min(text.len())
                } else {
                    end
                };
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                if line_end - line_start > LONGEST_SNIPPET_LINE {
                    // A megabyte on one line (a hostile file) is not shown.
                    cs = cs.with_notes(vec![format!(
                        "in {}:{line}:{} (a line of {} bytes, not shown)",
                        d.file.display(),
                        d.column.unwrap_or(1),
                        line_end - line_start
                    )]);
                } else {
                    cs = cs.with_labels(vec![Label::primary(id, start..end)]);
                }
            }
            _ => {
                cs = cs.with_notes(vec![format!("in {}", d.file.display())]);
            }
        }
        if let Some(h) = &d.help {
            cs = cs.with_notes(vec![format!("help: {h}")]);
        }
        term::emit_to_write_style(out, &config, &files, &cs)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// The existing id closest to `wanted`, if any is close enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(wanted, c);
        // A candidate that contains the wanted text (or vice versa) is a good guess too.
        let d = if c.contains(wanted) || wanted.contains(c) {
            d.min(2)
        } else {
            d
        };
        if best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    let limit = (wanted.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// "did you mean `x`?" for the nearest candidate, or a short list of what exists.
pub fn suggest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    if let Some(n) = nearest(wanted, candidates.clone()) {
        return Some(format!("did you mean `{n}`?"));
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    match all.len() {
        0 => None,
        1..=8 => Some(format!(
            "expected one of {}",
            all.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        n => Some(format!("none of the {n} existing ids is close")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_are_shown_a_few_at_a_time_and_errors_all() {
        let mut d = Diagnostics::default();
        for i in 0..25 {
            let f = format!("content/sources/s{i:02}.yaml");
            d.push(Diagnostic::warning(&f, "no evidence quotes this source"));
            d.push(Diagnostic::warning(
                &f,
                format!("the name `N{i}` is also used by actor `a{i}`"),
            ));
            d.push(Diagnostic::error(&f, format!("unknown actor `x{i}`")));
        }
        d.push(Diagnostic::warning("content/x.yaml", "a lone warning"));
        let (shown, left) = d.for_reading(3);
        assert_eq!(shown.iter().filter(|x| x.is_error()).count(), 25);
        assert_eq!(shown.len(), 25 + 3 + 3 + 1);
        assert_eq!(
            left,
            vec![
                ("no evidence quotes this source".to_string(), 22),
                ("the name `N3` is also used by actor `a3`".to_string(), 22),
            ]
        );
        // The first shown are the first in file order.
        assert_eq!(shown[0].file, PathBuf::from("content/sources/s00.yaml"));
    }

    #[test]
    fn nearest_finds_typos() {
        let ids = ["zelensky", "stoltenberg", "g7", "nato"];
        assert_eq!(nearest("zelenksy", ids), Some("zelensky"));
        assert_eq!(nearest("stoltenburg", ids), Some("stoltenberg"));
        assert_eq!(nearest("natoo", ids), Some("nato"));
        assert_eq!(nearest("biden", ids), None);
    }

    #[test]
    fn suggest_lists_few_choices() {
        assert_eq!(
            suggest("countri", ["person", "country"]).as_deref(),
            Some("did you mean `country`?")
        );
        assert_eq!(
            suggest("xyz", ["person", "group"]).as_deref(),
            Some("expected one of `person`, `group`")
        );
    }

    #[test]
    fn positions_round_trip() {
        let text = "a: 1\nbé: 2\n  c: [x, y]\n";
        let p = Pos::of_offset(text, text.find('y').unwrap());
        assert_eq!(
            p,
            Pos {
                line: 3,
                column: 10
            }
        );
        assert_eq!(p.offset_in(text), text.find('y').unwrap());
        assert_eq!(Pos::of_offset(text, text.find('2').unwrap()).column, 5);
    }

    #[test]
    fn display_is_one_line() {
        let d = Diagnostic::error("content/actors/x.yaml", "unknown actor `zelenksy`")
            .at(Some(Pos { line: 3, column: 7 }))
            .help("did you mean `zelensky`?");
        assert_eq!(
            d.to_string(),
            "content/actors/x.yaml:3:7: error: unknown actor `zelenksy` (did you mean `zelensky`?)"
        );
    }
}
