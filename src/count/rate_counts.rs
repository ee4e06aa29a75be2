//! A rate's numerator and denominator per month of its anchor date, with the working-day
//! bands and days of the timeliness rates.

use std::collections::BTreeMap;

use crate::count::MonthCounts;
use crate::model::period::{Month, Period};

/// Numerator and denominator per month of the anchor date.
#[derive(Debug, Clone, Default)]
pub struct RateCounts {
    pub num: MonthCounts,
    pub den: MonthCounts,
    /// Working-day bands and counts per working day (timeliness only), per month.
    pub bands: [MonthCounts; 4],
    pub days: BTreeMap<i32, Vec<u64>>,
}

impl RateCounts {
    pub(crate) fn add(&mut self, month: Month, hit: bool) {
        self.den.add(month);
        if hit {
            self.num.add(month);
        }
    }

    pub(crate) fn add_days(&mut self, month: Month, days: u32, within: u32) {
        self.add(month, days <= within);
        let band = match days {
            0..=10 => 0,
            11..=15 => 1,
            16..=20 => 2,
            _ => 3,
        };
        if let Some(b) = self.bands.get_mut(band) {
            b.add(month);
        }
        let hist = self.days.entry(month.index()).or_default();
        let slot = days.min(400) as usize;
        if hist.len() <= slot {
            hist.resize(slot + 1, 0);
        }
        if let Some(n) = hist.get_mut(slot) {
            *n += 1;
        }
    }

    /// Adds `other`'s counts (another part of the same file).
    pub(crate) fn merge(&mut self, other: &RateCounts) {
        self.num.merge(&other.num);
        self.den.merge(&other.den);
        for (mine, theirs) in self.bands.iter_mut().zip(&other.bands) {
            mine.merge(theirs);
        }
        for (month, theirs) in &other.days {
            let mine = self.days.entry(*month).or_default();
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }

    /// (numerator, denominator) over `period`.
    pub fn over(&self, period: &Period) -> (u64, u64) {
        (self.num.sum(period), self.den.sum(period))
    }

    pub fn bands_over(&self, period: &Period) -> [u64; 4] {
        let mut out = [0; 4];
        for (o, b) in out.iter_mut().zip(&self.bands) {
            *o = b.sum(period);
        }
        out
    }

    /// The median number of working days over `period` (the mean of the middle two for an
    /// even count).
    pub fn median_days(&self, period: &Period) -> Option<f64> {
        let mut hist: Vec<u64> = Vec::new();
        for month in period.months() {
            for (d, n) in self
                .days
                .get(&month.index())
                .into_iter()
                .flatten()
                .enumerate()
            {
                if hist.len() <= d {
                    hist.resize(d + 1, 0);
                }
                if let Some(h) = hist.get_mut(d) {
                    *h += n;
                }
            }
        }
        let total: u64 = hist.iter().sum();
        if total == 0 {
            return None;
        }
        let nth = |k: u64| -> f64 {
            let mut seen = 0;
            for (d, n) in hist.iter().enumerate() {
                seen += n;
                if seen > k {
                    return d as f64;
                }
            }
            0.0
        };
        Some(if total % 2 == 1 {
            nth(total / 2)
        } else {
            (nth(total / 2 - 1) + nth(total / 2)) / 2.0
        })
    }
}
