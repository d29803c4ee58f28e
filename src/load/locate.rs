//! Finds where a key or value sits in a YAML file's text, for diagnostics found after
//! parsing (an unknown id, a misquote). Only used on the error path, so it may re-read
//! the text; it never changes what was parsed.

use crate::diag::Pos;

/// The position of the `nth` (0-based) occurrence of `key:` used as a mapping key.
pub fn key(text: &str, key: &str, nth: usize) -> Option<Pos> {
    key_offsets(text, key)
        .nth(nth)
        .map(|o| Pos::of_offset(text, o))
}

/// The position of the value written after the `nth` `key:` (the key itself if the
/// value starts on the next line).
pub fn after_key(text: &str, key: &str, nth: usize) -> Option<Pos> {
    let at = key_offsets(text, key).nth(nth)?;
    let rest = &text[at + key.len() + 1..];
    let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let value_at = at + key.len() + 1 + skip;
    let starts_line = matches!(
        text.as_bytes().get(value_at),
        None | Some(b'\n' | b'\r' | b'|' | b'>')
    );
    Some(Pos::of_offset(
        text,
        if starts_line { at } else { value_at },
    ))
}

/// The position of `value` as a whole token at or after the `nth` occurrence of
/// `key:`; falls back to the key itself, then to the first occurrence of the value.
pub fn value(text: &str, key_name: &str, nth: usize, value: &str) -> Option<Pos> {
    let from = key_offsets(text, key_name).nth(nth);
    if let Some(from) = from {
        if let Some(o) = token(text, value, from) {
            return Some(Pos::of_offset(text, o));
        }
        return Some(Pos::of_offset(text, from));
    }
    token(text, value, 0).map(|o| Pos::of_offset(text, o))
}

/// The offset of `key:` written at the start of a line (a top-level key), if any.
pub fn top_key(text: &str, key: &str) -> Option<usize> {
    key_offsets(text, key).find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
}

fn key_offsets(text: &str, key: &str) -> std::vec::IntoIter<usize> {
    let pat = format!("{key}:");
    let bytes = text.as_bytes();
    text.match_indices(&pat)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before_ok =
                i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'{' | b',' | b'-');
            let after = bytes.get(i + pat.len()).copied();
            before_ok && matches!(after, None | Some(b' ' | b'\t' | b'\n' | b'\r'))
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// The first offset ≥ `from` where `value` stands as a whole id-like token.
fn token(text: &str, value: &str, from: usize) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    let is_id = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'/';
    let bytes = text.as_bytes();
    text[from..]
        .match_indices(value)
        .map(|(i, _)| from + i)
        .find(|&i| {
            let before = i == 0 || !is_id(bytes[i - 1]);
            let after = bytes.get(i + value.len()).is_none_or(|&b| !is_id(b));
            before && after
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: &str = "title: T\nby: [g7, zelenksy]\nevidence:\n  - source: a\n    quote: x\n  - {source: zelenksy, quote: y}\n";

    #[test]
    fn finds_nth_key() {
        assert_eq!(key(Y, "source", 0).unwrap().line, 4);
        assert_eq!(key(Y, "source", 1).unwrap().line, 6);
        assert_eq!(key(Y, "quote", 1).unwrap().line, 6);
        assert!(key(Y, "source", 2).is_none());
    }

    #[test]
    fn finds_what_follows_a_key() {
        assert_eq!(
            after_key(Y, "quote", 0),
            Some(Pos {
                line: 5,
                column: 12
            })
        );
        assert_eq!(
            after_key(Y, "evidence", 0),
            Some(Pos { line: 3, column: 1 })
        );
    }

    #[test]
    fn finds_value_after_its_key() {
        assert_eq!(
            value(Y, "by", 0, "zelenksy"),
            Some(Pos {
                line: 2,
                column: 10
            })
        );
        assert_eq!(value(Y, "source", 1, "zelenksy").unwrap().line, 6);
        // a value that is not a whole token is not matched inside a longer one
        assert_eq!(
            value(Y, "by", 0, "zelen").unwrap(),
            Pos { line: 2, column: 1 }
        );
    }
}
