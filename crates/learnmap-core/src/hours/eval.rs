//! Evaluating [`Rules`] on a day, the way the `opening-hours` crate does
//! without holiday data: rule by rule, a normal rule replacing what earlier
//! rules said about the days it selects, `off` and additional rules laid over
//! them, a fallback rule used only where earlier rules say nothing.

use super::{Kind, Op, Rule, Rules};
use chrono::{Datelike, NaiveDate};

/// Minutes in a day.
pub(super) const DAY: u16 = 24 * 60;

/// A stretch of a day with one state.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seg {
    pub(super) start: u16,
    pub(super) end: u16,
    pub(super) kind: Kind,
    pub(super) comment: u16,
}

type Schedule = Vec<Seg>;

impl Rule {
    pub(super) fn selects(&self, date: NaiveDate) -> bool {
        let bit = 1u8 << date.weekday().num_days_from_monday();
        self.weekdays.is_none_or(|mask| mask & bit != 0)
            && self
                .days
                .is_none_or(|days| days[date.month0() as usize] & (1 << date.day()) != 0)
    }

    fn segs(&self, spans: &[(u16, u16)]) -> Schedule {
        spans
            .iter()
            .map(|&(start, end)| Seg {
                start,
                end,
                kind: self.kind,
                comment: self.comment,
            })
            .collect()
    }

    /// What this rule says about `date`: its spans if it selects the day,
    /// plus what runs past midnight from the day before.
    fn schedule(&self, date: NaiveDate, selected: bool) -> Option<Schedule> {
        let today = selected.then(|| self.segs(&self.today));
        let spill = if self.spill.is_empty() {
            None
        } else {
            date.pred_opt()
                .filter(|d| self.selects(*d))
                .map(|_| self.segs(&self.spill))
        };
        match (today, spill) {
            (Some(mut a), Some(b)) => {
                lay_over(&mut a, b);
                Some(a)
            }
            (a, b) => a.or(b),
        }
    }
}

/// Lays `top` over `base`: where they overlap, `top` wins.
fn lay_over(base: &mut Schedule, top: Schedule) {
    for ins in top {
        let mut out = Vec::with_capacity(base.len() + 2);
        out.extend(base.iter().filter(|s| s.start < ins.start).map(|s| Seg {
            end: s.end.min(ins.start),
            ..*s
        }));
        out.push(ins);
        out.extend(base.iter().filter(|s| s.end > ins.end).map(|s| Seg {
            start: s.start.max(ins.end),
            ..*s
        }));
        *base = out;
    }
}

/// Whether a schedule says nothing but "closed" (no comment).
fn silent(s: &Schedule) -> bool {
    s.iter().all(|g| g.kind == Kind::Closed && g.comment == 0)
}

impl Rules {
    /// The day's stretches, sorted and disjoint; what they leave out is closed.
    pub(super) fn schedule(&self, date: NaiveDate) -> Schedule {
        let mut matched = false;
        let mut eval: Option<Schedule> = None;
        for rule in &self.rules {
            let selected = rule.selects(date);
            let mine = rule.schedule(date, selected);
            match (rule.op, rule.kind) {
                (Op::Normal, Kind::Open | Kind::Unknown) => {
                    eval = if selected {
                        mine
                    } else {
                        eval.filter(|s| !silent(s)).or(mine)
                    };
                    matched |= selected;
                }
                (Op::Additional, _) | (Op::Normal, Kind::Closed) => {
                    eval = match (eval, mine) {
                        (Some(mut e), Some(m)) => {
                            lay_over(&mut e, m);
                            Some(e)
                        }
                        (e, m) => e.or(m),
                    };
                    matched |= selected;
                }
                (Op::Fallback, _) => {
                    if !(matched && eval.as_ref().is_some_and(|s| !silent(s))) {
                        matched = selected;
                        eval = mine;
                    }
                }
            }
        }
        let mut out = eval.unwrap_or_default();
        out.retain(|g| g.start < g.end && (g.kind != Kind::Closed || g.comment != 0));
        out
    }

    /// Which rules select `date` and the day before, as bits, when there are
    /// at most 32 rules: days with the same bits have the same schedule.
    pub(super) fn selection(&self, date: NaiveDate) -> Option<u64> {
        if self.rules.len() > 32 {
            return None;
        }
        let before = date.pred_opt()?;
        Some(self.rules.iter().enumerate().fold(0, |bits, (i, r)| {
            bits | u64::from(r.selects(date)) << (2 * i)
                | u64::from(r.selects(before)) << (2 * i + 1)
        }))
    }

    /// The minutes of `date` when the place is open, merged.
    pub(super) fn open_spans(&self, date: NaiveDate) -> Vec<(u16, u16)> {
        let mut out: Vec<(u16, u16)> = Vec::new();
        for g in self.schedule(date) {
            if g.kind != Kind::Open {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 == g.start => last.1 = g.end,
                _ => out.push((g.start, g.end)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: u16, end: u16, kind: Kind) -> Seg {
        Seg {
            start,
            end,
            kind,
            comment: 0,
        }
    }

    #[test]
    fn laying_over_splits_what_is_below() {
        let mut base = vec![seg(0, 100, Kind::Open), seg(200, 300, Kind::Open)];
        lay_over(&mut base, vec![seg(50, 250, Kind::Closed)]);
        let got: Vec<(u16, u16, Kind)> = base.iter().map(|s| (s.start, s.end, s.kind)).collect();
        assert_eq!(
            got,
            [
                (0, 50, Kind::Open),
                (50, 250, Kind::Closed),
                (250, 300, Kind::Open)
            ]
        );
    }

    #[test]
    fn a_normal_rule_replaces_yesterdays_spill() {
        // Friday night runs into Saturday, but "Sa 10:00-12:00" replaces Saturday
        let rules = super::super::parse::parse("Fr 22:00-02:00; Sa 10:00-12:00").unwrap();
        let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(rules.open_spans(saturday), [(600, 720)]);
        let rules = super::super::parse::parse("Fr 22:00-02:00, Sa 10:00-12:00").unwrap();
        assert_eq!(rules.open_spans(saturday), [(0, 120), (600, 720)]);
    }
}
