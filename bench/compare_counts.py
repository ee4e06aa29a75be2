"""Checks that cscstats' monthly CSV and DuckDB's counts agree for every month."""
import csv
import sys

ours = {r["month"]: int(r["count"]) for r in csv.DictReader(open(sys.argv[1]))}
theirs = {r["month"]: int(r["count"]) for r in csv.DictReader(open(sys.argv[2]))}
months = sorted(set(ours) | set(theirs))
wrong = [m for m in months if ours.get(m, 0) != theirs.get(m, 0)]
if wrong:
    for m in wrong[:10]:
        print(f"{m}: cscstats {ours.get(m, 0)}, duckdb {theirs.get(m, 0)}")
    sys.exit(f"counts differ in {len(wrong)} of {len(months)} months")
print(f"identical: {len(months)} months, {sum(ours.values())} events")
