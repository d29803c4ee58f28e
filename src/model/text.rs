//! [`Text`]: a range of a shared string, read as a `&str`. A seed's paragraphs are
//! ranges of the one loaded seed text, not copies of it (at 100,000 sources the
//! copies were a third of a build's memory).

use std::ops::Deref;
use std::sync::Arc;

/// A byte range of a shared string; derefs to that `&str`, compares and serialises
/// as it.
#[derive(Clone)]
pub struct Text {
    whole: Arc<str>,
    start: u32,
    end: u32,
}

impl Text {
    /// `whole[start..end]`, shared. Panics (a bug, not an input error) when the range
    /// is not on character boundaries of `whole`; seeds are at most a few megabytes,
    /// so offsets fit in `u32`.
    pub fn slice(whole: &Arc<str>, start: usize, end: usize) -> Text {
        assert!(whole.get(start..end).is_some(), "a paragraph's range");
        Text {
            whole: whole.clone(),
            start: u32::try_from(start).expect("seed offsets fit in u32"),
            end: u32::try_from(end).expect("seed offsets fit in u32"),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::slice(&Arc::from(s), 0, s.len())
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.whole[self.start as usize..self.end as usize]
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_reads_compares_and_serialises_as_its_range() {
        let whole: Arc<str> = Arc::from("One. Zwei — drei.\n\nFour.");
        let t = Text::slice(&whole, 5, 19);
        assert_eq!(&*t, "Zwei — drei.");
        assert_eq!(t, Text::from("Zwei — drei."));
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"Zwei — drei.\"");
        assert_eq!(format!("{t:?}"), "\"Zwei — drei.\"");
    }
}
