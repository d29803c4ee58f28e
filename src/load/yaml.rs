//! The only user of the YAML crate (serde_norway, serde_yaml's maintained fork): swap
//! crates here and nowhere else. Turns parser errors into editor-facing messages.

use serde::de::DeserializeOwned;

use crate::diag::Pos;

/// A YAML file that did not parse into the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub help: Option<String>,
    pub pos: Option<Pos>,
}

/// Parses `text` as one YAML document of type `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.trim().is_empty() {
        return Err(YamlError {
            message: "the file is empty".into(),
            help: Some("fill in at least the required fields (see `dossier new`)".into()),
            pos: None,
        });
    }
    // The YAML parser takes time growing with the square of the nesting (64k levels:
    // 12 s), before its own depth limit is reached: deep nesting is refused first.
    if let Some(pos) = too_deep(text) {
        return Err(YamlError {
            message: format!("the YAML nests more than {MAX_DEPTH} levels deep here"),
            help: Some("content needs a few levels at most: close the `[` and `{` opened before, or write the values out plainly".into()),
            pos: Some(pos),
        });
    }
    serde_norway::from_str(text).map_err(|e| {
        let pos = e.location().map(|l| Pos {
            line: l.line(),
            column: l.column(),
        });
        let (message, help) = explain(&e.to_string());
        YamlError { message, help, pos }
    })
}

/// Deepest nesting of lists and mappings a content file may have.
pub const MAX_DEPTH: usize = 100;

/// Where `text` first nests deeper than [`MAX_DEPTH`] (flow `[`/`{` levels plus the
/// `- ` and `? ` that open a line), in one linear pass. Quoted text is skipped where
/// a quote can start a value; elsewhere a bracket counts even if the parser would read
/// it as text, so a file is refused too early rather than too late.
fn too_deep(text: &str) -> Option<Pos> {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (1usize, 0usize);
    let mut flow = 0usize;
    // Whether a quote here would start a quoted value.
    let mut value_start = true;
    let mut at_line_start = true;
    let mut block = 0usize;
    let mut i = 0;
    let pos = |i: usize, line: usize, line_start: usize| Pos {
        line,
        column: text[line_start..i].chars().count() + 1,
    };
    while i < bytes.len() {
        let c = bytes[i];
        let next_blank = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        match c {
            b'\n' => {
                line += 1;
                line_start = i + 1;
                value_start = true;
                at_line_start = true;
                block = 0;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if value_start
                || bytes
                    .get(i.wrapping_sub(1))
                    .is_some_and(|b| b.is_ascii_whitespace()) =>
            {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                flow += 1;
                value_start = true;
            }
            b']' | b'}' => {
                flow = flow.saturating_sub(1);
                value_start = false;
            }
            b',' => value_start = true,
            b'-' | b'?' if at_line_start && next_blank => {
                block += 1;
                value_start = true;
                if block > MAX_DEPTH {
                    return Some(pos(i, line, line_start));
                }
                i += 1;
                continue;
            }
            b'&' | b'!' if value_start => {
                // An anchor or a tag: a quoted value may follow it.
                while i < bytes.len()
                    && !bytes[i].is_ascii_whitespace()
                    && !(flow > 0 && matches!(bytes[i], b',' | b'[' | b']' | b'{' | b'}'))
                {
                    i += 1;
                }
                at_line_start = false;
                continue;
            }
            b':' if next_blank || flow > 0 => value_start = true,
            b'\'' | b'"' if value_start => {
                // To the closing quote ('' and \" do not close).
                let mut j = i + 1;
                while j < bytes.len() {
                    match bytes[j] {
                        b'\n' => {
                            line += 1;
                            line_start = j + 1;
                        }
                        b'\\' if c == b'"' => j += 1,
                        q if q == c => {
                            if c == b'\'' && bytes.get(j + 1) == Some(&b'\'') {
                                j += 1;
                            } else {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
                value_start = false;
                at_line_start = false;
                continue;
            }
            _ => value_start = false,
        }
        at_line_start = false;
        if flow + block > MAX_DEPTH {
            return Some(pos(i, line, line_start));
        }
        i += 1;
    }
    None
}

/// Rewrites serde's wording for editors: drops the trailing location (we show it
/// ourselves) and turns "unknown field `x`, expected one of …" into a suggestion.
fn explain(raw: &str) -> (String, Option<String>) {
    // serde_norway appends " at line L column C"; we carry the position separately.
    let msg = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.to_string(),
    };
    // serde prefixes errors inside a nested field with "path.to.field: ".
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|e| {
                e.split('`')
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 1)
                    .map(|(_, s)| s)
                    .collect()
            })
            .unwrap_or_default();
        let help = crate::diag::suggest(field, expected.iter().copied());
        return (format!("unknown field `{field}`"), help);
    }
    if let Some(rest) = msg.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        return (
            format!("missing required field `{field}`"),
            Some(format!("add a line `{field}: …`")),
        );
    }
    // libyaml's syntax errors, said plainly.
    let syntax: &[(&str, &str, &str)] = &[
        ("mapping values are not allowed", "a `key: value` is not allowed here", "check the indentation: the keys of one mapping start in the same column, and a value containing `: ` needs quotes"),
        ("while scanning a quoted scalar", "a quoted value is never closed", "add the closing quote (a ' inside '…' is written '')"),
        ("did not find expected ',' or ']'", "a `[` list is not closed", "close the list with `]`"),
        ("did not find expected key", "a line is not indented like the keys around it", "line up the keys of one mapping in the same column"),
        ("found character that cannot start any token", "a character here cannot start a YAML value (a tab?)", "indent with spaces, and quote values that start with @ or `"),
        ("found a tab character", "a tab is used for indentation", "indent with spaces; YAML does not allow tabs there"),
    ];
    for (pat, said, help) in syntax {
        if msg.contains(pat) {
            return (said.to_string(), Some(help.to_string()));
        }
    }
    // The whole file has the wrong shape (a list, a bare value): say what it should be.
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            if expected.starts_with("struct ") {
                return (
                    format!(
                        "the file must hold `key: value` lines, not {}",
                        plain_type(found)
                    ),
                    Some("start each line with a field name, like `name: …`".into()),
                );
            }
        }
    }
    if let Some((field, rest)) = msg.split_once(": invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return (
                format!(
                    "`{field}`: expected {expected}, found {}",
                    plain_type(found)
                ),
                None,
            );
        }
    }
    if msg.contains("recursion limit exceeded") || msg.contains("repetition limit exceeded") {
        return (
            "the YAML nests or repeats too deeply to be content (possible alias bomb)".into(),
            Some("write the values out plainly, without deep nesting or `*aliases`".into()),
        );
    }
    (msg, None)
}

/// serde's name for a YAML value's type, in editors' words ("sequence" → "a list").
fn plain_type(found: &str) -> String {
    found
        .replace("sequence", "a list")
        .replace("map", "a mapping")
        .replace("unit value", "nothing")
}

/// Splits a Markdown page into its YAML front matter and its body. The front matter
/// sits between a first line `---` and the next line `---`.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((fm, body, start));
        }
        offset += line.len();
    }
    None
}

/// A strings catalogue (`i18n/<lang>.yaml`): nested `key: value` mappings whose leaves
/// are text, flattened to dotted keys (`actor.mentions.one`), sorted.
pub fn catalogue(text: &str) -> Result<Vec<(String, String)>, YamlError> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Node {
        Text(String),
        Map(std::collections::BTreeMap<String, Node>),
    }
    fn flatten(prefix: &str, node: Node, out: &mut Vec<(String, String)>) {
        match node {
            Node::Text(t) => out.push((prefix.to_string(), t)),
            Node::Map(m) => {
                for (k, node) in m {
                    let key = match prefix {
                        "" => k,
                        _ => format!("{prefix}.{k}"),
                    };
                    flatten(&key, node, out);
                }
            }
        }
    }
    let root: std::collections::BTreeMap<String, Node> = parse(text)?;
    let mut out = Vec::new();
    flatten("", Node::Map(root), &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawActor;

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let e = parse::<RawActor>("name: A\nkind: person\nalises: [B]\n").unwrap_err();
        assert_eq!(e.message, "unknown field `alises`");
        assert_eq!(e.help.as_deref(), Some("did you mean `aliases`?"));
        assert_eq!(e.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn missing_field_says_what_to_add() {
        let e = parse::<RawActor>("name: A\n").unwrap_err();
        assert_eq!(e.message, "missing required field `kind`");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            y.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        y.push_str("name: x\nkind: person\n");
        assert!(parse::<RawActor>(&y).is_err());
    }

    #[test]
    fn front_matter() {
        let (fm, body, _) = split_front_matter("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(fm, "title: A\n");
        assert_eq!(body, "# Hi\n");
        assert!(split_front_matter("# no front matter").is_none());
    }
}
