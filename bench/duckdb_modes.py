"""The figures of one cscstats mode, computed by DuckDB from a generated List 1 file: the
queries a data-savvy analyst would write. Prints CSV (key,baseline,current) for the checker,
or, with --time, runs the query only (for hyperfine).

    python duckdb_modes.py MODE FILE [--time]

MODE: plain, children, both, dedupe, by, dedupe-by (compare 2019-20 against 2018-19),
monthly-children (distinct children in each month of 2019-20), or rates (on a List 5 file:
Section 47 enquiries and those followed by a conference, by the enquiry's year)."""
import csv
import sys

import duckdb

mode, path = sys.argv[1], sys.argv[2]
timing = "--time" in sys.argv

rows = f"""
    SELECT "Child Unique ID" AS child, "Contact Source" AS source,
        coalesce(
            try_strptime("Date of Contact", '%d/%m/%Y'),
            try_strptime("Date of Contact", '%d/%m/%Y %H:%M:%S')
        )::DATE AS d
    FROM read_csv('{path}', header = true, all_varchar = true)
"""
year = """CASE WHEN d BETWEEN DATE '2019-04-01' AND DATE '2020-03-31' THEN 'current'
               WHEN d BETWEEN DATE '2018-04-01' AND DATE '2019-03-31' THEN 'baseline' END"""
queries = {
    "plain": f"SELECT 'events', {year} AS y, count(*) FROM ({rows}) GROUP BY ALL",
    "children": f"SELECT 'children', {year} AS y, count(DISTINCT child) FROM ({rows}) GROUP BY ALL",
    "both": f"""SELECT 'events', {year} AS y, count(*) FROM ({rows}) GROUP BY ALL
        UNION ALL SELECT 'children', {year} AS y, count(DISTINCT child) FROM ({rows}) GROUP BY ALL""",
    "dedupe": f"""SELECT 'events', {year} AS y, count(DISTINCT (child, d, source))
        FROM ({rows}) GROUP BY ALL""",
    "by": f"SELECT source, {year} AS y, count(*) FROM ({rows}) GROUP BY ALL",
    "dedupe-by": f"""SELECT source, {year} AS y, count(DISTINCT (child, d, source))
        FROM ({rows}) GROUP BY ALL""",
    "monthly-children": f"""SELECT strftime(d, '%Y-%m'), 'current', count(DISTINCT child) FROM ({rows})
        WHERE d BETWEEN DATE '2019-04-01' AND DATE '2020-03-31' GROUP BY ALL""",
}
list5 = f"""
    SELECT coalesce(
            try_strptime("Strategy discussion initiating Section 47 Enquiry Start Date", '%d/%m/%Y'),
            NULL)::DATE AS d,
        try_strptime("Date of Initial Child Protection Conference", '%d/%m/%Y')::DATE AS held
    FROM read_csv('{path}', header = true, all_varchar = true)
"""
queries["rates"] = f"""SELECT 'denominator', {year} AS y, count(*) FROM ({list5}) GROUP BY ALL
    UNION ALL SELECT 'numerator', {year} AS y, count(held) FROM ({list5}) GROUP BY ALL"""
result = duckdb.sql(queries[mode]).fetchall()
if timing:
    sys.exit(0)
figures = {}
for key, span, n in result:
    if span is not None:
        figures.setdefault(key, {})[span] = n
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["key", "baseline", "current"])
for key in sorted(figures):
    out.writerow([key, figures[key].get("baseline", ""), figures[key].get("current", "")])
