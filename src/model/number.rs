//! Exact arithmetic on counts: rounding half away from zero, changes in percent and in
//! percentage points. Integers throughout; a float appears only as the final, rounded figure.

use crate::model::convert::{round_u64, to_i32};

/// Decimal places of `change_pct` in JSON and CSV.
pub(crate) const PCT_DECIMALS: u32 = 4;

/// `num ÷ den` rounded to the nearest integer, halves away from zero. `den` must be positive.
pub(crate) fn div_round_half_away(num: i128, den: i128) -> i128 {
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
pub(crate) fn change_pct(baseline: u64, current: u64) -> Option<f64> {
    scaled_change_pct(baseline, current, PCT_DECIMALS)
        .map(|scaled| scaled as f64 / 10f64.powi(to_i32(PCT_DECIMALS)))
}

/// `+22%`, `-3%`, `0%`, `+2.6%` (with `decimals` = 1), `n/a` for a zero baseline.
pub(crate) fn format_change_pct(baseline: u64, current: u64, decimals: u32) -> String {
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
    // GOV.UK style: thousands separated, `+2,408%`.
    let whole = thousands(u64::try_from(whole).unwrap_or(u64::MAX));
    if decimals == 0 {
        format!("{sign}{whole}%")
    } else {
        format!("{sign}{whole}.{frac:0width$}%", width = decimals as usize)
    }
}

/// A percentage for a sentence, without its sign, rounded as tables round (half away from
/// zero) and with thousands separated: `63%`, `2,408%`, `5.8`-style decimals by `decimals`.
pub(crate) fn sentence_pct(p: f64, decimals: u32) -> String {
    let scale = 10f64.powi(to_i32(decimals));
    let scaled = (p.abs() * scale).round();
    let whole = (scaled / scale).trunc();
    let whole_text = thousands(round_u64(whole));
    if decimals == 0 {
        format!("{whole_text}%")
    } else {
        let frac = round_u64(scaled - whole * scale);
        format!("{whole_text}.{frac:0width$}%", width = decimals as usize)
    }
}

/// `11312` as `11,312`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `num ÷ den × 100` to one decimal, half up; `None` for a zero denominator.
pub(crate) fn percent(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| div_round_half_away(i128::from(num) * 1000, i128::from(den)) as f64 / 10.0)
}

/// The change in percentage points between two exact rates, to one decimal.
pub(crate) fn points((bn, bd): (u64, u64), (cn, cd): (u64, u64)) -> Option<f64> {
    (bd > 0 && cd > 0).then(|| {
        // (cn/cd - bn/bd) × 100, exactly, in tenths of a point.
        let num = (i128::from(cn) * i128::from(bd) - i128::from(bn) * i128::from(cd)) * 1000;
        div_round_half_away(num, i128::from(bd) * i128::from(cd)) as f64 / 10.0
    })
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
            let Some(scaled) = scaled_change_pct(base, cur, 0) else {
                return Err(proptest::test_runner::TestCaseError::fail("a baseline above 0 has a change"));
            };
            prop_assert_eq!(text.starts_with('+'), scaled > 0);
            prop_assert_eq!(text.starts_with('-'), scaled < 0);
        }
    }
}
