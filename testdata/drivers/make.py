#!/usr/bin/env python3
"""Generate referrals.csv: a messy LCS-style referrals export for the
'drivers of change' feature (cscstats compare --by "Referral Source").
Fixed seed; rerunning gives byte-identical output."""
import csv, random, datetime as dt

random.seed(20261207)

# Designed counts per period (baseline = Apr-Sep 2019, current = Apr-Sep 2020).
DESIGN = {
    "Schools":               (140, 80),
    "Police":                (110, 80),
    "Health services - GP":  (50, 48),
    "Health services - A&E": (40, 42),
    "Individual":            (35, 75),
    "LA services":           (60, 52),
    "Housing":               (25, 22),
    "Anonymous":             (8, 3),
}
SOURCES = list(DESIGN)
TEAMS = ["Assessment Team 1", "Assessment Team 2", "MASH", "Children in Need, North",
         "Children in Need, South", ""]
GENDERS = ["Male", "Female", "Male", "Female", "Unknown", "Not stated", "m", "F"]

def days(a, b):
    return [a + dt.timedelta(d) for d in range((b - a).days + 1)]

BASE = days(dt.date(2019, 4, 1), dt.date(2019, 9, 30))
CUR = days(dt.date(2020, 4, 1), dt.date(2020, 9, 30))
OUTSIDE = (days(dt.date(2019, 1, 1), dt.date(2019, 3, 31))
           + days(dt.date(2019, 10, 1), dt.date(2020, 3, 31))
           + days(dt.date(2020, 10, 1), dt.date(2021, 3, 31)))

events = []  # (date, source)
for src, (b, c) in DESIGN.items():
    events += [(random.choice(BASE), src) for _ in range(b)]
    events += [(random.choice(CUR), src) for _ in range(c)]
# Out-of-window noise (must be ignored by the compare).
weights = [14, 11, 5, 4, 5, 6, 3, 1]
for _ in range(220):
    events.append((random.choice(OUTSIDE), random.choices(SOURCES, weights)[0]))
# Boundary rows, deliberately on/just outside period edges.
events += [
    (dt.date(2019, 3, 31), "Schools"),    # outside (day before baseline)
    (dt.date(2019, 4, 1), "Police"),      # baseline
    (dt.date(2019, 9, 30), "Schools"),    # baseline
    (dt.date(2019, 10, 1), "Police"),     # outside
    (dt.date(2020, 3, 31), "Individual"), # outside
    (dt.date(2020, 4, 1), "Individual"),  # current
    (dt.date(2020, 9, 30), "Housing"),    # current
    (dt.date(2020, 10, 1), "Schools"),    # outside
    (dt.date(2021, 3, 31), "Anonymous"),  # outside
]
random.shuffle(events)

ids = random.sample(range(100000, 999999), len(events))
with open("referrals.csv", "w", newline="", encoding="utf-8") as f:
    f.write("Referrals report\r\n")
    f.write('"Run by: Performance Team, 07/12/2026"\r\n')
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["Child Unique ID", "Gender", "Date of referral", "Referral Source",
                "Referral NFA?", "Allocated Team"])
    for (d, src), cid in zip(events, ids):
        ds = d.strftime("%d/%m/%Y")
        r = random.random()
        if r < 0.25:
            ds += " 00:00"
        elif r < 0.32:
            ds += " %02d:%02d" % (random.randint(8, 18), random.randint(0, 59))
        w.writerow([f"LC{cid}", random.choice(GENDERS), ds, src,
                    random.choice(["Yes", "No", "No", "No", "N", "Y", ""]),
                    random.choice(TEAMS)])
print(len(events), "rows written")
