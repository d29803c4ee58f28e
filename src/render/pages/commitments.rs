//! The commitments index: every commitment, best-attested first, and — when any carries
//! amounts — the totals pledged and delivered per actor and per category, one table
//! and one bar chart per currency (never summed across currencies).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::html::escape;
use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::urls;
use super::rows::*;

#[derive(Serialize)]
pub struct CommitmentsPage {
    pub commitments: Vec<CommitmentRow>,
    /// One per currency, in code order; empty when no commitment has amounts.
    pub totals: Vec<CurrencyTotals>,
    pub filters: Filters,
}

/// The choices of the index's filter form: only values some commitment has.
#[derive(Serialize)]
pub struct Filters {
    /// Actors who made a commitment, in name order.
    pub by: Vec<Choice>,
    /// Actors a commitment was made to, in name order.
    pub to: Vec<Choice>,
    /// Statuses in their order ("unknown" last, when some commitment has none).
    pub statuses: Vec<&'static str>,
    pub categories: Vec<String>,
    /// "At least n sources", from 2 to the most any commitment has.
    pub min_sources: Vec<usize>,
}

#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn filters(rows: &[CommitmentRow]) -> Filters {
    let actors = |pick: fn(&CommitmentRow) -> &Vec<ActorRef>| {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for a in rows.iter().flat_map(pick) {
            seen.insert(&a.id, &a.name);
        }
        let mut list: Vec<Choice> = seen
            .into_iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name.to_string(),
            })
            .collect();
        list.sort_by_cached_key(|c| (c.label.to_lowercase(), c.value.clone()));
        list
    };
    let mut statuses: Vec<&'static str> = Status::ALL
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| rows.iter().any(|r| r.status == Some(*name)))
        .collect();
    if rows.iter().any(|r| r.status.is_none()) {
        statuses.push("unknown");
    }
    let mut categories: Vec<String> = rows.iter().flat_map(|r| r.categories.clone()).collect();
    categories.sort_by_cached_key(|c| (c.to_lowercase(), c.clone()));
    categories.dedup();
    let most = rows.iter().map(|r| r.sources).max().unwrap_or(0);
    Filters {
        by: actors(|r| &r.by),
        to: actors(|r| &r.to),
        statuses,
        categories,
        min_sources: (2..=most).collect(),
    }
}

#[derive(Serialize)]
pub struct CurrencyTotals {
    pub currency: String,
    pub by_actor: Vec<Total>,
    pub by_category: Vec<Total>,
    /// The actors' totals as a static SVG bar chart (its numbers are in the table).
    pub chart_svg: String,
}

#[derive(Serialize)]
pub struct Total {
    pub label: String,
    pub href: Option<String>,
    pub pledged: String,
    pub delivered: String,
    #[serde(skip)]
    values: (f64, f64),
}

/// Sums of (pledged, delivered) by key.
type Sums = BTreeMap<String, (f64, f64)>;

pub fn commitments_page(v: &Views) -> CommitmentsPage {
    let d = v.all(every::COMMITMENT);
    // Per currency: sums per pledging actor and per category. A joint commitment's
    // amount counts for each of its actors and categories (the page says so).
    let mut sums: BTreeMap<&str, (Sums, Sums)> = BTreeMap::new();
    for c in d.commitments.values() {
        for a in &c.amounts {
            let (actors, categories) = sums.entry(&a.currency).or_default();
            let add = |m: &mut Sums, k: &str| {
                let e = m.entry(k.to_string()).or_default();
                match a.kind {
                    AmountKind::Pledged => e.0 += a.value,
                    AmountKind::Delivered => e.1 += a.value,
                }
            };
            for by in &c.by {
                add(actors, by);
            }
            for cat in &c.categories {
                add(categories, cat);
            }
        }
    }
    let total = |label: String, href: Option<String>, (p, dl): (f64, f64)| Total {
        label,
        href,
        pledged: grouped(p),
        delivered: grouped(dl),
        values: (p, dl),
    };
    let largest_first = |mut list: Vec<Total>| {
        list.sort_by(|a, b| {
            b.values
                .0
                .total_cmp(&a.values.0)
                .then(a.label.cmp(&b.label))
        });
        list
    };
    let totals = sums
        .into_iter()
        .map(|(currency, (actors, categories))| {
            let by_actor = largest_first(
                actors
                    .into_iter()
                    .map(|(id, s)| {
                        let name = v.name_of(&id).unwrap_or(&id).to_string();
                        let href = v.href(&urls::entity(Kind::Actor, &id));
                        total(name, Some(href), s)
                    })
                    .collect(),
            );
            let by_category = largest_first(
                categories
                    .into_iter()
                    .map(|(cat, s)| total(cat, None, s))
                    .collect(),
            );
            CurrencyTotals {
                chart_svg: chart(v, currency, &by_actor),
                currency: currency.to_string(),
                by_actor,
                by_category,
            }
        })
        .collect();
    let commitments = v.key_commitments(usize::MAX);
    CommitmentsPage {
        filters: filters(&commitments),
        commitments,
        totals,
    }
}

/// Horizontal bars, one row per actor: pledged (outlined) and delivered (filled) on
/// one scale, each with its number written beside it, so that the chart reads in
/// print and without colour.
fn chart(v: &Views, currency: &str, rows: &[Total]) -> String {
    use std::fmt::Write;
    let (label_w, bar_w, row_h) = (190.0, 520.0, 34.0);
    let max = rows
        .iter()
        .map(|r| r.values.0.max(r.values.1))
        .fold(0.0f64, f64::max)
        .max(1.0);
    let height = 30.0 + row_h * rows.len() as f64;
    // Room right of the longest bar for the longest "pledged / delivered" (13px text,
    // digits ~7.5px wide), so that no number is cut off.
    let right = rows
        .iter()
        .map(|r| (r.pledged.chars().count() + r.delivered.chars().count() + 3) as f64 * 7.5)
        .fold(0.0f64, f64::max)
        + 16.0;
    let title =
        v.t.fill("commitments.chart_title", &[("currency", &currency)]);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        label_w + bar_w + right,
        escape(&title),
        escape(&title)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = 20.0 + row_h * i as f64;
        let w = |x: f64| bar_w * x / max;
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect class=\"pledged\" x=\"{label_w:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\"/>\
             <rect class=\"delivered\" x=\"{label_w:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\"/>\
             <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{} / {}</text>",
            label_w - 8.0,
            y + 10.0,
            escape(&r.label),
            y,
            w(r.values.0),
            y + 14.0,
            w(r.values.1),
            label_w + w(r.values.0.max(r.values.1)) + 8.0,
            y + 10.0,
            escape(&r.pledged),
            escape(&r.delivered)
        );
    }
    out.push_str("</svg>");
    out
}
