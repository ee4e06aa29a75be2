#!/usr/bin/env python3
"""Writes examples/committee-2021/: synthetic but realistic event exports, one per measure,
April 2018 to March 2021, whose April-September 2019 and 2020 counts are exactly the figures
in Leicestershire's committee table of 19 January 2021 (shared/seeds/001_*.txt).

No real child is in these files: IDs, dates of birth and all other values are made up by a
seeded random generator, so the output is the same on every run.

The files differ the way real exports do: Ofsted Annex A headers on some, a case-management
report and a CIN census table on others; dd/mm/yyyy, d/m/yyyy, ISO and 01-Apr-2020 dates,
with and without times; UTF-8 with BOM and CRLF, Windows-1252; quoted fields holding commas,
quotes and newlines; and a few rows whose dates are blank or wrong (rejected, not counted).

Usage: python3 scripts/make-committee-example.py [OUT_DIR]
"""
import csv
import datetime as dt
import random
import sys
from pathlib import Path

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/committee-2021")
rng = random.Random(20210119)

# measure: (Apr-Sep 2019, Apr-Sep 2020) -- the committee table.
TARGETS = {
    "contacts": (11312, 11015),
    "referrals": (2958, 2514),
    "assessments": (2577, 2321),
    "strategy-discussions": (1038, 1269),
    "s47-enquiries": (762, 1010),
    "icpcs": (410, 483),
    "cp-plan-starts": (358, 442),
}
# Month weights April..September: a normal year, and 2020's first lockdown at the front door.
WEIGHTS_2019 = [1.00, 1.04, 0.98, 1.06, 0.86, 1.06]
WEIGHTS_2020_FRONT = [0.78, 0.92, 1.02, 1.10, 0.96, 1.22]
WEIGHTS_2020_CP = [0.95, 1.02, 1.04, 1.00, 0.96, 1.03]
# Seasonality for every other month, January..December.
SEASON = [1.02, 1.04, 1.05, 0.97, 1.02, 1.00, 1.05, 0.85, 1.04, 1.08, 1.06, 0.88]

START, END = dt.date(2018, 4, 1), dt.date(2021, 3, 31)


def months():
    y, m = START.year, START.month
    while (y, m) <= (END.year, END.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def split(total, weights):
    """Integers proportional to weights that add up to exactly `total`."""
    raw = [total * w / sum(weights) for w in weights]
    ints = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - ints[i], reverse=True)[: total - sum(ints)]:
        ints[i] += 1
    return ints


def monthly_counts(measure):
    base19, base20 = TARGETS[measure]
    front = measure in ("contacts", "referrals", "assessments")
    fixed = {}
    for (y, weights, total) in ((2019, WEIGHTS_2019, base19),
                                (2020, WEIGHTS_2020_FRONT if front else WEIGHTS_2020_CP, base20)):
        for i, n in enumerate(split(total, weights)):
            fixed[(y, 4 + i)] = n
    per_month = (base19 + base20) / 12
    counts = {}
    for y, m in months():
        counts[(y, m)] = fixed.get((y, m)) or round(per_month * SEASON[m - 1] * rng.uniform(0.93, 1.07))
    return counts


def days_in(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.date(y, m, 1)).days


def event_dates(measure):
    dates = []
    for (y, m), n in monthly_counts(measure).items():
        for _ in range(n):
            day = rng.randint(1, days_in(y, m))
            dates.append(dt.date(y, m, day))
    dates.sort()
    return dates


# A shared pool of children, so the same child appears at several stages and more than once.
GENDERS = ["a) Male", "b) Female", "c) Unknown"]
ETHNICITIES = ["WBRI", "WOTH", "MWBC", "MWBA", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "OOTH", "REFU"]


def make_children(n):
    children = []
    for i in range(n):
        born = dt.date(2003, 1, 1) + dt.timedelta(days=rng.randint(0, 18 * 365))
        gender = rng.choices(GENDERS, weights=[49, 49, 2])[0]
        children.append((f"LC{100000 + i * 7 + rng.randint(0, 6)}", gender, rng.choice(ETHNICITIES), born))
    return children


CHILDREN = make_children(24000)


def child(event_date):
    """A child born before the event, and their age at it."""
    while True:
        c = rng.choice(CHILDREN)
        if c[3] < event_date:
            age = event_date.year - c[3].year - ((event_date.month, event_date.day) < (c[3].month, c[3].day))
            return c, max(age, 0)


SOURCES = ["1A: Individual - family member", "2A: Schools", "3A: Health services - GP",
           "3E: Health services - A&E", "5A: LA services - social care", "6: Police",
           "8: Other", "9: Anonymous"]
TEAMS = ["First Response", "Safeguarding, North", "Safeguarding, South", 'Child Protection "Hub"',
         "Children's Team – East", "Disabled Children's Service"]
CATEGORIES = ["a) Neglect", "b) Physical abuse", "c) Sexual abuse", "d) Emotional abuse", "e) Multiple"]


def uk(d):
    return d.strftime("%d/%m/%Y")


def write(name, header, rows, encoding="utf-8", newline="\n", bad=()):
    """Writes rows, then slots each (index, row) of `bad` in at that position."""
    rows = list(rows)
    for index, row in bad:
        rows.insert(index, row)
    path = OUT / name
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator=newline)
        w.writerow(header)
        w.writerows(rows)
    print(f"{path}: {len(rows)} rows")


LIST1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    # List 1 (Annex A), dd/mm/yyyy, plain UTF-8.
    rows = []
    for d in event_dates("contacts"):
        (cid, g, e, born), age = child(d)
        rows.append([cid, g, e, uk(born), age, uk(d), rng.choice(SOURCES)])
    write("contacts.csv", LIST1 + ["Date of Contact", "Contact Source"], rows,
          bad=[(5000, ["LC999001", "a) Male", "WBRI", "01/02/2010", 9, "", "6: Police"]),
               (40000, ["LC999002", "b) Female", "WBRI", "03/03/2012", 8, "31/02/2020", "2A: Schools"])])

    # List 3 (Annex A), dd/mm/yyyy; quoted teams with commas and quotes.
    rows = []
    for d in event_dates("referrals"):
        (cid, g, e, born), age = child(d)
        rows.append([cid, g, e, uk(born), age, uk(d), rng.choice(SOURCES),
                     rng.choices(["a) Yes", "b) No"], weights=[8, 92])[0], rng.randint(0, 4),
                     rng.choice(TEAMS), f"W{rng.randint(100, 399)}"])
    write("referrals.csv", LIST1 + ["Date of referral", "Referral Source", "Referral NFA?",
                                    "Number of Referrals in Last 12 Months", "Allocated Team",
                                    "Allocated Worker"], rows,
          bad=[(1200, ["LC999003", "a) Male", "WOTH", "05/06/2015", 4, "unknown", "8: Other",
                       "b) No", 0, "First Response", "W101"])])

    # List 4 (Annex A), dates with a midnight time as some systems export them.
    rows = []
    for d in event_dates("assessments"):
        (cid, g, e, born), age = child(d)
        authorised = d + dt.timedelta(days=rng.randint(5, 60))
        rows.append([cid, g, e, uk(born), age, rng.choice(["a) Yes", "b) No"]),
                     d.strftime("%d/%m/%Y 00:00:00"), "a) Yes", authorised.strftime("%d/%m/%Y 00:00:00"),
                     rng.choice(["a) Yes", "b) No"]), rng.choice(TEAMS), f"W{rng.randint(100, 399)}"])
    write("assessments.csv", LIST1 + ["Does the Child have a Disability", "Continuous Assessment Start Date",
                                      "Child Seen During Continuous Assessment",
                                      "Continuous Assessment Date of Authorisation",
                                      "Was the child assessed as requiring LA children's social care support?",
                                      "Allocated Team", "Allocated Worker"], rows)

    # A case-management report: ISO date-times, a free-text column with newlines.
    rows = []
    for d in event_dates("strategy-discussions"):
        (cid, _, _, _), _ = child(d)
        when = dt.datetime(d.year, d.month, d.day, rng.randint(8, 17), rng.choice([0, 15, 30, 45]))
        outcome = rng.choice(["Section 47 enquiry", "No further action", "Section 47 enquiry\nJoint with police",
                              "Single agency, \"social care only\""])
        rows.append([f"P{cid[2:]}", when.strftime("%Y-%m-%dT%H:%M:%S"), outcome, rng.choice(TEAMS)])
    write("strategy-discussions.csv", ["Person ID", "Strategy Discussion Date", "Outcome", "Team"], rows,
          bad=[(300, ["P999004", "2020-13-01T10:00:00", "No further action", "First Response"])])

    # CIN census Section 47 table: ISO dates; DateOfInitialCPC is present but not this measure's date.
    rows = []
    for d in event_dates("s47-enquiries"):
        (cid, _, _, _), _ = child(d)
        icpc = d + dt.timedelta(days=rng.randint(10, 25)) if rng.random() < 0.45 else None
        rows.append([cid, (d - dt.timedelta(days=rng.randint(0, 30))).isoformat(), d.isoformat(),
                     (d + dt.timedelta(days=21)).isoformat(), icpc.isoformat() if icpc else "",
                     "false" if icpc else rng.choice(["true", "false"])])
    write("s47-enquiries.csv", ["LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget",
                                "DateOfInitialCPC", "ICPCnotRequired"], rows)

    # An ICPC report saved by Excel on a UK Windows PC: Windows-1252, 01-Apr-2020 dates.
    rows = []
    for d in event_dates("icpcs"):
        (cid, g, _, _), _ = child(d)
        rows.append([cid, g, d.strftime("%d-%b-%Y"), rng.choice(["Plan", "No plan"]),
                     rng.choice(["Child Protection – East", "Child Protection – West"])])
    write("icpcs.csv", ["Child ID", "Gender", "ICPC Date", "Outcome", "Chair’s Team"], rows,
          encoding="cp1252", bad=[(200, ["LC999005", "b) Female", "01/05/20", "Plan", "Child Protection – East"])])

    # List 7 (Annex A): UTF-8 with BOM and CRLF line ends, as Excel's "CSV UTF-8" saves; d/m/yyyy.
    rows = []
    for d in event_dates("cp-plan-starts"):
        (cid, g, e, born), age = child(d)
        # Plans end 7 to 20 months after they start (no random draw, so the other files are
        # unchanged); a plan that ends before the extract has its end date, as a full history of
        # plans does: a list of open plans only would not hold it.
        ended = d + dt.timedelta(days=210 + d.toordinal() % 400)
        end = uk(ended) if ended <= dt.date(2021, 3, 31) else ""
        rows.append([cid, g, e, uk(born), age, rng.choice(["a) Yes", "b) No"]), f"{d.day}/{d.month}/{d.year}",
                     rng.choice(CATEGORIES), rng.choice(CATEGORIES), "", "a) Yes", "", end, "b) No",
                     rng.choice([0, 0, 0, 1, 2]), rng.choice(TEAMS), f"W{rng.randint(100, 399)}"])
    write("cp-plan-starts.csv", LIST1 + ["Does the Child have a Disability", "Child Protection Plan Start Date",
                                         "Initial Category of Abuse", "Latest Category of Abuse",
                                         "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                                         "Date of latest review conference", "Child Protection Plan End Date",
                                         "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                                         "Number of Previous Child Protection Plans", "Allocated Team",
                                         "Allocated Worker"], rows,
          encoding="utf-8-sig", newline="\r\n",
          bad=[(100, ["LC999006", "a) Male", "WBRI", "02/02/2016", 4, "b) No", "", "a) Neglect", "a) Neglect",
                      "", "a) Yes", "", "", "b) No", 0, "First Response", "W222"])])


if __name__ == "__main__":
    main()
