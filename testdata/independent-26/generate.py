#!/usr/bin/env python3
"""Independent test fixtures for cscstats, issue 26 (event identity, content
before names, tables within tables, copies/overlaps, the CIN census, SSD ICPC
flag, privacy traps, two generic Date columns).

Deterministic: every case uses its own seeded random.Random. Run:

    python3 generate.py            # writes every case under this directory
    python3 generate.py copies     # writes only the named case(s)

Each case directory gets the input files, an EXPECTED.md (human-readable,
exact figures computed here from the generated data) and expected.json (the
same figures, machine-readable).

All events fall between 1 April 2019 and 31 March 2021, and every measure a
file holds has at least 3 events in every one of those 24 months (checked by
assert_monthly_minimum) so that no month looks like a gap.
"""
import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter, OrderedDict
from decimal import Decimal, ROUND_HALF_UP

try:
    import openpyxl
    from openpyxl.styles import Font
except ImportError:  # xlsx files are skipped (and said so) without openpyxl
    openpyxl = None

BASE = os.path.dirname(os.path.abspath(__file__))
START = dt.date(2019, 4, 1)
END = dt.date(2021, 3, 31)
MONTHS = [(2019 + (3 + i) // 12, (3 + i) % 12 + 1) for i in range(24)]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
               "Oct", "Nov", "Dec"]
YEARS = ["2019/20", "2020/21"]
QUARTERS = [f"{y} Q{q}" for y in YEARS for q in (1, 2, 3, 4)]

# England and Wales bank holidays in and around the period (gov.uk).
BANK_HOLIDAYS = {dt.date(*d) for d in [
    (2019, 1, 1), (2019, 4, 19), (2019, 4, 22), (2019, 5, 6), (2019, 5, 27),
    (2019, 8, 26), (2019, 12, 25), (2019, 12, 26),
    (2020, 1, 1), (2020, 4, 10), (2020, 4, 13), (2020, 5, 8), (2020, 5, 25),
    (2020, 8, 31), (2020, 12, 25), (2020, 12, 28),
    (2021, 1, 1), (2021, 4, 2), (2021, 4, 5), (2021, 5, 3), (2021, 5, 31),
    (2021, 8, 30), (2021, 12, 27), (2021, 12, 28)]}


# ---------------------------------------------------------------- helpers
def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def rand_date(rng, y, m, lo=None, hi=None):
    """Uniform date in month (y, m), optionally clipped to [lo, hi]."""
    a = dt.date(y, m, 1)
    b = month_end(y, m)
    if lo is not None and lo > a:
        a = lo
    if hi is not None and hi < b:
        b = hi
    assert a <= b, (y, m, lo, hi)
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def add_days(d, n):
    return d + dt.timedelta(days=n)


def add_working_days(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in BANK_HOLIDAYS:
            n -= 1
    return d


def in_range(d):
    return d is not None and START <= d <= END


def quarter_of(d):
    fy = d.year if d.month >= 4 else d.year - 1
    q = ((d.month - 4) % 12) // 3 + 1
    return f"{fy}/{str(fy + 1)[2:]} Q{q}"


def year_of(d):
    fy = d.year if d.month >= 4 else d.year - 1
    return f"{fy}/{str(fy + 1)[2:]}"


def month_key(d):
    return (d.year, d.month)


def month_label(ym):
    return f"{MONTH_NAMES[ym[1] - 1]} {ym[0]}"


def dmy(d):
    return "" if d is None else d.strftime("%d/%m/%Y")


def iso(d):
    return "" if d is None else d.isoformat()


def xl_dt(d):
    return None if d is None else dt.datetime(d.year, d.month, d.day)


def pct_change(new, old):
    if old == 0:
        return "n/a"
    v = (Decimal(new) - Decimal(old)) / Decimal(old) * 100
    v = v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{'+' if v > 0 else ''}{v}%"


def pct(part, whole):
    if whole == 0:
        return "n/a"
    v = (Decimal(part) / Decimal(whole) * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{v}%"


def quarter_counts(dates):
    c = Counter(quarter_of(d) for d in dates)
    return OrderedDict((q, c.get(q, 0)) for q in QUARTERS)


def year_counts(dates):
    c = Counter(year_of(d) for d in dates)
    return OrderedDict((y, c.get(y, 0)) for y in YEARS)


def month_counts(dates):
    c = Counter(month_key(d) for d in dates)
    return OrderedDict((ym, c.get(ym, 0)) for ym in MONTHS)


def assert_monthly_minimum(case, measure, dates, minimum=3):
    for d in dates:
        assert in_range(d), (case, measure, d)
    for ym, n in month_counts(dates).items():
        assert n >= minimum, (case, measure, month_label(ym), n)


def case_dir(name, *sub):
    p = os.path.join(BASE, name, *sub)
    os.makedirs(p, exist_ok=True)
    return p


def clean_case(name):
    p = os.path.join(BASE, name)
    if os.path.isdir(p):
        shutil.rmtree(p)
    os.makedirs(p)
    return p


def write_lines(path, lines, bom=False, newline="\r\n"):
    """Write pre-formatted lines (each a str) to path."""
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8",
              newline="") as f:
        for ln in lines:
            f.write(ln + newline)


def csv_line(values):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(values)
    return buf.getvalue()


def unique_ids(rng, prefix, width, n, lo=None):
    """n distinct random IDs prefix + zero-padded number."""
    lo = lo if lo is not None else 10 ** (width - 1)
    hi = 10 ** width - 1
    nums = rng.sample(range(lo, hi), n)
    return [f"{prefix}{x:0{width}d}" for x in nums]


# ------------------------------------------------------------ EXPECTED.md
class Expected:
    """Collects what a case expects and renders EXPECTED.md + expected.json."""

    def __init__(self, case, title):
        self.case = case
        self.title = title
        self.intro = []
        self.files = []            # (path, description)
        self.scenarios = []        # dicts
        self.never = []            # (string, why)
        self.never_patterns = []   # (regex, why)
        self.notes = []

    def file(self, path, desc):
        self.files.append((path, desc))

    def scenario(self, name, inputs, outcome, measures=None, extra=None,
                 notes=None, wrong=None):
        """measures: OrderedDict measure -> list of dates (each one event)."""
        self.scenarios.append(dict(name=name, inputs=inputs, outcome=outcome,
                                   measures=measures or OrderedDict(),
                                   extra=extra or [], notes=notes or [],
                                   wrong=wrong or []))

    def never_appear(self, strings, why):
        for s in strings:
            if s not in [x for x, _ in self.never]:
                self.never.append((s, why))

    def never_pattern(self, regex, why):
        self.never_patterns.append((regex, why))

    # -- rendering
    @staticmethod
    def quarter_table(measures):
        head = ["measure"]
        for y in YEARS:
            head += [f"{y} Q{q}" for q in (1, 2, 3, 4)] + [f"{y} total"]
        out = ["| " + " | ".join(head) + " |",
               "|" + "---|" * len(head)]
        for m, dates in measures.items():
            qc = quarter_counts(dates)
            yc = year_counts(dates)
            row = [m]
            for y in YEARS:
                row += [str(qc[f"{y} Q{q}"]) for q in (1, 2, 3, 4)]
                row += [f"**{yc[y]}**"]
            out.append("| " + " | ".join(row) + " |")
        return out

    @staticmethod
    def change_table(measures):
        head = ["measure (2020/21 vs 2019/20)", "Q1", "Q2", "Q3", "Q4", "year"]
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for m, dates in measures.items():
            qc = quarter_counts(dates)
            yc = year_counts(dates)
            row = [m] + [pct_change(qc[f"2020/21 Q{q}"], qc[f"2019/20 Q{q}"])
                         for q in (1, 2, 3, 4)]
            row.append(pct_change(yc["2020/21"], yc["2019/20"]))
            out.append("| " + " | ".join(row) + " |")
        return out

    @staticmethod
    def month_table(measures):
        names = list(measures)
        out = ["| month | " + " | ".join(names) + " |",
               "|---|" + "---|" * len(names)]
        mcs = [month_counts(measures[m]) for m in names]
        for ym in MONTHS:
            out.append(f"| {month_label(ym)} | "
                       + " | ".join(str(mc[ym]) for mc in mcs) + " |")
        return out

    def render(self):
        L = [f"# {self.case}: {self.title}", ""]
        L += self.intro + [""] if self.intro else []
        L += ["Generated by `../generate.py` (seeded, deterministic). Periods are UK",
              "financial-year quarters: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.",
              "All events lie between 01/04/2019 and 31/03/2021, with at least 3 events",
              "of every measure a file holds in every month (no month is a gap).", ""]
        L += ["## Files", ""]
        for p, d in self.files:
            L.append(f"- `{p}`: {d}")
        L.append("")
        for i, s in enumerate(self.scenarios, 1):
            L += [f"## Scenario {i}: {s['name']}", ""]
            L.append("Inputs: " + ", ".join(f"`{x}`" for x in s["inputs"]))
            L.append("")
            L.append(f"Expected outcome: {s['outcome']}")
            L.append("")
            if s["measures"]:
                L += ["Exact event counts per quarter:", ""]
                L += self.quarter_table(s["measures"]) + [""]
                L += ["Same period a year earlier (change, 1 dp, half up):", ""]
                L += self.change_table(s["measures"]) + [""]
            for e in s["extra"]:
                L.append(e)
            if s["extra"]:
                L.append("")
            if s["notes"]:
                L += ["Notes:", ""] + [f"- {n}" for n in s["notes"]] + [""]
            if s["wrong"]:
                L += ["Signatures of a silently wrong answer (any of these = FAIL):", ""]
                L += [f"- {w}" for w in s["wrong"]] + [""]
            if s["measures"]:
                L += ["<details><summary>Monthly counts</summary>", ""]
                L += self.month_table(s["measures"]) + ["", "</details>", ""]
        L += ["## Must never appear in any output", "",
              "Not on stdout or stderr, not in `inspect`, not in any HTML, Word,",
              "Excel or JSON output, with or without `-q` (case-sensitive substring",
              "check is enough for the strings; the patterns are regular expressions",
              "matched against the whole output).", ""]
        for s, why in self.never:
            L.append(f"- `{s}` ({why})")
        for r, why in self.never_patterns:
            L.append(f"- pattern `{r}` ({why})")
        L.append("")
        if self.notes:
            L += ["## Other notes", ""] + [f"- {n}" for n in self.notes] + [""]
        return "\n".join(L)

    def to_json(self):
        def figs(measures):
            return OrderedDict(
                (m, OrderedDict(list(quarter_counts(d).items())
                                + list(year_counts(d).items())))
                for m, d in measures.items())
        return OrderedDict(
            case=self.case, title=self.title,
            files=[p for p, _ in self.files],
            scenarios=[OrderedDict(name=s["name"], inputs=s["inputs"],
                                   outcome=s["outcome"],
                                   figures=figs(s["measures"]),
                                   extra=s["extra"])
                       for s in self.scenarios],
            never_appear=[s for s, _ in self.never],
            never_patterns=[r for r, _ in self.never_patterns])

    def write(self):
        d = case_dir(self.case)
        with open(os.path.join(d, "EXPECTED.md"), "w", encoding="utf-8") as f:
            f.write(self.render())
        with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, indent=1)
            f.write("\n")


def save_xlsx(wb, path):
    """Save a workbook byte-for-byte reproducibly (fixed document dates and
    fixed zip entry timestamps)."""
    import zipfile
    fixed = dt.datetime(2021, 4, 6, 8, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "cscstats test generator"
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w",
                                                      zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>",
                              b'<dcterms:modified xsi:type="dcterms:W3CDTF">'
                              b"2021-04-06T08:00:00Z</dcterms:modified>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 4, 6, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)


CASES = OrderedDict()


def case(name):
    def deco(fn):
        CASES[name] = fn
        return fn
    return deco


def xlsx_ok(exp, what):
    if openpyxl is None:
        exp.notes.append(f"openpyxl was not installed when this was generated: "
                         f"{what} was skipped.")
        return False
    return True


# Common pools of values --------------------------------------------------
CONTACT_SOURCES = ["Police", "School", "Health Visitor", "GP", "Hospital",
                   "Anonymous", "LA services", "Family member", "Other"]
TEAMS = ["North", "South", "East", "West"]


# ======================================================================
# 1. LCS Contacts and Referrals: a row per contact, referral ID/date repeated
# ======================================================================
@case("lcs-contacts-referrals")
def gen_lcs(name):
    rng = random.Random(2601)
    d = clean_case(name)
    exp = Expected(name, "LCS 'Contacts and Referrals' report: a row per contact")
    children = iter(unique_ids(rng, "", 6, 2000, lo=300000))
    contacts = []      # dicts: date, child, source, outcome, ref_id, ref_date
    referrals = []     # (ref_date, child, [contact idx])
    same_day_pairs = 0
    for (y, m) in MONTHS:
        # referrals and the 1-3 contacts that led to each
        for _ in range(rng.randint(3, 5)):
            rdate = rand_date(rng, y, m)
            child = next(children)
            n = rng.choices([1, 2, 3], weights=[5, 3, 1])[0]
            cdates = sorted(max(START, add_days(rdate, -rng.randint(0, 6)))
                            for _ in range(n))
            if len(set(cdates)) < len(cdates):
                same_day_pairs += 1
            ref = dict(date=rdate, child=child, contacts=[])
            referrals.append(ref)
            for cd in cdates:
                contacts.append(dict(date=cd, child=child,
                                     source=rng.choice(CONTACT_SOURCES),
                                     outcome="Referral to Children's Social Care",
                                     ref=ref))
        # contacts that led nowhere
        for _ in range(rng.randint(3, 5)):
            contacts.append(dict(date=rand_date(rng, y, m), child=next(children),
                                 source=rng.choice(CONTACT_SOURCES),
                                 outcome=rng.choice(["Information and advice",
                                                     "Signposted to Early Help",
                                                     "No further action"]),
                                 ref=None))
    # IDs in date order, as a case system hands them out
    referrals.sort(key=lambda r: r["date"])
    rid = rng.randint(41000, 42000)
    for r in referrals:
        rid += rng.randint(1, 4)
        r["id"] = f"REF{rid:07d}"
    contacts.sort(key=lambda c: (c["date"], c["child"]))
    cid = rng.randint(180000, 190000)
    for c in contacts:
        cid += rng.randint(1, 3)
        c["id"] = f"CN{cid}"

    header = ["Contact ID", "Child ID", "Contact Date", "Contact Source",
              "Contact Outcome", "Referral ID", "Referral Date"]
    rows = [[c["id"], c["child"], dmy(c["date"]), c["source"], c["outcome"],
             c["ref"]["id"] if c["ref"] else "",
             dmy(c["ref"]["date"]) if c["ref"] else ""] for c in contacts]
    title1 = "Contacts and Referrals 01/04/2019 to 31/03/2021"
    title2 = "Report run by Sarah Okafor on 06/04/2021 08:14"
    csv_name = "LCS Contacts and Referrals 2019-2021 v2.csv"
    write_lines(os.path.join(d, csv_name),
                [title1, title2, csv_line(header)] + [csv_line(r) for r in rows]
                + [f"Total rows: {len(rows)}"], bom=True)
    exp.file(csv_name, f"UTF-8 with BOM, CRLF. 2 title lines, header, "
             f"{len(rows)} data rows (one per contact), footer `Total rows: {len(rows)}`. "
             "Dates dd/mm/yyyy.")

    xname = "LCS Contacts and Referrals.xlsx"
    if xlsx_ok(exp, xname):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Contacts and Referrals"
        ws.append([title1])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([title2])
        ws.append([])
        ws.append(header)
        for c in contacts:
            ws.append([c["id"], int(c["child"]), xl_dt(c["date"]), c["source"],
                       c["outcome"], c["ref"]["id"] if c["ref"] else None,
                       xl_dt(c["ref"]["date"]) if c["ref"] else None])
        for row in ws.iter_rows(min_row=5):
            for cell in (row[2], row[6]):
                cell.number_format = "dd/mm/yyyy"
        ws.append([])
        ws.append([f"Total rows: {len(rows)}"])
        save_xlsx(wb, os.path.join(d, xname))
        exp.file(xname, "the same data: sheet `Contacts and Referrals`, title rows 1-2, "
                 "blank row 3, header row 4, dates as real Excel dates, Child ID as a "
                 "number, a blank row then `Total rows: N` below the data.")

    for c in contacts:
        assert in_range(c["date"])
    contact_dates = [c["date"] for c in contacts]
    referral_dates = [r["date"] for r in referrals]
    assert_monthly_minimum(name, "contacts", contact_dates)
    assert_monthly_minimum(name, "referrals", referral_dates)
    measures = OrderedDict([("contacts", contact_dates),
                            ("referrals", referral_dates)])
    rows_with_ref = [c["ref"]["date"] for c in contacts if c["ref"]]
    nrows_ref = len(rows_with_ref)
    wrong = [
        f"referrals = {len(rows_with_ref)} (rows carrying a Referral Date) instead of "
        f"{len(referrals)} distinct Referral IDs; per quarter the row counts would be "
        + ", ".join(f"{q}: {n}" for q, n in quarter_counts(rows_with_ref).items()),
        "contacts missing or reported as context because the file name says "
        "'Contacts and Referrals'",
        f"contacts collapsed by (Child ID, Contact Date): {same_day_pairs} referrals "
        "had two or more contacts on one day with different Contact IDs, so a (child, date) "
        f"key gives {len(set((c['child'], c['date']) for c in contacts))} contacts "
        f"instead of {len(contacts)}",
        "the footer `Total rows: N` or a title line read as data / counted",
    ]
    notes = [f"contacts keyed by Contact ID: {len(contacts)} rows -> {len(contacts)} "
             "contacts (no collapse).",
             f"referrals keyed by Referral ID: {nrows_ref} rows with a Referral Date -> "
             f"{len(referrals)} referrals (the note / inspect should say so).",
             f"{len(contacts) - nrows_ref} contacts have no referral (blank Referral "
             "ID and Date); these are contacts, not rejected rows."]
    exp.intro = ["One row per contact. A referral's ID and date are repeated on each of",
                 "the 1-3 contacts that led to it. Contacts are counted by Contact Date,",
                 "referrals once per distinct Referral ID by Referral Date."]
    exp.scenario("the CSV alone", [csv_name], "exit 0 with these figures",
                 measures, notes=notes, wrong=wrong)
    if openpyxl:
        exp.scenario("the workbook alone", [xname], "exit 0, the same figures",
                     measures, wrong=wrong[:2])
        exp.scenario("the whole folder (CSV + workbook)", [f"{name}/"],
                     "exit 0, the SAME figures (not doubled): the two files hold the "
                     "same contacts and referrals, so they are an overlapping extract "
                     "(or duplicate) merged by identity, with a note naming both files "
                     f"and saying they share all {len(contacts)} contacts and "
                     f"{len(referrals)} referrals.",
                     measures, wrong=["any figure doubled"])
    exp.never_appear([title2, "Okafor", "Sarah"],
                     "a person's name in a title line")
    exp.never_appear([contacts[0]["id"], contacts[-1]["id"], referrals[0]["id"],
                      contacts[5]["child"]], "row values (IDs)")
    exp.never_pattern(r"CN1[89]\d{4}", "Contact IDs")
    exp.never_pattern(r"REF\d{7}", "Referral IDs")
    exp.write()


# ======================================================================
# 2. Mosaic workflow steps: counted by Step Type, not by the Referral Date
# ======================================================================
MOSAIC_STAGES = OrderedDict([
    ("contacts", "Contact"),
    ("referrals", "Referral"),
    ("assessments", "Single Assessment"),
    ("strategy-discussions", "Strategy Discussion"),
    ("s47-enquiries", "Section 47 Enquiry"),
    ("icpcs", "Initial Child Protection Conference"),
])
MOSAIC_FREE_TEXT = [
    "Visit - Brown family", "Case Note", "Phone call to Mrs Patel",
    "Home visit re Jayden Whitmore", "Email from Oakfield Primary about Amira",
    "Supervision with Dave", "Letter to Mr Kowalski", "Visit - Okonkwo household",
    "Call from Grandma Pearl re contact", "Transport for Tyler to contact centre",
]
WORKERS = ["Joanne Whitfield", "Tariq Hussain", "Bethan Llewellyn",
           "Marcus Adeyemi", "Fiona McAllister", "Priya Raman"]


@case("mosaic-steps")
def gen_mosaic(name):
    rng = random.Random(2602)
    d = clean_case(name)
    exp = Expected(name, "Mosaic workflow steps: one row per step, counted by Step Type")
    persons = iter(unique_ids(rng, "", 7, 500, lo=1000000))
    episodes = []
    steps = []   # dicts: person, episode, type, date, worker

    def step(ep, typ, date):
        assert ep["ref"] <= date <= END or typ == "Contact", (typ, date)
        steps.append(dict(ep=ep, type=typ, date=date,
                          worker=rng.choice(WORKERS)))

    for (y, m) in MONTHS:
        # 3 episodes with a referral, sometimes a contact-only episode too
        n_ref = rng.choices([3, 4], weights=[3, 1])[0]
        n_contact_only = rng.choice([0, 1])
        for k in range(n_ref + n_contact_only):
            ep = dict(person=next(persons), ref=rand_date(rng, y, m),
                      referred=k < n_ref)
            episodes.append(ep)
            step(ep, "Contact", max(dt.date(y, m, 1),
                                    add_days(ep["ref"], -rng.randint(0, 2))))
            if ep["referred"]:
                step(ep, "Referral", ep["ref"])
        # later stages, each on an episode referred up to ~60 days before
        ms, me = dt.date(y, m, 1), month_end(y, m)
        for typ in ["Single Assessment", "Strategy Discussion",
                    "Section 47 Enquiry", "Initial Child Protection Conference"]:
            pool = [e for e in episodes if e["referred"]
                    and add_days(ms, -60) <= e["ref"] <= me]
            for _ in range(rng.choices([3, 4], weights=[3, 1])[0]):
                ep = rng.choice(pool)
                step(ep, typ, rand_date(rng, y, m, lo=ep["ref"]))
        # non-stage steps with free-text titles
        for _ in range(rng.randint(1, 3)):
            pool = [e for e in episodes if e["ref"] <= me]
            ep = rng.choice(pool)
            step(ep, rng.choice(MOSAIC_FREE_TEXT), rand_date(rng, y, m, lo=ep["ref"]))

    episodes.sort(key=lambda e: e["ref"])
    eid = rng.randint(230000, 240000)
    for e in episodes:
        eid += rng.randint(1, 5)
        e["id"] = str(eid)
    steps.sort(key=lambda s: (s["ep"]["person"], s["date"]))
    sid = rng.randint(5100000, 5200000)
    for s in steps:
        sid += rng.randint(1, 9)
        s["id"] = str(sid)

    header = ["Person ID", "Episode ID", "Referral Date", "Step ID", "Step Type",
              "Step Start Date", "Worker"]
    fname = "mosaic_workflow_steps.csv"
    lines = [csv_line(header)] + [
        csv_line([s["ep"]["person"], s["ep"]["id"], dmy(s["ep"]["ref"]), s["id"],
                  s["type"], dmy(s["date"]), s["worker"]]) for s in steps]
    write_lines(os.path.join(d, fname), lines)
    exp.file(fname, f"header + {len(steps)} rows, one per workflow step, sorted by "
             "person then date. Referral Date is the episode's referral date, repeated "
             "on every step of that episode (including contact-only episodes that never "
             "had a Referral step). Dates dd/mm/yyyy. No title or footer.")

    measures = OrderedDict()
    for m, typ in MOSAIC_STAGES.items():
        dates = [s["date"] for s in steps if s["type"] == typ]
        assert_monthly_minimum(name, m, dates)
        measures[m] = dates
    free = [s for s in steps if s["type"] not in MOSAIC_STAGES.values()]
    free_distinct = sorted(set(s["type"] for s in free))
    ref_date_rows = [s["ep"]["ref"] for s in steps]
    distinct_eps = len(set(s["ep"]["id"] for s in steps))
    wrong = [
        f"referrals counted from the Referral Date column: {len(ref_date_rows)} rows "
        f"(x{len(ref_date_rows) / len(measures['referrals']):.1f}) or {distinct_eps} "
        f"episodes instead of {len(measures['referrals'])} Referral steps",
        "any stage counted from a date other than Step Start Date",
        f"the {len(free)} free-text steps counted as any stage, or listed by title",
        f"contacts = {len(measures['contacts']) + sum(1 for s in free if 'contact' in s['type'].lower())}: "
        f"the {sum(1 for s in free if 'contact' in s['type'].lower())} free-text steps whose "
        "title merely mentions 'contact' (family contact arrangements) counted as Contacts",
    ]
    notes = [
        "Each stage = rows whose Step Type equals that stage name, dated by Step Start "
        "Date; identity = Step ID (every Step ID is distinct, so no collapse).",
        f"{len(episodes)} episodes, {sum(1 for e in episodes if not e['referred'])} of "
        "them contact-only (no Referral step, but Referral Date still filled).",
        f"{len(free)} rows have a Step Type that matches no stage: {len(free_distinct)} "
        "distinct values. The tool may say '"
        f"{len(free)} rows, {len(free_distinct)} distinct values matched no stage' and "
        "suggest `--type MEASURE=VALUE`; it must NOT print the values (except "
        "`inspect --show-type-values`, terminal only).",
        "The Referral Date column is context here (an upstream date on every step); "
        "a note saying so is expected.",
    ]
    exp.intro = ["A Mosaic export of workflow steps. The table has a type column",
                 "(Step Type), so it is counted by type: each stage's events are the",
                 "steps of that type, dated by Step Start Date."]
    exp.scenario("the file alone", [fname], "exit 0 with these figures", measures,
                 notes=notes, wrong=wrong)
    exp.never_appear(MOSAIC_FREE_TEXT, "free-text step titles")
    exp.never_appear(["Brown", "Patel", "Jayden", "Whitmore", "Amira", "Kowalski",
                      "Okonkwo", "Pearl", "Tyler", "Oakfield", "Dave"],
                     "names inside free-text step titles")
    exp.never_appear(WORKERS + [w.split()[1] for w in WORKERS], "worker names")
    exp.never_appear([steps[0]["ep"]["person"], steps[0]["id"]], "row values (IDs)")
    exp.notes.append(f"This file has {len(steps)} rows, more than 300: six stage measures "
                     "x at least 3 events x 24 months needs at least 432 stage steps.")
    exp.write()


# ======================================================================
# 3. SSRS CSV with two data regions; BO sheet with two blocks; WebI sections
# ======================================================================
def gen_referrals_assessments(rng, child_prefix, ref_prefix, ass_prefix,
                              n_ref=(3, 5), n_ass=(3, 5)):
    """Referrals and assessments (on earlier referrals) with >=3 a month each."""
    children = iter(unique_ids(rng, child_prefix, 6, 1500))
    refs, asss = [], []
    for (y, m) in MONTHS:
        for _ in range(rng.randint(*n_ref)):
            refs.append(dict(child=next(children), date=rand_date(rng, y, m),
                             source=rng.choice(CONTACT_SOURCES),
                             team=rng.choice(TEAMS)))
        ms, me = dt.date(y, m, 1), month_end(y, m)
        pool = [r for r in refs if add_days(ms, -30) <= r["date"] <= me]
        chosen = rng.sample(pool, min(len(pool), rng.randint(*n_ass)))
        for r in chosen:
            start = rand_date(rng, y, m, lo=r["date"])
            auth = add_days(start, rng.randint(8, 44))
            asss.append(dict(child=r["child"], date=start,
                             auth=auth if auth <= END else None, team=r["team"]))
    refs.sort(key=lambda r: r["date"])
    asss.sort(key=lambda a: a["date"])
    n = rng.randint(20000, 30000)
    for r in refs:
        n += rng.randint(1, 6)
        r["id"] = f"{ref_prefix}{n}"
    n = rng.randint(60000, 70000)
    for a in asss:
        n += rng.randint(1, 4)
        a["id"] = f"{ass_prefix}{n}"
    return refs, asss


@case("ssrs-two-tables")
def gen_ssrs(name):
    rng = random.Random(2603)
    d = clean_case(name)
    exp = Expected(name, "several tables in one CSV / sheet, and one sectioned table")
    refs, asss = gen_referrals_assessments(rng, "C", "R-", "A-")
    ref_h = ["Referral ID", "Child ID", "Referral Date", "Source", "Team"]
    ass_h = ["Assessment ID", "Child ID", "Assessment Start Date", "Authorised Date",
             "Team"]
    ref_rows = [[r["id"], r["child"], dmy(r["date"]), r["source"], r["team"]]
                for r in refs]
    ass_rows = [[a["id"], a["child"], dmy(a["date"]), dmy(a["auth"]), a["team"]]
                for a in asss]

    # -- SSRS CSV: title, referrals region, blank, title, assessments region
    f1 = "SSRS front door report.csv"
    lines = ["Front Door Activity - Referrals received"]
    lines += [csv_line(ref_h)] + [csv_line(r) for r in ref_rows]
    l_ref = (2, 2 + len(ref_rows))
    lines += ["", "Assessments"]
    a0 = len(lines) + 1
    lines += [csv_line(ass_h)] + [csv_line(r) for r in ass_rows]
    l_ass = (a0, a0 + len(ass_rows))
    write_lines(os.path.join(d, f1), lines)
    exp.file(f1, f"line 1 title; referrals table header at line {l_ref[0]}, data lines "
             f"{l_ref[0] + 1}-{l_ref[1]} ({len(ref_rows)} rows); blank line; title line "
             f"`Assessments`; assessments header at line {l_ass[0]}, data lines "
             f"{l_ass[0] + 1}-{l_ass[1]} ({len(ass_rows)} rows). Both tables have 5 "
             "columns. Dates dd/mm/yyyy; Authorised Date blank where not yet authorised.")

    # -- Business Objects sheet with two blocks
    f2 = "BO blocks.xlsx"
    if xlsx_ok(exp, f2):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Report 1"
        ws.append(["Referrals"])
        ws["A1"].font = Font(bold=True)
        ws.append(ref_h)
        for r in refs:
            ws.append([r["id"], r["child"], xl_dt(r["date"]), r["source"], r["team"]])
        ws.append([])
        ws.append([])
        ws.append(["Assessments"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        b2 = ws.max_row + 1
        ws.append(ass_h)
        for a in asss:
            ws.append([a["id"], a["child"], xl_dt(a["date"]), xl_dt(a["auth"]),
                       a["team"]])
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
        save_xlsx(wb, os.path.join(d, f2))
        exp.file(f2, f"one sheet `Report 1`: row 1 title `Referrals`, row 2 header, rows "
                 f"3-{2 + len(refs)} referrals; two blank rows; title row `Assessments` "
                 f"(row {b2 - 1}), header row {b2}, rows {b2 + 1}-{b2 + len(asss)} "
                 "assessments. Same data as the SSRS CSV. Dates are Excel dates.")

    # -- WebI sectioned report: the same header repeated per team section
    f3 = "webi_sectioned.csv"
    lines = ["Referrals by team, 01/04/2019 - 31/03/2021", ""]
    for t in TEAMS:
        lines += [f"Team: {t}", csv_line(ref_h)]
        lines += [csv_line([r["id"], r["child"], dmy(r["date"]), r["source"], t])
                  for r in refs if r["team"] == t]
        lines.append("")
    write_lines(os.path.join(d, f3), lines)
    exp.file(f3, "the same referrals as one WebI table sectioned by team: a report title, "
             "then per team a line `Team: <name>`, the SAME header row again, that team's "
             "rows, a blank line. It is ONE referrals table (4 sections).")

    rdates = [r["date"] for r in refs]
    adates = [a["date"] for a in asss]
    assert_monthly_minimum(name, "referrals", rdates)
    assert_monthly_minimum(name, "assessments", adates)
    both = OrderedDict([("referrals", rdates), ("assessments", adates)])
    only_ref = OrderedDict([("referrals", rdates)])
    merged_wrong = rdates + adates
    wrong_one = [
        f"referrals = {len(merged_wrong)} (both regions read as one referrals table) "
        f"instead of {len(rdates)}; per quarter: "
        + ", ".join(f"{q}: {n}" for q, n in quarter_counts(merged_wrong).items()),
        "assessments missing (0 or not reported), with only a trace like "
        "'1 rejected at line N'",
        "a header row read as data or as a rejected row",
    ]
    exp.intro = ["One SSRS CSV and one Business Objects sheet that each hold TWO tables",
                 "(referrals, then assessments, with the same column count), and a WebI",
                 "export that repeats the same header per section and is ONE table.",
                 "All three files carry the same referrals; the CSV and the workbook carry",
                 "the same assessments."]
    exp.scenario("SSRS CSV alone", [f1],
                 "exit 0; two tables listed by `inspect` (file + line ranges), each "
                 "recognised on its own, with these figures", both, wrong=wrong_one,
                 notes=[f"referrals table = lines {l_ref[0]}-{l_ref[1]}, assessments table "
                        f"= lines {l_ass[0]}-{l_ass[1]} (1-based, header line included).",
                        "identity: Referral ID and Assessment ID; no collapse."])
    if openpyxl:
        exp.scenario("BO workbook alone", [f2],
                     "exit 0; two tables on sheet `Report 1`, with these figures", both,
                     wrong=wrong_one)
    exp.scenario("WebI sectioned CSV alone", [f3],
                 "exit 0; ONE referrals table (the repeated header is not a new table and "
                 "never a data row; `Team: X` lines are not data)", only_ref,
                 wrong=[f"referrals other than {len(rdates)} in total",
                        "the file reported as 4 separate tables, or repeated headers / "
                        "section lines counted as rejected data rows without comment"])
    exp.scenario("the whole folder", [f"{name}/"],
                 "exit 0 with the SAME figures as the SSRS CSV alone: the three files "
                 "share every referral (and the CSV and workbook every assessment), so "
                 "they merge by Referral ID / Assessment ID with notes naming the files and "
                 f"the shared counts ({len(rdates)} referrals, {len(adates)} assessments)",
                 both, wrong=["referrals doubled or tripled",
                              "assessments doubled"])
    exp.never_appear([refs[0]["id"], refs[0]["child"], asss[-1]["id"]],
                     "row values (IDs)")
    exp.never_pattern(r"R-\d{5}", "Referral IDs")
    exp.never_pattern(r"A-\d{5}", "Assessment IDs")
    exp.never_pattern(r"\bC\d{6}\b", "Child IDs")
    exp.write()


# ======================================================================
# 4. The same data twice: a byte-identical copy; two overlapping extracts
# ======================================================================
@case("copies")
def gen_copies(name):
    rng = random.Random(2604)
    clean_case(name)
    share = case_dir(name, "share")
    overlap = case_dir(name, "overlap")
    exp = Expected(name, "the same data twice: a copy on a share, overlapping extracts")
    refs, asss = gen_referrals_assessments(rng, "", "", "")
    for r in refs:
        r["id"] = "CR" + r["id"]

    # -- share: Referrals.csv and a byte-identical 'Referrals - Copy.csv'
    h = ["Referral ID", "Child ID", "Date of referral", "Referral Source",
         "Allocated Team"]
    lines = [csv_line(h)] + [csv_line([r["id"], r["child"], dmy(r["date"]),
                                       r["source"], r["team"]]) for r in refs]
    p1 = os.path.join(share, "Referrals.csv")
    write_lines(p1, lines)
    shutil.copyfile(p1, os.path.join(share, "Referrals - Copy.csv"))
    with open(p1, "rb") as a, open(os.path.join(share, "Referrals - Copy.csv"), "rb") as b:
        assert a.read() == b.read()
    exp.file("share/Referrals.csv", f"header + {len(refs)} referrals (Annex A-like "
             "headers plus a Referral ID), dd/mm/yyyy.")
    exp.file("share/Referrals - Copy.csv", "byte-identical copy of `Referrals.csv`.")

    # -- overlap: two assessment extracts sharing Jul-Dec 2020
    h = ["Assessment ID", "Child ID", "Continuous Assessment Start Date",
         "Continuous Assessment Date of Authorisation", "Allocated Team"]
    cut1 = dt.date(2020, 12, 31)      # extract 1 run on 04/01/2021
    from2 = dt.date(2020, 7, 1)       # extract 2 covers Jul 2020 - Mar 2021
    ext1 = [a for a in asss if a["date"] <= cut1]
    ext2 = [a for a in asss if a["date"] >= from2]
    shared = [a for a in asss if from2 <= a["date"] <= cut1]
    changed = 0
    rows1 = []
    for a in ext1:
        auth = a["auth"] if a["auth"] and a["auth"] <= cut1 else None
        if auth != a["auth"] and a["date"] >= from2:
            changed += 1
        rows1.append([a["id"], a["child"], dmy(a["date"]), dmy(auth), a["team"]])
    rows2 = [[a["id"], a["child"], dmy(a["date"]), dmy(a["auth"]), a["team"]]
             for a in ext2]
    n1 = "Assessments Apr19-Dec20.csv"
    n2 = "Assessments Jul20-Mar21.csv"
    write_lines(os.path.join(overlap, n1), [csv_line(h)] + [csv_line(r) for r in rows1])
    write_lines(os.path.join(overlap, n2), [csv_line(h)] + [csv_line(r) for r in rows2])
    exp.file(f"overlap/{n1}", f"header + {len(rows1)} assessments started "
             "01/04/2019-31/12/2020 (extract run 04/01/2021: authorisations after "
             "31/12/2020 are blank).")
    exp.file(f"overlap/{n2}", f"header + {len(rows2)} assessments started "
             "01/07/2020-31/03/2021.")

    rdates = [r["date"] for r in refs]
    adates = [a["date"] for a in asss]
    assert_monthly_minimum(name, "referrals", rdates)
    assert_monthly_minimum(name, "assessments", adates)
    exp.intro = ["A team share holding a report and its byte-identical copy, and two",
                 "assessment extracts whose periods overlap (Jul-Dec 2020)."]
    exp.scenario("the share folder", ["share/"],
                 "exit 0; referrals counted ONCE, with a note naming both "
                 "`Referrals.csv` and `Referrals - Copy.csv` as identical (read once)",
                 OrderedDict([("referrals", rdates)]),
                 wrong=[f"referrals = {2 * len(refs)} (every figure doubled), no note"])
    exp.scenario("each share file alone", ["share/Referrals.csv"],
                 "exit 0, the same figures as the folder",
                 OrderedDict([("referrals", rdates)]))
    exp.scenario("the overlap folder", ["overlap/"],
                 "exit 0; assessments merged by Assessment ID, with a note naming both "
                 f"files and saying they share {len(shared)} assessments "
                 f"(all started Jul-Dec 2020); {len(asss)} assessments in total "
                 f"({len(rows1)} + {len(rows2)} rows - {len(shared)} shared)",
                 OrderedDict([("assessments", adates)]),
                 extra=[f"Shared events: **{len(shared)}** assessments "
                        f"(2020/21 Q2: {sum(1 for a in shared if quarter_of(a['date']) == '2020/21 Q2')}, "
                        f"2020/21 Q3: {sum(1 for a in shared if quarter_of(a['date']) == '2020/21 Q3')}). "
                        f"{changed} of them differ between the two files only in the "
                        "authorisation date (blank in the earlier extract), so the rows are "
                        "not identical but the events are the same."],
                 wrong=[f"assessments = {len(rows1) + len(rows2)} (the overlap counted "
                        "twice)", "2020/21 Q2 and Q3 doubled"])
    exp.scenario(f"{n1} alone", [f"overlap/{n1}"],
                 "exit 0; 2020/21 Q4 has no data (the extract ends 31/12/2020): it must "
                 "not be shown as a real 0 / -100% without a coverage warning",
                 OrderedDict([("assessments", [a["date"] for a in ext1])]))
    exp.never_appear([refs[0]["id"], asss[0]["id"], refs[3]["child"]],
                     "row values (IDs)")
    exp.never_pattern(r"CR\d{5}", "Referral IDs")
    exp.write()


# ======================================================================
# 5. The CIN census: two overlapping XML returns, and the same as module CSVs
# ======================================================================
REF_SOURCES = ["1A", "1B", "1C", "2A", "2B", "3A", "3B", "3E", "4", "5A", "5B",
               "5D", "6", "7", "8", "9", "10"]
FACTORS = ["1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A", "5B", "6A",
           "7A", "8B", "11A", "16A", "18B", "19B", "21", "22A", "24A"]
ABUSE = ["NEG", "PHY", "EMO", "SAB", "MUL"]
ETHNIC = ["WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "AIND", "APKN", "BAFR",
          "BCRB", "CHNE", "OOTH", "REFU"]
REF_2020 = dt.date(2020, 3, 31)
FY21_START = dt.date(2020, 4, 1)


def cin_generate(rng):
    children, episodes = [], []
    child_ids = iter(unique_ids(rng, "K", 7, 3000))

    def new_child(ref):
        dob = add_days(ref, -rng.randint(30, 17 * 365))
        c = dict(id=next(child_ids),
                 upn=rng.choice("ABCDEFHJKLMN") + "999" + f"{rng.randint(0, 10**9 - 1):09d}",
                 dob=dob, sex=rng.choice("MF"), eth=rng.choice(ETHNIC),
                 episodes=[], plans=0)
        children.append(c)
        return c

    def make_episode(child, ref, full=False, nfa=False):
        ep = dict(child=child, ref=ref, source=rng.choice(REF_SOURCES),
                  need=f"N{rng.randint(1, 9)}", nfa=nfa, ass=[], s47=[],
                  cin_icpc=None, plans=[], closure=None, reason=None, full=full)
        child["episodes"].append(ep)
        episodes.append(ep)
        if nfa:
            ep["closure"] = min(END, add_days(ref, rng.randint(0, 1)))
            ep["reason"] = "RC8"
            ep["need"] = "N9"
            return ep
        last = ref
        if full or rng.random() < 0.8:
            s = add_days(ref, rng.randint(0, 1) if full else rng.randint(0, 7))
            if s <= END:
                ep["ass"].append(s)
            if not full and rng.random() < 0.08:
                s2 = add_days(s, rng.randint(60, 150))
                if s2 <= END:
                    ep["ass"].append(s2)
        asses = []
        for s in ep["ass"]:
            auth = add_days(s, rng.randint(10, 44))
            auth = auth if auth <= END else None
            asses.append(dict(
                start=s, auth=auth,
                review=add_days(auth, -rng.randint(0, 5)) if auth else None,
                factors=sorted(rng.sample(FACTORS, rng.randint(1, 3))) if auth else []))
            last = max(last, auth or s)
        ep["ass"] = asses
        if full or rng.random() < 0.5:
            s = add_days(ref, rng.randint(0, 2) if full else rng.randint(0, 10))
            if s <= END:
                s47 = dict(start=s, target=add_working_days(s, 15), icpc=None,
                           notreq=False)
                ep["s47"].append(s47)
                last = max(last, s)
                icpc = None
                if full or rng.random() < 0.75:
                    icpc = add_days(s, rng.randint(3, 8) if full else rng.randint(5, 25))
                    icpc = icpc if icpc <= END else None
                    if icpc and rng.random() < 0.3:
                        ep["cin_icpc"] = icpc          # recorded on CINdetails only
                    elif icpc:
                        s47["icpc"] = icpc             # recorded in Section47
                else:
                    s47["notreq"] = rng.random() < 0.7
                if icpc:
                    last = max(last, icpc)
                    if full or rng.random() < 0.75:
                        end = add_days(icpc, rng.randint(90, 500))
                        end = end if end <= END else None
                        reviews, r = [], add_days(icpc, rng.randint(80, 92))
                        while r <= (end or END):
                            reviews.append(r)
                            r = add_days(r, rng.randint(170, 185))
                        if child["plans"]:
                            prev = child["plans"] + rng.choice([0, 0, 1])
                        else:
                            prev = rng.choices([0, 1, 2], weights=[16, 3, 1])[0]
                        child["plans"] = prev + 1
                        init = rng.choice(ABUSE)
                        ep["plans"].append(dict(
                            start=icpc, end=end, init=init,
                            latest=init if rng.random() < 0.8 else rng.choice(ABUSE),
                            prev=prev, reviews=reviews))
                        last = max(last, end or END)
        if not any(p["end"] is None for p in ep["plans"]):
            c = add_days(last, rng.randint(10, 150))
            if c <= END:
                ep["closure"] = c
                ep["reason"] = rng.choice(["RC1", "RC2", "RC3", "RC4", "RC5", "RC6",
                                           "RC7"])
        return ep

    for (y, m) in MONTHS:
        for _ in range(rng.randint(4, 6)):
            ref = rand_date(rng, y, m)
            free = [c for c in children
                    if all(e["closure"] and e["closure"] < ref for e in c["episodes"])]
            child = rng.choice(free) if free and rng.random() < 0.2 else new_child(ref)
            make_episode(child, ref, nfa=rng.random() < 0.1)

    def counts():
        ev = cin_events(episodes)
        return {k: month_counts(v) for k, v in ev.items()}

    # top up any month short of 3 events of any measure with a compact chain
    while True:
        mc = counts()
        short = [ym for ym in MONTHS if any(mc[k][ym] < 3 for k in mc)]
        if not short:
            break
        y, m = short[0]
        make_episode(new_child(dt.date(y, m, 1)), dt.date(y, m, rng.randint(1, 3)),
                     full=True)

    # same-day second episodes (different CINdetailsID = two referrals)
    twins = []
    for target in [(2020, 3), (2020, 10)]:
        cands = [e for e in episodes if month_key(e["ref"]) == target and not e["nfa"]
                 and (target != (2020, 3) or e["closure"] is None
                      or e["closure"] > REF_2020)]
        base = rng.choice(cands)
        twin = make_episode(base["child"], base["ref"], nfa=True)
        twin["closure"] = base["ref"]
        twins.append((base, twin))

    episodes.sort(key=lambda e: (e["ref"], e["child"]["id"]))
    n = rng.randint(700000, 710000)
    for e in episodes:
        n += rng.randint(1, 7)
        e["id"] = str(n)
    for c in children:
        c["episodes"].sort(key=lambda e: (e["ref"], e["id"]))
    return children, episodes, twins


def cin_events(episodes):
    ev = OrderedDict([("referrals", []), ("assessments", []), ("s47-enquiries", []),
                      ("icpcs", []), ("cp-plan-starts", [])])
    for e in episodes:
        ev["referrals"].append(e["ref"])
        ev["assessments"] += [a["start"] for a in e["ass"]]
        ev["s47-enquiries"] += [s["start"] for s in e["s47"]]
        ev["icpcs"] += [s["icpc"] for s in e["s47"] if s["icpc"]]
        if e["cin_icpc"]:
            ev["icpcs"].append(e["cin_icpc"])
        ev["cp-plan-starts"] += [p["start"] for p in e["plans"]]
    return ev


def cin_view(e, upto):
    """The episode as a return with reference date `upto` records it."""
    def k(d):
        return d if d is not None and d <= upto else None
    return dict(
        id=e["id"], ref=e["ref"], source=e["source"], need=e["need"], nfa=e["nfa"],
        closure=k(e["closure"]), reason=e["reason"] if k(e["closure"]) else None,
        cin_icpc=k(e["cin_icpc"]),
        ass=[dict(a, auth=k(a["auth"]), review=k(a["review"]),
                  factors=a["factors"] if k(a["auth"]) else [])
             for a in e["ass"] if a["start"] <= upto],
        s47=[dict(s, icpc=k(s["icpc"])) for s in e["s47"] if s["start"] <= upto],
        plans=[dict(p, end=k(p["end"]), reviews=[r for r in p["reviews"] if r <= upto])
               for p in e["plans"] if p["start"] <= upto])


def cin_xml(children, year, refdate, episodes_in, compact, serial):
    B = (lambda v: "1" if v else "0") if compact else (lambda v: "true" if v else "false")
    msg = ET.Element("Message")
    hdr = ET.SubElement(msg, "Header")
    cd = ET.SubElement(hdr, "CollectionDetails")
    ET.SubElement(cd, "Collection").text = "CIN"
    ET.SubElement(cd, "Year").text = str(year)
    ET.SubElement(cd, "ReferenceDate").text = iso(refdate)
    src = ET.SubElement(hdr, "Source")
    for k, v in [("SourceLevel", "L"), ("LEA", "999"), ("SoftwareCode", "Local Authority"),
                 ("Release", "ver 3.1.21"), ("SerialNo", serial),
                 ("DateTime", f"{year}-05-1{serial[-1]}T10:15:0{serial[-1]}")]:
        ET.SubElement(src, k).text = v
    kids = ET.SubElement(msg, "Children")
    ids = {e["id"] for e in episodes_in}
    n_eps = 0
    for c in sorted(children, key=lambda c: c["id"]):
        eps = [e for e in c["episodes"] if e["id"] in ids]
        if not eps:
            continue
        ch = ET.SubElement(kids, "Child")
        ci = ET.SubElement(ch, "ChildIdentifiers")
        for k, v in [("LAchildID", c["id"]), ("UPN", c["upn"]),
                     ("PersonBirthDate", iso(c["dob"])), ("Sex", c["sex"])]:
            ET.SubElement(ci, k).text = v
        cc = ET.SubElement(ch, "ChildCharacteristics")
        ET.SubElement(cc, "Ethnicity").text = c["eth"]
        for e in eps:
            v = cin_view(e, refdate)
            n_eps += 1
            d = ET.SubElement(ch, "CINdetails")
            ET.SubElement(d, "CINdetailsID").text = v["id"]
            ET.SubElement(d, "CINreferralDate").text = iso(v["ref"])
            ET.SubElement(d, "ReferralSource").text = v["source"]
            ET.SubElement(d, "PrimaryNeedCode").text = v["need"]
            if v["closure"]:
                ET.SubElement(d, "CINclosureDate").text = iso(v["closure"])
                ET.SubElement(d, "ReasonForClosure").text = v["reason"]
            if v["cin_icpc"]:
                ET.SubElement(d, "DateOfInitialCPC").text = iso(v["cin_icpc"])
            ET.SubElement(d, "ReferralNFA").text = B(v["nfa"])
            for a in v["ass"]:
                ae = ET.SubElement(d, "Assessments")
                ET.SubElement(ae, "AssessmentActualStartDate").text = iso(a["start"])
                if a["review"]:
                    ET.SubElement(ae, "AssessmentInternalReviewDate").text = iso(a["review"])
                if a["auth"]:
                    ET.SubElement(ae, "AssessmentAuthorisationDate").text = iso(a["auth"])
                if a["factors"]:
                    fe = ET.SubElement(ae, "FactorsIdentifiedAtAssessment")
                    for f in a["factors"]:
                        ET.SubElement(fe, "AssessmentFactors").text = f
            for s in v["s47"]:
                se = ET.SubElement(d, "Section47")
                ET.SubElement(se, "S47ActualStartDate").text = iso(s["start"])
                ET.SubElement(se, "InitialCPCtarget").text = iso(s["target"])
                if s["icpc"]:
                    ET.SubElement(se, "DateOfInitialCPC").text = iso(s["icpc"])
                elif compact and not s["notreq"]:
                    ET.SubElement(se, "DateOfInitialCPC")      # empty element
                ET.SubElement(se, "ICPCnotRequired").text = B(s["notreq"])
            for p in v["plans"]:
                pe = ET.SubElement(d, "ChildProtectionPlans")
                ET.SubElement(pe, "CPPstartDate").text = iso(p["start"])
                if p["end"]:
                    ET.SubElement(pe, "CPPendDate").text = iso(p["end"])
                ET.SubElement(pe, "InitialCategoryOfAbuse").text = p["init"]
                ET.SubElement(pe, "LatestCategoryOfAbuse").text = p["latest"]
                ET.SubElement(pe, "NumberOfPreviousCPP").text = str(p["prev"])
                rv = ET.SubElement(pe, "Reviews")
                for r in p["reviews"]:
                    ET.SubElement(rv, "CPPreviewDate").text = iso(r)
    if not compact:
        ET.indent(msg, space="  ")
    body = ET.tostring(msg, encoding="unicode")
    decl = '<?xml version="1.0" encoding="utf-8"?>'
    return (decl + body) if compact else (decl + "\n" + body + "\n"), n_eps


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Council news: children and families</title>
    <link>https://www.example-council.gov.uk/news</link>
    <description>Latest news from children's services</description>
    <lastBuildDate>Tue, 06 Apr 2021 09:00:00 GMT</lastBuildDate>
    <item>
      <title>Foster carers needed in Ashby ward</title>
      <link>https://www.example-council.gov.uk/news/foster-carers-ashby</link>
      <pubDate>Mon, 06 Apr 2020 09:00:00 GMT</pubDate>
      <description>Councillor Margaret Thistlewood launches the spring fostering drive.</description>
    </item>
    <item>
      <title>Referral line opening hours over Easter</title>
      <link>https://www.example-council.gov.uk/news/easter-hours</link>
      <pubDate>Thu, 01 Apr 2021 12:30:00 GMT</pubDate>
      <description>The front door referral line is open 9-5 except bank holidays.</description>
    </item>
    <item>
      <title>Ofsted focused visit letter published</title>
      <link>https://www.example-council.gov.uk/news/ofsted-visit</link>
      <pubDate>Wed, 14 Oct 2020 15:00:00 GMT</pubDate>
      <description>Inspectors met social workers including Declan Fairbrother.</description>
    </item>
  </channel>
</rss>
"""


@case("cin-census-xml")
def gen_cin(name):
    rng = random.Random(2605)
    d = clean_case(name)
    mdir = case_dir(name, "modules")
    exp = Expected(name, "the CIN census return: two overlapping years of XML, and modules")
    children, episodes, twins = cin_generate(rng)

    in20 = [e for e in episodes if e["ref"] <= REF_2020]
    in21 = [e for e in episodes if e["closure"] is None or e["closure"] >= FY21_START]
    both = [e for e in in20 if e in in21]
    x20, n20 = cin_xml(children, 2020, REF_2020, in20, compact=False, serial="001")
    x21, n21 = cin_xml(children, 2021, END, in21, compact=True, serial="002")
    assert "\n" not in x21
    with open(os.path.join(d, "CIN_Census_2020.xml"), "w", encoding="utf-8") as f:
        f.write(x20)
    with open(os.path.join(d, "CIN_Census_2021.xml"), "w", encoding="utf-8") as f:
        f.write(x21)
    with open(os.path.join(d, "not_a_census.xml"), "w", encoding="utf-8") as f:
        f.write(RSS)
    # sanity: re-parse both and recount, independent of the generator's lists
    recount = OrderedDict((k, set()) for k in ["referrals", "assessments",
                                               "s47-enquiries", "icpcs",
                                               "cp-plan-starts"])
    for fn in ["CIN_Census_2020.xml", "CIN_Census_2021.xml"]:
        root = ET.parse(os.path.join(d, fn)).getroot()
        for det in root.iter("CINdetails"):
            i = det.findtext("CINdetailsID")
            recount["referrals"].add((i, det.findtext("CINreferralDate")))
            for a in det.findall("Assessments"):
                recount["assessments"].add((i, a.findtext("AssessmentActualStartDate")))
            for s in det.findall("Section47"):
                recount["s47-enquiries"].add((i, s.findtext("S47ActualStartDate")))
                if s.findtext("DateOfInitialCPC"):
                    recount["icpcs"].add((i, s.findtext("DateOfInitialCPC")))
            if det.findtext("DateOfInitialCPC"):
                recount["icpcs"].add((i, det.findtext("DateOfInitialCPC")))
            for p in det.findall("ChildProtectionPlans"):
                recount["cp-plan-starts"].add((i, p.findtext("CPPstartDate")))
    ev = cin_events(episodes)
    for k in ev:
        assert len(recount[k]) == len(ev[k]), (k, len(recount[k]), len(ev[k]))
        assert_monthly_minimum(name, k, ev[k])

    exp.file("CIN_Census_2020.xml", f"2019/20 return (Year 2020, ReferenceDate "
             f"2020-03-31), pretty-printed; {n20} CINdetails episodes (every episode "
             "open at some time in 2019/20), as recorded at 31/03/2020: events after "
             "that date are absent (an S47 whose conference was held in April 2020 has "
             "no DateOfInitialCPC here). Booleans `true`/`false`.")
    exp.file("CIN_Census_2021.xml", f"2020/21 return (Year 2021, ReferenceDate "
             f"2021-03-31), compact: the whole file is one line; {n21} episodes (every "
             "episode open at some time in 2020/21, with all their dates, including "
             "2019/20 events of episodes carried over). Booleans `1`/`0`; some Section47 "
             "elements have an empty `<DateOfInitialCPC/>` (no conference).")
    exp.file("not_a_census.xml", "an RSS news feed (not a CIN return). Must be refused.")

    # ---- module CSVs (the union: the same events)
    def w(fn, header, rows):
        write_lines(os.path.join(mdir, fn), [csv_line(header)]
                    + [csv_line(r) for r in rows])
    cind, ass, s47, cpp = [], [], [], []
    for e in sorted(episodes, key=lambda e: (e["child"]["id"], e["ref"], e["id"])):
        c = e["child"]["id"]
        cind.append([c, e["id"], dmy(e["ref"]), e["source"], e["need"],
                     dmy(e["closure"]), e["reason"] or "", dmy(e["cin_icpc"]),
                     "true" if e["nfa"] else "false"])
        for a in e["ass"]:
            ass.append([c, e["id"], dmy(e["ref"]), dmy(a["start"]), dmy(a["review"]),
                        dmy(a["auth"]), ";".join(a["factors"])])
        for s in e["s47"]:
            s47.append([c, e["id"], dmy(e["ref"]), dmy(s["start"]), dmy(s["target"]),
                        dmy(s["icpc"]), "true" if s["notreq"] else "false"])
        for p in e["plans"]:
            cpp.append([c, e["id"], dmy(e["ref"]), dmy(p["start"]), dmy(p["end"]),
                        p["init"], p["latest"], p["prev"]])
    w("CINdetails.csv", ["LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource",
                         "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                         "DateOfInitialCPC", "ReferralNFA"], cind)
    w("Assessments.csv", ["LAchildID", "CINdetailsID", "CINreferralDate",
                          "AssessmentActualStartDate", "AssessmentInternalReviewDate",
                          "AssessmentAuthorisationDate", "AssessmentFactors"], ass)
    w("Section47.csv", ["LAchildID", "CINdetailsID", "CINreferralDate",
                        "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                        "ICPCnotRequired"], s47)
    w("ChildProtectionPlans.csv", ["LAchildID", "CINdetailsID", "CINreferralDate",
                                   "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                                   "LatestCategoryOfAbuse", "NumberOfPreviousCPP"], cpp)
    w("Reviews.csv", ["LAchildID", "CINdetailsID", "CPPstartDate", "CPPreviewDate"], [])
    n_cin_icpc = sum(1 for e in episodes if e["cin_icpc"])
    exp.file("modules/CINdetails.csv", f"{len(cind)} rows, one per episode; "
             f"DateOfInitialCPC filled on {n_cin_icpc} rows, blank on the rest. "
             "Dates dd/mm/yyyy in all module files.")
    exp.file("modules/Assessments.csv", f"{len(ass)} rows.")
    exp.file("modules/Section47.csv", f"{len(s47)} rows; DateOfInitialCPC filled on "
             f"{sum(1 for r in s47 if r[5])}.")
    exp.file("modules/ChildProtectionPlans.csv", f"{len(cpp)} rows (NumberOfPreviousCPP "
             "included).")
    exp.file("modules/Reviews.csv", "header only, zero rows: must be read as an empty "
             "module (a note), not stop the folder.")

    # ---- figures
    def by_year(dates):
        yc = year_counts(dates)
        return f"2019/20: {yc['2019/20']}, 2020/21: {yc['2020/21']}"
    s47_icpc = [s["icpc"] for e in episodes for s in e["s47"] if s["icpc"]]
    cin_icpc = [e["cin_icpc"] for e in episodes if e["cin_icpc"]]
    plans = [p for e in episodes for p in e["plans"]]
    repeat = [p["start"] for p in plans if p["prev"] > 0]
    ev20 = cin_events([cin_view(e, REF_2020) | dict(child=e["child"]) for e in both])
    dup = {k: len(v) for k, v in ev20.items()}
    extra = [
        f"ICPCs by where the date is recorded: Section47/DateOfInitialCPC "
        f"{len(s47_icpc)} ({by_year(s47_icpc)}); CINdetails/DateOfInitialCPC only "
        f"{len(cin_icpc)} ({by_year(cin_icpc)}). No conference is recorded in both places.",
        f"CP plan starts that are second or subsequent (NumberOfPreviousCPP >= 1): "
        f"{len(repeat)} of {len(plans)} ({by_year(repeat)}; "
        f"{pct(sum(1 for x in repeat if year_of(x) == '2019/20'), sum(1 for p in plans if year_of(p['start']) == '2019/20'))} "
        f"of 2019/20 starts, "
        f"{pct(sum(1 for x in repeat if year_of(x) == '2020/21'), sum(1 for p in plans if year_of(p['start']) == '2020/21'))} "
        "of 2020/21 starts).",
        f"Episodes in both returns (open at 31/03/2020): {len(both)}. Events of those "
        "episodes that appear in BOTH files (counting them twice would add these): "
        + ", ".join(f"{k} {v}" for k, v in dup.items()) + ".",
    ]
    tw = "; ".join(f"child {b['child']['id']}: CINdetailsID {b['id']} and {t['id']} "
                   f"both referred {dmy(b['ref'])}" for b, t in twins)
    wrong = [
        f"referrals = {len(ev['referrals']) - len(twins)}: the {len(twins)} same-day "
        f"second episodes collapsed ({tw})",
        f"icpcs = {len(cin_icpc)} or {len(s47_icpc)} (only one of the two places read); "
        f"correct is {len(ev['icpcs'])}",
        "any 2019/20 figure inflated by the episodes carried into the 2021 return "
        f"(referrals +{dup['referrals']}, assessments +{dup['assessments']}, ...)",
        "'cannot tell which measure this file holds' for a census XML",
    ]
    measures = ev
    exp.intro = ["DfE CIN census returns for 2019/20 and 2020/21 (element names from the",
                 "published schema, no namespace). Each event is counted once across both",
                 "returns: referrals = CINdetails episodes by CINreferralDate (identity",
                 "CINdetailsID), assessments by AssessmentActualStartDate, S47s by",
                 "S47ActualStartDate, ICPCs by DateOfInitialCPC from Section47 OR CINdetails,",
                 "CP plan starts by CPPstartDate (identity: CINdetailsID + date)."]
    exp.scenario("both XML returns", ["CIN_Census_2020.xml", "CIN_Census_2021.xml"],
                 "exit 0 with these figures, de-duplicated across the two returns (a note "
                 f"that {len(both)} episodes appear in both)", measures,
                 extra=extra, wrong=wrong,
                 notes=[f"same-day episodes: {tw}. Two referrals each."])
    only20 = {k: [x for x in v if x <= REF_2020] for k, v in ev.items()}
    exp.scenario("the 2020 return alone", ["CIN_Census_2020.xml"],
                 "exit 0; 2019/20 figures as below; 2020/21 has no data (coverage ends "
                 "31/03/2020), not a real zero", OrderedDict(only20))
    exp.scenario("the modules folder", ["modules/"],
                 "exit 0 with the SAME figures as both XML returns; ICPCs from BOTH "
                 "Section47.csv and CINdetails.csv's DateOfInitialCPC; Reviews.csv "
                 "noted as empty (zero rows), not an error", measures,
                 wrong=[f"icpcs = {len(cin_icpc)} (CINdetails.csv taken as the ICPC file "
                        "and Section47's conference dates demoted to context)",
                        "exit 1 because Reviews.csv has no rows",
                        f"referrals = {len(ev['referrals']) - len(twins)} (same-day "
                        "episodes collapsed)"])
    exp.scenario("not_a_census.xml alone", ["not_a_census.xml"],
                 "a clear refusal (non-zero exit) that says the file is not a CIN census "
                 "return and what it looks like (an RSS feed: root element `rss`), NOT "
                 "'write MEASURE=...' advice; nothing from the feed's text printed")
    exp.scenario("the whole case folder", [f"{name}/"],
                 "either the XML figures above with the non-census XML refused/skipped "
                 "with a note naming `not_a_census.xml`, or a clear refusal naming it; if "
                 "`modules/` is also read, it duplicates the XML returns and must merge by "
                 "identity (same figures, not doubled). Never silently counted dates from "
                 "the RSS feed.")
    exp.never_appear(["Margaret Thistlewood", "Thistlewood", "Declan Fairbrother",
                      "Fairbrother", "Foster carers needed in Ashby ward"],
                     "text from the RSS feed (names, titles)")
    c0 = children[0]
    exp.never_appear([c0["id"], c0["upn"]], "row values (child ID, UPN)")
    exp.never_pattern(r"\bK\d{7}\b", "LAchildIDs")
    exp.never_pattern(r"\b[A-N]999\d{9}\b", "UPNs")
    exp.write()


# ======================================================================
# 6. SSD: ICPC outcome from icpc_icpc_outcome_cp_flag; pre-2024 link name
# ======================================================================
SSD_COMMENTS = [
    "Mother (Kelly Hughes) agreed to the safety plan",
    "Dad Gary Pritchard did not attend",
    "Plan agreed; school (St Aidan's) to monitor attendance",
    "Grandmother Mrs Evans to share care",
]


@case("ssd-icpc-flag")
def gen_ssd(name):
    rng = random.Random(2606)
    d = clean_case(name)
    exp = Expected(name, "SSD tables: ICPC plan outcome from the flag, pre-2024 plan link")
    persons = iter(unique_ids(rng, "", 6, 800, lo=400000))
    icpcs, plans = [], []
    for (y, m) in MONTHS:
        n = rng.randint(4, 6)
        n_yes = rng.randint(3, n - 1)
        flags = ["Y"] * n_yes + ["N"] * (n - n_yes)
        rng.shuffle(flags)
        for f in flags:
            date = rand_date(rng, y, m)
            s47 = max(START, add_days(date, -rng.randint(3, 20)))
            comment = rng.choice(SSD_COMMENTS) if rng.random() < 0.25 else ""
            ic = dict(date=date, target=add_working_days(s47, 15), flag=f,
                      person=next(persons), comment=comment,
                      team=rng.choice(["Safeguarding North", "Safeguarding South",
                                       "Child Protection Hub"]),
                      worker=f"{rng.randint(1000, 9999)}")
            icpcs.append(ic)
            if f == "Y":
                plans.append(dict(icpc=ic, person=ic["person"], start=date))
        # now and then a plan with no conference link (transfer in)
        if rng.random() < 0.25:
            plans.append(dict(icpc=None, person=next(persons),
                              start=rand_date(rng, y, m)))
    icpcs.sort(key=lambda i: i["date"])
    n = rng.randint(30000, 31000)
    for i in icpcs:
        n += rng.randint(1, 9)
        i["id"] = str(n)
    plans.sort(key=lambda p: p["start"])
    n = rng.randint(52000, 53000)
    r = rng.randint(880000, 890000)
    for p in plans:
        n += rng.randint(1, 5)
        r += rng.randint(10, 90)
        p["id"] = str(n)
        p["ref"] = str(r)
        end = add_days(p["start"], rng.randint(60, 500))
        p["end"] = end if end <= END else None
        p["init"] = rng.choice(["Neglect", "Emotional abuse", "Physical abuse",
                                "Sexual abuse", "Multiple"])
        p["latest"] = p["init"] if rng.random() < 0.8 else "Neglect"

    def outcome_json(i):
        o = OrderedDict([("OUTCOME_NFA_FLAG", "N" if i["flag"] == "Y" else "Y"),
                         ("OUTCOME_REFERRAL_FLAG", "N"),
                         ("OUTCOME_SINGLE_ASSESSMENT_FLAG", "N"),
                         ("OUTCOME_PROV_OF_SERVICES_FLAG",
                          "N" if i["flag"] == "Y" else rng.choice("YN")),
                         ("OUTCOME_CP_FLAG", i["flag"]),
                         ("OTHER_OUTCOMES_EXIST_FLAG", "N"),
                         ("TOTAL_NO_OF_OUTCOMES", 1),
                         ("OUTCOME_COMMENTS", i["comment"])])
        return json.dumps(o)

    h1 = ["icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_referral_id", "icpc_person_id",
          "icpc_cp_plan_id", "icpc_icpc_target_date", "icpc_icpc_date",
          "icpc_icpc_outcome_cp_flag", "icpc_icpc_outcome_json", "icpc_icpc_team",
          "icpc_icpc_worker_id"]
    rows1 = [[i["id"], "", "", "", "", iso(i["target"]), iso(i["date"]), i["flag"],
              outcome_json(i), i["team"], i["worker"]] for i in icpcs]
    h2 = ["cppl_cp_plan_id", "cppl_referral_id", "cppl_initial_cp_conference_id",
          "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date",
          "cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"]
    rows2 = [[p["id"], p["ref"], p["icpc"]["id"] if p["icpc"] else "", p["person"],
              iso(p["start"]), iso(p["end"]), p["init"], p["latest"]] for p in plans]
    write_lines(os.path.join(d, "ssd_initial_cp_conference.csv"),
                [csv_line(h1)] + [csv_line(r) for r in rows1], newline="\n")
    write_lines(os.path.join(d, "ssd_cp_plans.csv"),
                [csv_line(h2)] + [csv_line(r) for r in rows2], newline="\n")
    exp.file("ssd_initial_cp_conference.csv", f"{len(rows1)} conferences. The link "
             "columns icpc_s47_enquiry_id, icpc_referral_id, icpc_person_id and "
             "icpc_cp_plan_id are EMPTY on every row. icpc_icpc_outcome_cp_flag is Y/N; "
             "icpc_icpc_outcome_json is a JSON object (quoted, with commas) whose "
             "OUTCOME_COMMENTS is free text on some rows. Dates ISO yyyy-mm-dd; LF "
             "line ends.")
    exp.file("ssd_cp_plans.csv", f"{len(rows2)} plans, with the pre-2024 link column "
             "`cppl_initial_cp_conference_id` (filled for the plans that followed a "
             f"conference with flag Y; blank for {sum(1 for p in plans if not p['icpc'])} "
             "transferred-in plans).")

    idates = [i["date"] for i in icpcs]
    ydates = [i["date"] for i in icpcs if i["flag"] == "Y"]
    pdates = [p["start"] for p in plans]
    assert_monthly_minimum(name, "icpcs", idates)
    assert_monthly_minimum(name, "cp-plan-starts", pdates)
    qi, qy = quarter_counts(idates), quarter_counts(ydates)
    yi, yy = year_counts(idates), year_counts(ydates)
    share = ["ICPCs resulting in a CP plan (by icpc_icpc_outcome_cp_flag = Y):", "",
             "| period | resulting in a plan | share |", "|---|---|---|"]
    for q in QUARTERS:
        share.append(f"| {q} | {qy[q]} of {qi[q]} | {pct(qy[q], qi[q])} |")
    for y in YEARS:
        share.append(f"| {y} | **{yy[y]} of {yi[y]}** | **{pct(yy[y], yi[y])}** |")
    share.append("")
    share.append(f"Whole period: {len(ydates)} of {len(idates)} "
                 f"({pct(len(ydates), len(idates))}).")
    exp.intro = ["Standard Safeguarding Dataset (SSD) extracts. The conference table's",
                 "link columns are all empty, so the share of ICPCs resulting in a plan",
                 "must come from icpc_icpc_outcome_cp_flag (the note should say so). The",
                 "plans table uses the pre-2024 name cppl_initial_cp_conference_id."]
    exp.scenario("both SSD tables (the folder)", [f"{name}/"],
                 "exit 0 with these figures", OrderedDict([("icpcs", idates),
                                                           ("cp-plan-starts", pdates)]),
                 extra=share,
                 notes=["cp-plan-starts counts every plan row by cppl_cp_plan_start_date "
                        "(identity cppl_cp_plan_id), including the transferred-in plans "
                        "that have no conference link.",
                        "The plans' cppl_initial_cp_conference_id agrees with the flag: "
                        "every Y conference has exactly one plan linked to it, starting "
                        "the same day; no N conference has one.",
                        "icpc_person_id is empty: ICPC *children* counts are not "
                        "available from this table (should be said, not shown as 0)."],
                 wrong=["'0% resulting in a plan' or 0 of N",
                        "the plan share computed against plan rows instead of "
                        "conferences", "cppl_initial_cp_conference_id reported as an "
                        "unrecognised column with the plan link lost"])
    exp.scenario("the conference table alone", ["ssd_initial_cp_conference.csv"],
                 "exit 0; ICPCs as above and the same share by the flag",
                 OrderedDict([("icpcs", idates)]), extra=share[:2 + 2 + len(QUARTERS) + 2])
    exp.never_appear(SSD_COMMENTS + ["Kelly Hughes", "Hughes", "Gary Pritchard",
                                     "Pritchard", "St Aidan", "Mrs Evans"],
                     "free text in icpc_icpc_outcome_json (OUTCOME_COMMENTS)")
    exp.never_appear([icpcs[0]["id"], plans[0]["person"]], "row values (IDs)")
    exp.never_pattern(r"OUTCOME_COMMENTS", "raw JSON from a row")
    exp.write()


# ======================================================================
# 7. Privacy traps: free-text worktray, a name column, an all-bad date column
# ======================================================================
WORKTRAY_TITLES = [
    "Visit - Brown family", "Phone call to Mrs Patel", "Case Note",
    "Home visit - Jayden Whitmore", "Text from Chloe's mum", "Chase GP for Amir Haddad",
    "Supervision notes (Lewis Grant)", "Court bundle for Riley-Mae",
    "Letter to Mr & Mrs Kowalczyk", "Meeting with Hollybrook Academy re Noah",
    "Emergency duty call - Nowak household", "Drop in at 14 Larch Close",
]
WORKTRAY_WORKERS = ["Hannah Ellery", "Kwame Boateng", "Siobhan Doherty",
                    "Gareth Pennington", "Yasmin Chowdhury"]
CHILD_FIRST = ["Olivia", "Muhammad", "Isla", "Oscar", "Ava", "Leo", "Freya", "Alfie",
               "Zainab", "Theo", "Poppy", "Kacper", "Ruby", "Ibrahim", "Maisie",
               "Finley", "Esme", "Jamal", "Lily", "Harvey"]
CHILD_LAST = ["Thornbury", "Achterberg", "Quigley", "Mbatha", "Featherstone",
              "Okoro", "Dunmore", "Sandoval", "Wickham", "Przybylski", "Lindqvist",
              "Ravensworth"]
BAD_DATES = ["sometime in April", "2020/13/45", "TBC", "31/02/2020", "early May?",
             "N/K", "45/45/2019", "see case notes", "2019-00-12", "Autumn term",
             "32/01/2020", "not recorded", "20201301", "last week", "13/13/13"]


@case("privacy-traps")
def gen_privacy(name):
    rng = random.Random(2607)
    d = clean_case(name)
    exp = Expected(name, "no value from a row, ever: free-text steps, names, bad dates")
    persons = iter(unique_ids(rng, "", 7, 1500, lo=2000000))

    # -- worktray: Step is free text except 3-4 'Referral' rows a month
    rows = []
    for (y, m) in MONTHS:
        for _ in range(rng.randint(3, 4)):
            rows.append([next(persons), "Referral", rand_date(rng, y, m),
                         rng.choice(WORKTRAY_WORKERS)])
        for _ in range(rng.randint(5, 7)):
            rows.append([next(persons), rng.choice(WORKTRAY_TITLES),
                         rand_date(rng, y, m), rng.choice(WORKTRAY_WORKERS)])
    rows.sort(key=lambda r: (r[2], r[0]))
    write_lines(os.path.join(d, "worktray.csv"),
                [csv_line(["Person ID", "Step", "Step Date", "Worker"])]
                + [csv_line([r[0], r[1], dmy(r[2]), r[3]]) for r in rows])
    refs = [r[2] for r in rows if r[1] == "Referral"]
    free = [r for r in rows if r[1] != "Referral"]
    n_free_distinct = len(set(r[1] for r in free))
    assert_monthly_minimum(name, "referrals", refs)
    exp.file("worktray.csv", f"Person ID, Step, Step Date, Worker; {len(rows)} rows. "
             f"Step is 'Referral' on {len(refs)} rows; the other {len(free)} rows hold "
             f"{n_free_distinct} distinct free-text titles (names of children, parents, "
             "schools, an address). Dates dd/mm/yyyy.")

    # -- children list with a name column
    kids = []
    used = set()
    for (y, m) in MONTHS:
        for _ in range(rng.randint(3, 5)):
            while True:
                nm = f"{rng.choice(CHILD_FIRST)} {rng.choice(CHILD_LAST)}"
                if nm not in used:
                    used.add(nm)
                    break
            kids.append([nm, f"CH{rng.randint(100000, 999999)}", rand_date(rng, y, m)])
    kids.sort(key=lambda k: k[2])
    assert len(set((k[1], k[2]) for k in kids)) == len(kids)
    write_lines(os.path.join(d, "children list.csv"),
                [csv_line(["Child Name", "Child ID", "Referral Date"])]
                + [csv_line([k[0], k[1], dmy(k[2])]) for k in kids])
    kdates = [k[2] for k in kids]
    assert_monthly_minimum(name, "referrals", kdates)
    exp.file("children list.csv", f"Child Name, Child ID, Referral Date; {len(kids)} "
             "rows, every child name distinct.")

    # -- bad referral dates
    bad = [[f"CH{rng.randint(100000, 999999)}", BAD_DATES[i % len(BAD_DATES)]]
           for i in range(30)]
    write_lines(os.path.join(d, "bad referral dates.csv"),
                [csv_line(["Child ID", "Referral Date"])] + [csv_line(r) for r in bad])
    exp.file("bad referral dates.csv", f"Child ID, Referral Date; {len(bad)} rows; NO "
             "Referral Date value is a valid date (free text, impossible days/months, "
             "ambiguous placeholders).")

    exp.intro = ["Three files built to leak row values. Whatever the tool does with",
                 "them, no value listed at the bottom may appear in any output."]
    exp.scenario("worktray.csv alone", ["worktray.csv"],
                 "exit 0; referrals from the 'Referral' steps only; the free-text rows "
                 f"reported only as counts ({len(free)} rows, {n_free_distinct} distinct "
                 "values matched no stage, map with `--type MEASURE=VALUE`), never listed; "
                 "same with `-q`, in `inspect`, and in HTML/Word/Excel/JSON outputs. "
                 "`inspect --show-type-values` may list them on the terminal only.",
                 OrderedDict([("referrals", refs)]),
                 wrong=[f"any free-text title printed (with or without a count)",
                        f"referrals = {len(rows)} (every row counted)"])
    exp.scenario("children list.csv alone", ["children list.csv"],
                 "exit 0; referrals by Referral Date (identity Child ID + date: no "
                 "collapse); the Child Name column treated as personal, never printed",
                 OrderedDict([("referrals", kdates)]),
                 notes=["`--by \"Child Name\"` and `--type-column \"Child Name\"` must "
                        "both be refused as personal columns (non-zero exit, no values "
                        "printed)."],
                 wrong=["any child name printed", "`--type-column \"Child Name\"` "
                        "accepted and its values listed"])
    exp.scenario("bad referral dates.csv alone", ["bad referral dates.csv"],
                 f"exit 1 naming the file `bad referral dates.csv` and the column "
                 f"`Referral Date`, saying all {len(bad)} rows were rejected (formats seen "
                 "may be described, e.g. 'free text', but NO value is printed). Not a "
                 "0/0 table with exit 0.",
                 wrong=["exit 0 with a table of zeros",
                        "any of the bad values printed (e.g. 'sometime in April', "
                        "'2020/13/45')"])
    exp.scenario("the whole folder", [f"{name}/"],
                 "exit 1 because `bad referral dates.csv` yields nothing (naming it and "
                 "its column), or the other two files counted with that file refused "
                 "loudly; in either case nothing listed below is printed.")
    exp.never_appear(WORKTRAY_TITLES, "free-text worktray titles")
    exp.never_appear(["Brown", "Patel", "Jayden", "Whitmore", "Chloe", "Amir Haddad",
                      "Haddad", "Lewis Grant", "Riley-Mae", "Kowalczyk", "Hollybrook",
                      "Noah", "Nowak", "Larch Close"], "names inside worktray titles")
    exp.never_appear(WORKTRAY_WORKERS + [w.split()[1] for w in WORKTRAY_WORKERS],
                     "worker names")
    exp.never_appear(sorted(set(k[0] for k in kids)), "child names (Child Name column)")
    exp.never_appear(CHILD_LAST, "child surnames")
    exp.never_appear(BAD_DATES, "bad date values")
    exp.never_appear([rows[0][0], kids[0][1], bad[0][0]], "row values (IDs)")
    exp.never_pattern(r"\bCH\d{6}\b", "Child IDs")
    exp.write()


# ======================================================================
# 8. Two generic 'Date' columns: refuse unless one is chosen
# ======================================================================
@case("two-date-columns")
def gen_two_dates(name):
    rng = random.Random(2608)
    d = clean_case(name)
    exp = Expected(name, "a tracker with two columns both headed 'Date'")
    rows = []
    children = iter(unique_ids(rng, "T", 5, 500))
    for (y, m) in MONTHS:
        for k in range(rng.randint(3, 5)):
            if k < 3:     # the first 3 a month stay within the month
                cdate = rand_date(rng, y, m)
                rdate = min(month_end(y, m),
                            add_days(cdate, rng.choice([0, 0, 1, 2, 3, 5, 8, 12])))
            else:         # late-month contacts referred next month
                cdate = rand_date(rng, y, m, lo=add_days(month_end(y, m), -7))
                rdate = min(END, add_days(cdate, rng.randint(8, 14)))
            rows.append(dict(child=next(children), c=cdate, r=rdate,
                             team=rng.choice(TEAMS),
                             outcome=rng.choice(["Assessment", "NFA", "Early Help",
                                                 "Strategy discussion"])))
    rows.sort(key=lambda r: r["c"])
    cdates = [r["c"] for r in rows]
    rdates = [r["r"] for r in rows]
    assert_monthly_minimum(name, "first Date", cdates)
    assert_monthly_minimum(name, "second Date", rdates)
    h = ["Child ID", "Date", "Team", "Date", "Outcome"]
    write_lines(os.path.join(d, "Referrals tracker.csv"),
                [csv_line(h)] + [csv_line([r["child"], dmy(r["c"]), r["team"],
                                           dmy(r["r"]), r["outcome"]]) for r in rows])
    exp.file("Referrals tracker.csv", f"header `{','.join(h)}`, {len(rows)} rows. The "
             "first Date (column B) is the contact date, the second (column D) the "
             "referral date, 0-12 days later. dd/mm/yyyy.")
    xn = "Referrals tracker.xlsx"
    if xlsx_ok(exp, xn):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Tracker"
        ws.append(h)
        for r in rows:
            ws.append([r["child"], xl_dt(r["c"]), r["team"], xl_dt(r["r"]),
                       r["outcome"]])
        for row in ws.iter_rows(min_row=2):
            row[1].number_format = row[3].number_format = "dd/mm/yyyy"
        save_xlsx(wb, os.path.join(d, xn))
        exp.file(xn, "the same rows on sheet `Tracker`, header in row 1, Excel dates.")
    diff = [q for q in QUARTERS
            if quarter_counts(cdates)[q] != quarter_counts(rdates)[q]]
    assert diff
    exp.intro = ["Both date columns are headed just `Date`. Without `--date-column` the",
                 "tool cannot know which is the referral date and must refuse, naming",
                 "both columns (e.g. `Date` in column 2/B and `Date` in column 4/D)."]
    for fn in ["Referrals tracker.csv"] + ([xn] if openpyxl else []):
        exp.scenario(f"{fn} alone, no options", [fn],
                     "a refusal (non-zero exit) naming BOTH `Date` columns (by position "
                     "or letter) and suggesting `--date-column`; no figures",
                     wrong=[f"exit 0 with referrals counted from the first Date column "
                            "(the contact date): per quarter "
                            + ", ".join(f"{q}: {n}" for q, n in
                                        quarter_counts(cdates).items()),
                            "a table from either column without a choice having been "
                            "made"])
    exp.scenario("with `--date-column` choosing the SECOND Date (column 4 / D)",
                 ["Referrals tracker.csv", "Referrals tracker.xlsx"],
                 "exit 0 for EACH file run on its own (CSV or workbook: the same "
                 "figures); referrals as below (identity Child ID + date; no collapse)",
                 OrderedDict([("referrals", rdates)]))
    exp.scenario("with `--date-column` choosing the FIRST Date (column 2 / B)",
                 ["Referrals tracker.csv", "Referrals tracker.xlsx"],
                 "exit 0 for each file alone; whatever measure the user asked for, "
                 "counted by the contact "
                 "date, as below. The figures differ from the second column in "
                 f"{len(diff)} quarters ({', '.join(diff)}), so the choice is visible.",
                 OrderedDict([("events by first Date", cdates)]))
    exp.never_appear([rows[0]["child"], rows[-1]["child"]], "row values (IDs)")
    exp.never_pattern(r"\bT\d{5}\b", "Child IDs")
    exp.write()


# === END OF CASES ===


def main(argv):
    wanted = argv[1:] or list(CASES)
    for n in wanted:
        if n not in CASES:
            sys.exit(f"unknown case {n}; known: {', '.join(CASES)}")
        CASES[n](n)
        print(f"wrote {n}")


if __name__ == "__main__":
    main(sys.argv)
