//! A date as precise as the editors know it (a day, a month, a year, or unknown): parsed
//! from what they write, sorted, and written as ISO (data) or for readers.

use serde::Serialize;

/// A date as precise as the editors know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Date {
    Year(u16),
    Month(u16, u8),
    Day(u16, u8, u8),
    Unknown,
}

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `unknown` when `allow_unknown`.
    pub fn parse(s: &str, allow_unknown: bool) -> Result<Date, String> {
        let s = s.trim();
        if allow_unknown && s == "unknown" {
            return Ok(Date::Unknown);
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let bad = || {
            format!(
                "`{s}` is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY{})",
                if allow_unknown { ", `unknown`" } else { "" }
            )
        };
        let y = parts.first().and_then(|p| num(p, 4)).ok_or_else(bad)? as u16;
        match parts.len() {
            1 => Ok(Date::Year(y)),
            2 | 3 => {
                let m = num(parts[1], 2).ok_or_else(bad)?;
                if !(1..=12).contains(&m) {
                    return Err(format!("`{s}`: there is no month {m}"));
                }
                if parts.len() == 2 {
                    return Ok(Date::Month(y, m as u8));
                }
                let d = num(parts[2], 2).ok_or_else(bad)?;
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                let days = [
                    31,
                    if leap { 29 } else { 28 },
                    31,
                    30,
                    31,
                    30,
                    31,
                    31,
                    30,
                    31,
                    30,
                    31,
                ];
                if d == 0 || d > days[m as usize - 1] {
                    return Err(format!(
                        "`{s}`: {} {y} has no day {d}",
                        MONTHS[m as usize - 1]
                    ));
                }
                Ok(Date::Day(y, m as u8, d as u8))
            }
            _ => Err(bad()),
        }
    }

    /// The ISO form, `unknown` for an unknown date: sorts chronologically.
    pub fn iso(&self) -> String {
        match *self {
            Date::Year(y) => format!("{y:04}"),
            Date::Month(y, m) => format!("{y:04}-{m:02}"),
            Date::Day(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Date::Unknown => "unknown".into(),
        }
    }

    /// For readers: "12 July 2023", "July 2023", "2023", "date unknown".
    pub fn human(&self) -> String {
        match *self {
            Date::Year(y) => format!("{y}"),
            Date::Month(y, m) => format!("{} {y}", MONTHS[m as usize - 1]),
            Date::Day(y, m, d) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
            Date::Unknown => "date unknown".into(),
        }
    }

    /// Sort key: known dates in order (a year before its months, a month before its
    /// days, as their ISO forms sort), then unknown ones.
    pub fn sort_key(&self) -> (u8, u16, u8, u8) {
        match *self {
            Date::Year(y) => (0, y, 0, 0),
            Date::Month(y, m) => (0, y, m, 0),
            Date::Day(y, m, d) => (0, y, m, d),
            Date::Unknown => (1, 0, 0, 0),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2023-07-12", false), Ok(Date::Day(2023, 7, 12)));
        assert_eq!(Date::parse("2023-07", false), Ok(Date::Month(2023, 7)));
        assert_eq!(Date::parse("unknown", true), Ok(Date::Unknown));
        assert!(Date::parse("unknown", false).is_err());
        assert!(Date::parse("2023-02-29", false)
            .unwrap_err()
            .contains("no day 29"));
        assert!(Date::parse("2024-02-29", false).is_ok());
        assert!(Date::parse("2023-13-01", false)
            .unwrap_err()
            .contains("no month 13"));
        assert!(Date::parse("12/07/2023", false).is_err());
        assert!(Date::parse("2023-7-12", false).is_err());
        assert_eq!(Date::Day(2023, 7, 12).human(), "12 July 2023");
        assert!(Date::Day(2023, 7, 12).sort_key() < Date::Unknown.sort_key());
    }
}
