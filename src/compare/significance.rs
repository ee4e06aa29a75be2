//! Is the change real? Intervals for the changes a comparison shows.
//!
//! - A count's change: the two counts are taken as Poisson, over periods of `t1` (current) and
//!   `t2` (baseline) days. Given their sum `n = a + b`, the current count `a` is binomial with
//!   `p = R·t1 / (R·t1 + t2)`, where `R` is the ratio of the daily rates (current over
//!   baseline). The Clopper–Pearson interval for `p` turned into `R` is the exact conditional
//!   interval for the rate ratio, shown as a percent change, `(R − 1) × 100`.
//! - A percentage's change: the difference of two proportions in percentage points, with
//!   Newcombe's hybrid score interval (method 10 of Newcombe 1998), from the two Wilson score
//!   intervals.
//! - A ratio's change (one count over another, not linked row by row: assessments per
//!   referral): each ratio is of two Poisson counts, with the score interval of the
//!   conditional binomial turned into the ratio; the difference in points by MOVER, the method
//!   Newcombe's interval is an instance of.
//!
//! A change is *significant* when its interval excludes no change (0% or 0 points).

use crate::model::convert::round_u64;
use serde::Serialize;

use crate::compare::disclosure::Published;
use crate::compare::document::Comparison;
use crate::model::period::Period;
use crate::model::rate::Method;
use statrs::distribution::{ContinuousCDF, DiscreteCDF, Normal, Poisson};

/// An interval around a change: in percent for counts, in percentage points for rates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Interval {
    pub low: f64,
    /// `None` when unbounded (a change from nothing).
    pub high: Option<f64>,
}

impl Interval {
    /// The interval excludes no change.
    pub(crate) fn significant(&self) -> bool {
        self.low > 0.0 || self.high.is_some_and(|h| h < 0.0)
    }
}

/// The percent change in the daily rate from `b` events over `t2` days to `a` over `t1` days,
/// with its exact conditional interval at `confidence`; `None` when there are no events at all.
pub(crate) fn rate_ratio(a: u64, t1: f64, b: u64, t2: f64, confidence: f64) -> Option<Interval> {
    let n = a.checked_add(b)?;
    if n == 0 || t1 <= 0.0 || t2 <= 0.0 {
        return None;
    }
    let alpha = 1.0 - confidence;
    let (af, nf) = (a as f64, n as f64);
    // At the edges the Clopper–Pearson limits have closed forms: Beta(n, 1) and Beta(1, n).
    let lower_p = match a {
        0 => 0.0,
        _ if a == n => (alpha / 2.0).powf(1.0 / nf),
        _ => beta_quantile(af, nf - af + 1.0, alpha / 2.0)?,
    };
    let upper_p = match a {
        _ if a == n => 1.0,
        0 => 1.0 - (alpha / 2.0).powf(1.0 / nf),
        _ => beta_quantile(af + 1.0, nf - af, 1.0 - alpha / 2.0)?,
    };
    let change = |p: f64| (p * t2 / ((1.0 - p) * t1) - 1.0) * 100.0;
    Some(Interval {
        low: change(lower_p),
        high: (upper_p < 1.0).then(|| change(upper_p)),
    })
}

/// Both shapes at least this large: the Beta quantile from its normal approximation with
/// the Cornish–Fisher term for skewness (within a millionth of scipy's; the continued
/// fraction below needs more steps than it takes for shapes so large).
const NORMAL_FROM: f64 = 1e5;

/// Bisection steps for a Beta quantile: 2⁻²⁰⁰ is below any probability a count can give.
const BISECTION_STEPS: usize = 200;

/// The `q` quantile of Beta(`a`, `b`), in bounded time for any shapes (counts up to 10¹² and
/// beyond): bisection on the regularized incomplete beta function, or the normal
/// approximation when both shapes are large. `None` if the function cannot be evaluated.
pub(crate) fn beta_quantile(a: f64, b: f64, q: f64) -> Option<f64> {
    if !(a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&q)) {
        return None;
    }
    if a.min(b) >= NORMAL_FROM {
        let n = a + b;
        let mean = a / n;
        let sd = (a * b / (n * n * (n + 1.0))).sqrt();
        let z = Normal::new(0.0, 1.0).ok()?.inverse_cdf(q);
        // Cornish–Fisher: the normal quantile moved for the Beta's skewness.
        let skew = 2.0 * (b - a) * (n + 1.0).sqrt() / ((n + 2.0) * (a * b).sqrt());
        let z = z + (z * z - 1.0) * skew / 6.0;
        return Some((mean + z * sd).clamp(0.0, 1.0));
    }
    let (mut low, mut high) = (0.0f64, 1.0f64);
    for _ in 0..BISECTION_STEPS {
        let mid = low + (high - low) / 2.0;
        if mid <= low || mid >= high {
            break;
        }
        let cdf = statrs::function::beta::checked_beta_reg(a, b, mid).ok()?;
        if cdf < q {
            low = mid;
        } else {
            high = mid;
        }
    }
    Some(low + (high - low) / 2.0)
}

/// Wilson's score interval for `x` of `n`.
fn wilson(x: f64, n: f64, z: f64) -> (f64, f64) {
    let p = x / n;
    let d = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / d;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    (centre - half, centre + half)
}

/// The change in percentage points from `x2` of `n2` (baseline) to `x1` of `n1` (current),
/// with Newcombe's hybrid score interval; `None` for an empty denominator.
pub(crate) fn difference(x1: u64, n1: u64, x2: u64, n2: u64, confidence: f64) -> Option<Interval> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let z = Normal::new(0.0, 1.0)
        .ok()?
        .inverse_cdf(1.0 - (1.0 - confidence) / 2.0);
    let (x1, n1, x2, n2) = (x1 as f64, n1 as f64, x2 as f64, n2 as f64);
    let (p1, p2) = (x1 / n1, x2 / n2);
    let (l1, u1) = wilson(x1, n1, z);
    let (l2, u2) = wilson(x2, n2, z);
    let d = p1 - p2;
    Some(Interval {
        low: (d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt()) * 100.0,
        high: Some((d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt()) * 100.0),
    })
}

/// The change in percentage points of a ratio of two counts not linked row by row (such as
/// assessments per referral), from `a2` over `r2` (baseline) to `a1` over `r1` (current).
/// Each ratio is one of two Poisson counts: given their sum, the numerator is binomial with
/// `p = ρ / (1 + ρ)`, so Wilson's score interval for `p`, turned into `ρ = p / (1 − p)`, is
/// the ratio's interval; the two are combined by MOVER (Zou and Donner, 2008), as Newcombe's
/// method combines Wilson intervals. `None` for an empty denominator.
pub(crate) fn ratio_difference(
    a1: u64,
    r1: u64,
    a2: u64,
    r2: u64,
    confidence: f64,
) -> Option<Interval> {
    if r1 == 0 || r2 == 0 {
        return None;
    }
    let z = Normal::new(0.0, 1.0)
        .ok()?
        .inverse_cdf(1.0 - (1.0 - confidence) / 2.0);
    let interval = |a: u64, r: u64| {
        let (a, r) = (a as f64, r as f64);
        let (low, high) = wilson(a, a + r, z);
        let ratio = |p: f64| p / (1.0 - p);
        (a / r, ratio(low.max(0.0)), ratio(high))
    };
    let (q1, l1, u1) = interval(a1, r1);
    let (q2, l2, u2) = interval(a2, r2);
    let d = q1 - q2;
    Some(Interval {
        low: (d - ((q1 - l1).powi(2) + (u2 - q2).powi(2)).sqrt()) * 100.0,
        high: Some((d + ((u1 - q1).powi(2) + (q2 - l2).powi(2)).sqrt()) * 100.0),
    })
}

/// The range a Poisson count with mean `mean` falls in with probability `confidence`: its
/// lower and upper quantiles.
pub(crate) fn poisson_range(mean: f64, confidence: f64) -> Option<(u64, u64)> {
    if mean <= 0.0 {
        return Some((0, 0));
    }
    let poisson = Poisson::new(mean).ok()?;
    let tail = (1.0 - confidence) / 2.0;
    // The smallest k whose cumulative probability reaches q, by bisection on the CDF.
    let quantile = |q: f64| {
        let (mut low, mut high) = (0u64, round_u64((mean + 40.0 * mean.sqrt() + 40.0).floor()));
        while low < high {
            let mid = low + (high - low) / 2;
            if poisson.cdf(mid) >= q {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        low
    };
    Some((quantile(tail), quantile(1.0 - tail)))
}

/// Adds an interval to every change `comparison` shows, from the figures as shown (after
/// suppression and rounding, so that no withheld or unrounded count can be worked back from
/// an interval): a withheld figure has no interval, nor has a figure whose period or
/// baseline the inputs cover in part.
/// `explain` adds the footer line that says how the intervals were made, for the outputs
/// that show them.
pub(crate) fn annotate(
    published: &mut Published<Comparison>,
    current: &Period,
    baseline: &Period,
    confidence: f64,
    explain: bool,
) {
    let comparison = published.edit();
    let days = |p: &Period| ((p.last_date() - p.first_date()).num_days() + 1) as f64;
    let (t1, t2) = (days(current), days(baseline));
    comparison.confidence = Some(confidence);
    for row in &mut comparison.rows {
        // A span the inputs cover in part is not set against a whole one: no interval.
        let partial = row
            .coverage
            .as_ref()
            .is_some_and(crate::count::coverage::Coverage::is_partial);
        let counts = row
            .baseline
            .zip(row.current)
            .filter(|_| !row.suppressed && !partial);
        let interval = counts.and_then(|(b, a)| rate_ratio(a, t1, b, t2, confidence));
        // Both counts shown and not both zero, yet no bound found: said, never hung on.
        if interval.is_none() && counts.is_some_and(|(b, a)| a > 0 || b > 0) {
            let note = format!(
                "{}: no interval: a bound could not be computed for these counts",
                row.measure
            );
            if !comparison.notes.contains(&note) {
                comparison.notes.push(note);
            }
        }
        row.change_pct_low = interval.map(|i| four_decimals(i.low));
        row.change_pct_high = interval.and_then(|i| i.high.map(four_decimals));
        row.significant = interval.map(|i| i.significant());
    }
    let mut ratios = false;
    for rate in &mut comparison.rates {
        let interval = match (
            rate.current_numerator,
            rate.current_denominator,
            rate.baseline_numerator,
            rate.baseline_denominator,
        ) {
            (Some(x1), Some(n1), Some(x2), Some(n2)) if rate.current.is_some() => {
                if rate.method == Method::Ratio {
                    ratios = true;
                    ratio_difference(x1, n1, x2, n2, confidence)
                } else {
                    difference(x1, n1, x2, n2, confidence)
                }
            }
            _ => None,
        };
        rate.change_pp_low = interval.map(|i| four_decimals(i.low));
        rate.change_pp_high = interval.and_then(|i| i.high.map(four_decimals));
        rate.significant = interval.map(|i| i.significant());
    }
    if !explain {
        return;
    }
    comparison.footer.push(format!(
        "Intervals at {}%: a count's change as the ratio of its daily rates (Poisson, exact conditional interval; periods of {t1} and {t2} days); a percentage's change in points by Newcombe's hybrid score interval{}. A change is significant when its interval excludes no change.",
        trim(confidence * 100.0),
        if ratios {
            "; a ratio's (one count over another) by MOVER from each ratio's score interval as two Poisson counts"
        } else {
            ""
        }
    ));
}

/// `95` for 95.0, `99.5` for 99.5.
fn trim(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `x` to four decimals, as JSON and CSV carry changes.
pub(crate) fn four_decimals(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::convert::round_i64;

    /// Equal to `expected` to 4 significant figures.
    fn close(actual: f64, expected: f64) -> bool {
        if expected == 0.0 {
            return actual.abs() < 1e-9;
        }
        let scale =
            10f64.powi(i32::try_from(round_i64(expected.abs().log10().floor())).unwrap() - 3);
        ((actual - expected) / scale).abs() < 0.5
    }

    // Expected values from scripts/significance-reference.py (scipy 1.17).
    #[test]
    fn rate_ratios_match_scipy() {
        for (a, t1, b, t2, conf, low, high) in [
            (1010, 183.0, 762, 183.0, 0.95, 20.5287, Some(45.8081)),
            (11015, 183.0, 11312, 183.0, 0.95, -5.15566, Some(-0.028133)),
            (442, 183.0, 358, 183.0, 0.95, 7.15893, Some(42.3261)),
            (442, 183.0, 358, 183.0, 0.99, 2.58737, Some(48.7438)),
            (3, 30.0, 0, 30.0, 0.95, -58.6769, None),
            (0, 30.0, 2, 30.0, 0.95, -100.0, Some(432.456)),
            (30, 29.0, 28, 28.0, 0.95, -40.2752, Some(79.6961)),
            (5, 31.0, 5, 31.0, 0.95, -76.9858, Some(334.513)),
        ] {
            let i = rate_ratio(a, t1, b, t2, conf).unwrap();
            assert!(close(i.low, low), "{a}/{b}: low {} not {low}", i.low);
            match (i.high, high) {
                (Some(h), Some(e)) => assert!(close(h, e), "{a}/{b}: high {h} not {e}"),
                (h, e) => assert_eq!(h, e, "{a}/{b}"),
            }
        }
        assert_eq!(rate_ratio(0, 30.0, 0, 30.0, 0.95), None);
    }

    #[test]
    fn differences_match_scipy() {
        for (x1, n1, x2, n2, conf, low, high) in [
            (6, 7, 1, 1, 0.95, -51.3128, 65.9199),
            (60, 100, 50, 100, 0.95, -3.73021, 23.2123),
            (0, 10, 0, 10, 0.95, -27.7533, 27.7533),
            (10, 10, 0, 10, 0.95, 60.7509, 100.0),
            (483, 1010, 410, 762, 0.99, -12.0933, 0.193516),
        ] {
            let i = difference(x1, n1, x2, n2, conf).unwrap();
            assert!(close(i.low, low), "{x1}/{n1}: low {} not {low}", i.low);
            let h = i.high.unwrap();
            assert!(close(h, high), "{x1}/{n1}: high {h} not {high}");
        }
        assert_eq!(difference(1, 0, 1, 2, 0.95), None);
    }

    #[test]
    fn ratio_differences_match_an_independent_root_finder() {
        // scripts/significance-reference.py: each ratio's score interval found by root-finding
        // (not Wilson's closed form), combined by MOVER.
        for (a1, r1, a2, r2, conf, low, high) in [
            (4994, 5560, 4880, 5573, 0.95, -2.55144, 7.06477),
            (130, 100, 90, 100, 0.95, -1.93012, 84.544),
            (0, 12, 3, 10, 0.95, -101.031, 8.33593),
            (7, 3, 7, 3, 0.99, -942.078, 942.078),
        ] {
            let i = ratio_difference(a1, r1, a2, r2, conf).unwrap();
            assert!(close(i.low, low), "{a1}/{r1}: low {} not {low}", i.low);
            let h = i.high.unwrap();
            assert!(close(h, high), "{a1}/{r1}: high {h} not {high}");
        }
        assert_eq!(ratio_difference(1, 0, 1, 2, 0.95), None);
        // A ratio above 100% has an interval, where a proportion's method has none.
        assert_eq!(difference(130, 100, 90, 100, 0.95), None);
    }

    #[test]
    fn significance_is_an_interval_without_zero() {
        assert!(
            rate_ratio(1010, 183.0, 762, 183.0, 0.95)
                .unwrap()
                .significant()
        );
        assert!(
            rate_ratio(11015, 183.0, 11312, 183.0, 0.95)
                .unwrap()
                .significant()
        );
        assert!(!rate_ratio(5, 31.0, 5, 31.0, 0.95).unwrap().significant());
        assert!(!rate_ratio(3, 30.0, 0, 30.0, 0.95).unwrap().significant());
        assert!(difference(10, 10, 0, 10, 0.95).unwrap().significant());
        assert!(!difference(483, 1010, 410, 762, 0.99).unwrap().significant());
    }

    #[test]
    fn poisson_ranges_match_scipy() {
        for (mean, low, high) in [
            (0.5, 0, 2),
            (3.0, 0, 7),
            (10.0, 4, 17),
            (283.0 / 3.0, 76, 114),
            (1875.5, 1791, 1961),
        ] {
            assert_eq!(poisson_range(mean, 0.95), Some((low, high)), "{mean}");
        }
        assert_eq!(poisson_range(0.0, 0.95), Some((0, 0)));
    }

    #[test]
    fn beta_quantiles_agree_with_scipy_for_any_counts_in_bounded_time() {
        // testdata/significance/beta-quantiles.csv: scipy's beta.ppf, from
        // scripts/significance-reference.py --beta.
        let table = include_str!("../../testdata/significance/beta-quantiles.csv");
        let mut worst: f64 = 0.0;
        for line in table.lines().skip(1) {
            let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
            let (a, b, q, want) = (v[0], v[1], v[2], v[3]);
            let got = beta_quantile(a, b, q).unwrap();
            // Relative to the distance from the nearer end, where a change is read from.
            let scale = want.min(1.0 - want).max(f64::MIN_POSITIVE);
            let error = (got - want).abs() / scale;
            worst = worst.max(error);
            // Beyond 10^7 events the log-gamma terms lose digits: still four significant
            // figures, far beyond the figures shown.
            let tolerance = if a.max(b) <= 1e7 { 1e-6 } else { 1e-3 };
            assert!(
                error < tolerance,
                "Beta({a}, {b}) at {q}: {got} against scipy's {want} ({error:e})"
            );
        }
        assert!(worst > 0.0);
        // The 65-byte file that hung: 7,500,000 against 0, and 5 against 10^11.
        let started = std::time::Instant::now();
        assert!(rate_ratio(7_500_000, 30.0, 0, 30.0, 0.95).is_some());
        assert!(rate_ratio(0, 30.0, 7_400_000, 30.0, 0.95).is_some());
        assert!(rate_ratio(5, 30.0, 100_000_000_000, 30.0, 0.95).is_some());
        assert!(rate_ratio(1_000_000_000_000, 30.0, 3, 31.0, 0.99).is_some());
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn poisson_ranges_return_for_huge_means() {
        let started = std::time::Instant::now();
        for mean in [1e3, 1e6, 1e9, 1e12] {
            let (low, high) = poisson_range(mean, 0.95).unwrap();
            assert!(
                (low as f64) < mean && (high as f64) > mean,
                "{mean}: {low} {high}"
            );
        }
        assert!(started.elapsed().as_secs() < 5);
    }

    proptest::proptest! {
        /// The change shown (of the daily rates) always lies inside its interval, whatever
        /// the spans' lengths and counts.
        #[test]
        fn the_change_lies_inside_its_interval(
            a in 0u64..2_000_000,
            b in 1u64..2_000_000,
            t1 in 1u64..400,
            t2 in 1u64..400,
        ) {
            let interval = rate_ratio(a, t1 as f64, b, t2 as f64, 0.95).unwrap();
            let shown = crate::model::number::change_pct(b * t1, a * t2).unwrap();
            // The interval to the four decimals the change is given to.
            proptest::prop_assert!(interval.low <= shown + 1e-4, "{} > {}", interval.low, shown);
            if let Some(high) = interval.high {
                proptest::prop_assert!(shown <= high + 1e-4, "{} > {}", shown, high);
            }
        }
    }
}
