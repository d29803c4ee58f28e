//! How a seed's plain text divides into paragraphs and sentences. Offsets are byte
//! offsets into the seed text.

/// Paragraph byte ranges (trimmed, never empty). If the text has blank lines,
/// paragraphs are separated by them (so hard-wrapped text stays whole); otherwise
/// each line is a paragraph, as in articles pasted one paragraph a line.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new(); // (start, end) of each line, without the newline
    let mut start = 0;
    for l in text.split_inclusive('\n') {
        let body = l.strip_suffix('\n').unwrap_or(l);
        lines.push((start, start + body.len()));
        start += l.len();
    }
    let blank = |&(s, e): &(usize, usize)| text[s..e].trim().is_empty();
    let has_blank_separator = {
        let first = lines.iter().position(|l| !blank(l));
        let last = lines.iter().rposition(|l| !blank(l));
        match (first, last) {
            (Some(f), Some(l)) => lines[f..l].iter().any(blank),
            _ => false,
        }
    };
    let mut out = Vec::new();
    let mut push = |s: usize, e: usize| {
        let raw = &text[s..e];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            out.push((s + lead, s + lead + trimmed.len()));
        }
    };
    if has_blank_separator {
        let mut cur: Option<(usize, usize)> = None;
        for l in &lines {
            if blank(l) {
                if let Some((s, e)) = cur.take() {
                    push(s, e);
                }
            } else {
                cur = Some(cur.map_or(*l, |(s, _)| (s, l.1)));
            }
        }
        if let Some((s, e)) = cur {
            push(s, e);
        }
    } else {
        for &(s, e) in &lines {
            push(s, e);
        }
    }
    out
}

/// The sentence of `par` that contains byte `at` (see [`Sentences::at`]), for one
/// lookup.
pub fn sentence_at(par: &str, at: usize) -> (usize, usize) {
    Sentences::of(par).at(at)
}

/// A paragraph's sentence ends, found on first use and then for all the mentions in it.
pub struct Sentences<'a> {
    par: &'a str,
    ends: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Sentences<'a> {
    pub fn of(par: &'a str) -> Sentences<'a> {
        Sentences {
            par,
            ends: Default::default(),
        }
    }

    /// The sentence that contains byte `at`: from after the previous sentence end
    /// (`.`, `!` or `?`, optionally followed by closing quotes, then whitespace) to the
    /// next one.
    pub fn at(&self, at: usize) -> (usize, usize) {
        let par = self.par;
        let mut start = 0;
        for &e in self.ends.get_or_init(|| sentence_ends(par)) {
            if e > at {
                // `at` in the space between two sentences belongs to the second.
                return (start.min(at), e);
            }
            start = e;
            // skip the whitespace after a sentence end
            start += par[start..].len() - par[start..].trim_start().len();
        }
        (start.min(at), par.len())
    }

    /// Every sentence in order, as [`Sentences::at`] finds them: byte ranges, the
    /// whitespace between them left out.
    pub fn all(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let text = self.par;
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= text.len() {
                return None;
            }
            let (s, e) = self.at(at);
            at = e + (text[e..].len() - text[e..].trim_start().len());
            (e > s).then_some((s, e))
        })
    }
}

/// Byte offsets just after each sentence end.
fn sentence_ends(par: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = par.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            // take closing punctuation that belongs to the sentence
            let mut end = None;
            while let Some(&(j, n)) = chars.peek() {
                if matches!(n, '"' | '”' | '’' | '\'' | ')' | '.' | '»') {
                    chars.next();
                    continue;
                }
                if n.is_whitespace() {
                    end = Some(j);
                }
                break;
            }
            if let Some(e) = end {
                // "U.S. troops": an end must be followed by a capital or a quote
                let rest = par[e..].trim_start();
                let next = rest.chars().next();
                if next.is_none_or(|n| n.is_uppercase() || matches!(n, '"' | '“' | '«' | '(' | '‘'))
                {
                    ends.push(e);
                }
            }
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pars(t: &str) -> Vec<&str> {
        paragraphs(t).into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn one_line_one_paragraph_without_blank_lines() {
        assert_eq!(pars("A b.\nC d.\n"), vec!["A b.", "C d."]);
    }

    #[test]
    fn blank_lines_separate_wrapped_paragraphs() {
        assert_eq!(
            pars("Title\n\nA b\nc d.\n\n  E f.  \n\n"),
            vec!["Title", "A b\nc d.", "E f."]
        );
    }

    #[test]
    fn sentences() {
        let p = "Kishida spoke. “Our solidarity will never waver,” he said. Then U.S. troops left!";
        // One paragraph's ends, found once, serve every lookup in it.
        let sentences = Sentences::of(p);
        let (s, e) = sentences.at(p.find("solidarity").unwrap());
        assert_eq!(&p[s..e], "“Our solidarity will never waver,” he said.");
        let (s, e) = sentences.at(p.find("troops").unwrap());
        assert_eq!(&p[s..e], "Then U.S. troops left!");
        let (s, e) = sentences.at(0);
        assert_eq!(&p[s..e], "Kishida spoke.");
    }
}
