#!/usr/bin/env python3
"""Reference signals for src/compare/spc.rs, worked out apart from it: Making Data Count's
rules for an XmR chart as NHSRplotthedots defines them (limits at the mean ± 2.66 times the
mean moving range, not floored at 0, moving ranges of 3.267 times their mean or more
screened out first, as its screen_outliers default does; a near line two-thirds of the way; a point beyond a
limit; a run of 7 on one side of the mean; 7 points rising or falling; two of three points
between the near line and the limit, in three points all on one side of the mean; each
phase on its own). Each phase's limits come from its first 12 points, as cscstats takes them.

    python3 scripts/spc-reference.py > testdata/spc/reference.csv
"""
import random

LIMIT = 2.66
BASELINE = 12


def sign(x):
    return (x > 0) - (x < 0)


def phase_flags(y):
    base = y[:BASELINE]
    mean = sum(base) / len(base)
    mr = [abs(b - a) for a, b in zip(base, base[1:])]
    amr = sum(mr) / len(mr)
    # screen_outliers = TRUE: moving ranges of 3.267 x the mean or more are left out
    kept = [r for r in mr if r < 3.267 * amr]
    if kept:
        amr = sum(kept) / len(kept)
    upl, lpl = mean + LIMIT * amr, mean - LIMIT * amr
    nupl, nlpl = mean + 2 * LIMIT / 3 * amr, mean - 2 * LIMIT / 3 * amr
    n = len(y)
    flags = [set() for _ in y]
    outside = [v > upl or v < lpl for v in y]
    rtm = [sign(v - mean) for v in y]
    close = [(not outside[i]) and (y[i] > nupl or y[i] < nlpl) for i in range(n)]
    for i in range(n):
        if outside[i]:
            flags[i].add("beyond a limit")
    # runs of 7 or more on one side
    i = 0
    while i < n:
        if rtm[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < n and rtm[j + 1] == rtm[i]:
            j += 1
        if j - i + 1 >= 7:
            for k in range(i, j + 1):
                flags[k].add("run of 7 on one side")
        i = j + 1
    # 7 points each higher (or lower) than the one before
    for end in range(6, n):
        d = [sign(y[k] - y[k - 1]) for k in range(end - 5, end + 1)]
        if all(x == 1 for x in d) or all(x == -1 for x in d):
            for k in range(end - 6, end + 1):
                flags[k].add("7 rising or falling")
    # two of three near a limit, the three on one side
    for s in range(0, n - 2):
        w = range(s, s + 3)
        if sum(close[k] for k in w) >= 2 and abs(sum(rtm[k] for k in w)) == 3:
            for k in w:
                if close[k]:
                    flags[k].add("2 of 3 near a limit")
    return flags


def series(rng):
    kind = rng.choice(["flat", "small", "shift", "trend", "spiky"])
    n = rng.randint(14, 30)
    base = rng.choice([2, 4, 8, 20, 60, 200])
    out = []
    for i in range(n):
        v = max(0, round(rng.gauss(base, base ** 0.5)))
        if kind == "shift" and i > n // 2:
            v += base // 2 + 1
        if kind == "trend" and i > n - 9:
            v = base + 3 * (i - (n - 9))
        if kind == "spiky" and rng.random() < 0.15:
            v += 4 * base
        out.append(v)
    phases = [0]
    if n >= 26 and rng.random() < 0.5:
        phases.append(rng.randint(12, n - 12))
    return out, phases


rng = random.Random(26)
print("series,index,phase_start,value,rules")
for sid in range(60):
    y, phases = series(rng)
    for p, start in enumerate(phases):
        end = phases[p + 1] if p + 1 < len(phases) else len(y)
        flags = phase_flags(y[start:end])
        for k, f in enumerate(flags):
            print(f"{sid},{start + k},{start},{y[start + k]},{';'.join(sorted(f))}")
