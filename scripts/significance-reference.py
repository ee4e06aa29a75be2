#!/usr/bin/env python3
"""Reference values for tests/significance.rs, computed independently with scipy.

    python3 -m venv /tmp/sp && /tmp/sp/bin/pip install scipy
    /tmp/sp/bin/python scripts/significance-reference.py

Prints the cases the tests assert, to 6 significant figures:
- the rate ratio of two Poisson counts over periods of t1 and t2 days, by the exact
  conditional method (Clopper-Pearson interval for a/(a+b), turned into a ratio), as a
  percent change with its interval;
- Newcombe's hybrid score interval (method 10) for the difference of two proportions;
- the change of a ratio of two unlinked counts (MOVER from each ratio's score interval);
- Poisson 95% ranges (the 2.5% and 97.5% quantiles) of an expected count.
"""
from scipy import stats
import math


def ratio_interval(a, t1, b, t2, conf=0.95):
    n = a + b
    alpha = 1 - conf
    lo = 0.0 if a == 0 else stats.beta.ppf(alpha / 2, a, n - a + 1)
    hi = 1.0 if a == n else stats.beta.ppf(1 - alpha / 2, a + 1, n - a)
    to_r = lambda p: p * t2 / ((1 - p) * t1)
    low = (to_r(lo) - 1) * 100
    high = math.inf if hi == 1.0 else (to_r(hi) - 1) * 100
    return low, high


def wilson(x, n, z):
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def newcombe(x1, n1, x2, n2, conf=0.95):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return (
        (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)) * 100,
        (d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)) * 100,
    )


def g(x):
    return "inf" if math.isinf(x) else f"{x:.6g}"


print("# ratio: current, current days, baseline, baseline days, confidence -> low% high%")
for case in [
    (1010, 183, 762, 183, 0.95),  # committee example: Section 47s, Q1-Q2
    (11015, 183, 11312, 183, 0.95),  # contacts
    (442, 183, 358, 183, 0.95),
    (442, 183, 358, 183, 0.99),
    (3, 30, 0, 30, 0.95),  # 0 -> 3
    (0, 30, 2, 30, 0.95),  # 2 -> 0
    (30, 29, 28, 28, 0.95),  # a leap-year February against a common one
    (5, 31, 5, 31, 0.95),
]:
    lo, hi = ratio_interval(*case)
    print(case, g(lo), g(hi))

print("# newcombe: x1, n1 (current), x2, n2 (baseline), confidence -> low pp high pp")
for case in [
    (6, 7, 1, 1, 0.95),
    (60, 100, 50, 100, 0.95),
    (0, 10, 0, 10, 0.95),
    (10, 10, 0, 10, 0.95),
    (483, 1010, 410, 762, 0.99),
]:
    lo, hi = newcombe(*case)
    print(case, g(lo), g(hi))

def score_bounds(x, n, z):
    """The score interval for x of n found as the roots of the score test, (x/n - p)^2 =
    z^2 p (1 - p) / n, by root-finding rather than Wilson's closed form."""
    from scipy.optimize import brentq

    ph = x / n
    f = lambda p: (ph - p) ** 2 - z * z * p * (1 - p) / n
    # At x = 0 (or n) p-hat itself is a root; the other bound lies just past it.
    eps = 1e-15
    lo = 0.0 if x == 0 else brentq(f, 0.0, ph - eps if x == n else ph, xtol=1e-15)
    hi = 1.0 if x == n else brentq(f, ph + eps if x == 0 else ph, 1.0, xtol=1e-15)
    return lo, hi


def ratio_rows(a1, r1, a2, r2, conf=0.95):
    """A ratio of two unlinked Poisson counts (assessments per referral) in each period: the
    numerator given the sum is binomial with p = rho / (1 + rho); its score interval turned
    into rho; the change in points by MOVER (Zou and Donner 2008)."""
    z = stats.norm.ppf(1 - (1 - conf) / 2)

    def one(a, r):
        lo, hi = score_bounds(a, a + r, z)
        return a / r, lo / (1 - lo), hi / (1 - hi)

    q1, l1, u1 = one(a1, r1)
    q2, l2, u2 = one(a2, r2)
    d = q1 - q2
    return (
        (d - math.sqrt((q1 - l1) ** 2 + (u2 - q2) ** 2)) * 100,
        (d + math.sqrt((u1 - q1) ** 2 + (q2 - l2) ** 2)) * 100,
    )


print("# ratio rows: a1, r1 (current), a2, r2 (baseline), confidence -> low pp high pp")
for case in [
    (4994, 5560, 4880, 5573, 0.95),  # assessments per referral, committee example scale
    (130, 100, 90, 100, 0.95),  # a ratio above 100%
    (0, 12, 3, 10, 0.95),
    (7, 3, 7, 3, 0.99),
]:
    lo, hi = ratio_rows(*case)
    print(case, g(lo), g(hi))

print("# poisson range: mean -> 2.5% and 97.5% quantiles")
for mu in [0.5, 3.0, 10.0, 283.0 / 3, 1875.5]:
    print(mu, int(stats.poisson.ppf(0.025, mu)), int(stats.poisson.ppf(0.975, mu)))

# Beta quantiles for counts up to 10^11 (src/compare/significance.rs, beta_quantile), written
# to testdata/significance/beta-quantiles.csv with `--beta`.
import sys

if "--beta" in sys.argv:
    with open("testdata/significance/beta-quantiles.csv", "w") as out:
        out.write("a,b,q,quantile\n")
        for a in [1, 2, 7, 30, 500, 12000, 99999, 100000, 2500000]:
            for b in [1, 3, 40, 900, 150000, 7400000, 100000000000]:
                for q in [0.025, 0.975, 0.005]:
                    out.write(f"{a},{b},{q},{float(stats.beta.ppf(q, a, b))!r}\n")
