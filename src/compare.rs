//! The comparison model: for each measure, the count in the baseline and current periods,
//! the change and the change in percent; and the data-quality record of every input.
//!
//! Percentages are computed from the integer counts with exact rational rounding (half away
//! from zero), so `32.55` shows as `+33%` however binary floating point would have stored it.

use serde::Serialize;

use crate::date::DateError;
use crate::input::events::SourceCount;
use crate::measure::Catalogue;
use crate::period::{Period, column_labels};

/// Decimal places of `change_pct` in JSON and CSV.
pub const PCT_DECIMALS: u32 = 4;

/// A whole comparison table, ready to render. Its JSON form is the documented contract.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub title: String,
    pub current: PeriodInfo,
    pub baseline: PeriodInfo,
    pub rows: Vec<Row>,
    pub data_quality: Vec<FileQuality>,
}

/// A period as shown: its column label and first and last days (ISO dates).
#[derive(Debug, Clone, Serialize)]
pub struct PeriodInfo {
    pub label: String,
    pub from: String,
    pub to: String,
}

/// One measure's line in the table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub measure: String,
    pub label: String,
    pub baseline: u64,
    pub current: u64,
    pub change: i64,
    /// (current − baseline) ÷ baseline × 100, to four decimals; `None` for a zero baseline.
    pub change_pct: Option<f64>,
}

impl Row {
    /// The change in whole percents (or `decimals` places) with a sign: `+22%`, `-3%`, `0%`,
    /// `n/a` for a zero baseline.
    pub fn change_pct_text(&self, decimals: u32) -> String {
        format_change_pct(self.baseline, self.current, decimals)
    }
}

/// What one input contributed, so nothing is silently left out.
#[derive(Debug, Clone, Serialize)]
pub struct FileQuality {
    pub file: String,
    pub measure: String,
    pub rows_read: u64,
    pub rows_current: u64,
    pub rows_baseline: u64,
    pub rows_outside: u64,
    pub rows_rejected: u64,
    pub rejected_lines: Vec<u64>,
    /// The header the event dates were read from (shown in the note, not in JSON).
    #[serde(skip)]
    pub date_column: String,
    /// Rejections by reason, indexed by [`DateError::index`].
    #[serde(skip)]
    pub rejected_by_reason: [u64; 4],
}

impl FileQuality {
    /// `3 blank, 1 impossible date`.
    pub fn rejection_reasons(&self) -> String {
        DateError::ALL
            .iter()
            .filter_map(|reason| {
                let n = self.rejected_by_reason[reason.index()];
                (n > 0).then(|| format!("{n} {}", reason.describe()))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Builds the table for `current` against `baseline` from per-source counts. Measures with no
/// source are left out; rows follow the catalogue's order.
pub fn compare(
    catalogue: &Catalogue,
    counts: &[SourceCount],
    current: &Period,
    baseline: &Period,
) -> Comparison {
    let rows = catalogue
        .ids()
        .filter_map(|id| {
            let sources: Vec<&SourceCount> =
                counts.iter().filter(|c| c.source.measure == id).collect();
            if sources.is_empty() {
                return None;
            }
            let sum = |p: &Period| sources.iter().map(|c| c.tally.months.sum(p)).sum::<u64>();
            let (base, cur) = (sum(baseline), sum(current));
            let measure = catalogue.get(id);
            Some(Row {
                measure: measure.id.clone(),
                label: measure.label.clone(),
                baseline: base,
                current: cur,
                change: cur as i64 - base as i64,
                change_pct: change_pct(base, cur),
            })
        })
        .collect();

    // In table order (then input order), so the note reads like the table.
    let mut ordered: Vec<&SourceCount> = counts.iter().collect();
    ordered.sort_by_key(|c| c.source.measure);
    let data_quality = ordered
        .into_iter()
        .map(|c| {
            let t = &c.tally;
            let (in_current, in_baseline) = (t.months.sum(current), t.months.sum(baseline));
            FileQuality {
                file: c.source.name(),
                measure: catalogue.get(c.source.measure).id.clone(),
                rows_read: t.rows_read,
                rows_current: in_current,
                rows_baseline: in_baseline,
                rows_outside: t.months.total() - in_current - in_baseline,
                rows_rejected: t.rejected.total,
                rejected_lines: t.rejected.first_lines.clone(),
                date_column: c.date_column.clone(),
                rejected_by_reason: t.rejected.by_reason,
            }
        })
        .collect();

    let (current_label, baseline_label) = column_labels(current, baseline);
    let info = |p: &Period, label: String| PeriodInfo {
        label,
        from: p.from_date().to_string(),
        to: p.to_date().to_string(),
    };
    Comparison {
        title: current.title(),
        current: info(current, current_label),
        baseline: info(baseline, baseline_label),
        rows,
        data_quality,
    }
}

/// `num ÷ den` rounded to the nearest integer, halves away from zero. `den` must be positive.
pub fn div_round_half_away(num: i128, den: i128) -> i128 {
    let (q, r) = (num.abs() / den, num.abs() % den);
    let q = if 2 * r >= den { q + 1 } else { q };
    if num < 0 { -q } else { q }
}

/// (current − baseline) ÷ baseline × 100 rounded to `decimals` places, as an integer count
/// of 10^-decimals units. `None` for a zero baseline.
fn scaled_change_pct(baseline: u64, current: u64, decimals: u32) -> Option<i128> {
    (baseline > 0).then(|| {
        let diff = i128::from(current) - i128::from(baseline);
        div_round_half_away(diff * 100 * 10i128.pow(decimals), i128::from(baseline))
    })
}

/// The change in percent to [`PCT_DECIMALS`] places, for JSON and CSV.
pub fn change_pct(baseline: u64, current: u64) -> Option<f64> {
    scaled_change_pct(baseline, current, PCT_DECIMALS)
        .map(|scaled| scaled as f64 / 10f64.powi(PCT_DECIMALS as i32))
}

/// `+22%`, `-3%`, `0%`, `+2.6%` (with `decimals` = 1), `n/a` for a zero baseline.
pub fn format_change_pct(baseline: u64, current: u64, decimals: u32) -> String {
    let Some(scaled) = scaled_change_pct(baseline, current, decimals) else {
        return "n/a".to_string();
    };
    let sign = match scaled {
        0 => "",
        s if s > 0 => "+",
        _ => "-",
    };
    let unit = 10u128.pow(decimals);
    let (whole, frac) = (scaled.unsigned_abs() / unit, scaled.unsigned_abs() % unit);
    if decimals == 0 {
        format!("{sign}{whole}%")
    } else {
        format!("{sign}{whole}.{frac:0width$}%", width = decimals as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn committee_table_percentages() {
        for (base, cur, text) in [
            (11312, 11015, "-3%"),
            (2958, 2514, "-15%"),
            (2577, 2321, "-10%"),
            (1038, 1269, "+22%"),
            (762, 1010, "+33%"),
            (410, 483, "+18%"),
            (358, 442, "+23%"),
        ] {
            assert_eq!(format_change_pct(base, cur, 0), text, "{base} → {cur}");
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // −2.6 → −3; 32.55 → +33; ±0.5 → ±1; exact halves at one decimal.
        assert_eq!(format_change_pct(1000, 974, 0), "-3%");
        assert_eq!(format_change_pct(2000, 2651, 0), "+33%"); // 32.55
        assert_eq!(format_change_pct(2000, 2651, 1), "+32.6%");
        assert_eq!(format_change_pct(1000, 1005, 0), "+1%"); // +0.5
        assert_eq!(format_change_pct(1000, 995, 0), "-1%"); // −0.5
        assert_eq!(format_change_pct(1000, 996, 0), "0%"); // −0.4 shows no sign
        assert_eq!(format_change_pct(5, 5, 0), "0%");
        assert_eq!(format_change_pct(5, 5, 2), "0.00%");
        assert_eq!(format_change_pct(3, 4, 2), "+33.33%");
        assert_eq!(format_change_pct(1000, 1001, 1), "+0.1%");
        assert_eq!(format_change_pct(1000, 1000 - 1, 2), "-0.10%");
    }

    #[test]
    fn zero_baseline_is_not_a_number() {
        assert_eq!(format_change_pct(0, 7, 0), "n/a");
        assert_eq!(format_change_pct(0, 0, 1), "n/a");
        assert_eq!(change_pct(0, 7), None);
        assert_eq!(change_pct(11312, 11015), Some(-2.6255));
        assert_eq!(change_pct(762, 1010), Some(32.5459));
    }

    proptest! {
        #[test]
        fn rounding_is_symmetric_about_zero(num in -1_000_000i128..1_000_000, den in 1i128..10_000) {
            prop_assert_eq!(div_round_half_away(-num, den), -div_round_half_away(num, den));
            let exact = num as f64 / den as f64;
            prop_assert!((div_round_half_away(num, den) as f64 - exact).abs() <= 0.5 + 1e-9);
        }

        #[test]
        fn text_sign_follows_the_change(base in 1u64..100_000, cur in 0u64..100_000) {
            let text = format_change_pct(base, cur, 0);
            let scaled = scaled_change_pct(base, cur, 0).unwrap();
            prop_assert_eq!(text.starts_with('+'), scaled > 0);
            prop_assert_eq!(text.starts_with('-'), scaled < 0);
        }
    }
}
