//! The timeline: events, dated commitments and publications, day by day.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::urls;
use super::rows::DateView;

#[derive(Serialize)]
pub struct TimelineItem {
    /// event | commitment | source
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    pub detail: Option<String>,
}

#[derive(Serialize)]
pub struct TimelineDay {
    pub date: DateView,
    pub items: Vec<TimelineItem>,
}

#[derive(Serialize)]
pub struct TimelinePage {
    pub days: Vec<TimelineDay>,
    pub undated: Vec<TimelineItem>,
}

pub fn timeline(v: &Views) -> TimelinePage {
    let d = v.all(every::EVENT | every::COMMITMENT | every::SOURCE);
    let mut dated: Vec<(Date, u8, String, TimelineItem)> = Vec::new();
    let mut undated = Vec::new();
    for e in d.events.values() {
        let detail = match (&e.end, &e.place) {
            (Some(end), Some(p)) => Some(v.t.fill(
                "timeline.until_at",
                &[("date", &v.t.date(end)), ("place", p)],
            )),
            (Some(end), None) => Some(v.t.fill("timeline.until", &[("date", &v.t.date(end))])),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let item = TimelineItem {
            kind: "event",
            title: e.title.clone(),
            href: v.href(&urls::entity(Kind::Event, &e.id)),
            detail,
        };
        if e.date == Date::Unknown {
            undated.push(item);
        } else {
            dated.push((e.date, 0, e.id.clone(), item));
        }
    }
    for c in d.commitments.values() {
        if let Some(date) = c.date {
            let by: Vec<&str> = c.by.iter().filter_map(|a| v.name_of(a)).collect();
            dated.push((
                date,
                1,
                c.id.clone(),
                TimelineItem {
                    kind: "commitment",
                    title: c.title.clone(),
                    href: v.href(&urls::entity(Kind::Commitment, &c.id)),
                    detail: Some(v.t.fill("timeline.by", &[("names", &by.join(", "))])),
                },
            ));
        }
        // Each step of its history: its status from then on.
        for s in c.history.iter().filter(|s| s.date != Date::Unknown) {
            let status =
                v.t.get(&format!("statuses.{}", s.status.name()))
                    .to_string();
            let key = if s.evidence.is_empty() {
                "timeline.step_judgement"
            } else {
                "timeline.step"
            };
            dated.push((
                s.date,
                2,
                c.id.clone(),
                TimelineItem {
                    kind: "step",
                    title: c.title.clone(),
                    href: v.href(&urls::entity(Kind::Commitment, &c.id)),
                    detail: Some(v.t.fill(key, &[("status", &status)])),
                },
            ));
        }
    }
    for s in d.sources.values() {
        if let Some(date) = s.published {
            dated.push((
                date,
                3,
                s.id.clone(),
                TimelineItem {
                    kind: "source",
                    title: s.title.clone(),
                    href: v.href(&urls::entity(Kind::Source, &s.id)),
                    detail: Some(match &s.outlet {
                        Some(o) => v.t.fill("timeline.published_in", &[("outlet", o)]),
                        None => v.t.get("timeline.published").to_string(),
                    }),
                },
            ));
        }
    }
    dated.sort_by(|a, b| (a.0.sort_key(), a.1, &a.2).cmp(&(b.0.sort_key(), b.1, &b.2)));
    let mut days: Vec<TimelineDay> = Vec::new();
    for (date, _, _, item) in dated {
        match days.last_mut() {
            Some(day) if day.date.iso == date.iso() => day.items.push(item),
            _ => days.push(TimelineDay {
                date: DateView::new(&date, v.t),
                items: vec![item],
            }),
        }
    }
    TimelinePage { days, undated }
}
