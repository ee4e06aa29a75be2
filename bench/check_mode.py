"""Checks that cscstats and DuckDB give the same figures for one mode: reads cscstats's CSV
(compare or monthly) and duckdb_modes.py's CSV and exits 1 on any difference.

    python check_mode.py MODE CSCSTATS.csv DUCKDB.csv"""
import csv
import sys

mode, ours_path, theirs_path = sys.argv[1:4]
with open(theirs_path, newline="", encoding="utf-8") as f:
    theirs = {r["key"]: (r["baseline"], r["current"]) for r in csv.DictReader(f)}
ours = {}
if mode == "rates":
    import json

    row = next(r for r in json.load(open(ours_path))["rows"] if r["measure"] == "s47-to-icpc-pct")
    for part in ("numerator", "denominator"):
        ours[part] = (str(row[f"baseline_{part}"]), str(row[f"current_{part}"]))
    mode = "done"
with open(ours_path, newline="", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f) if mode != "done" else []:
        if mode == "monthly-children":
            ours[r["month"]] = ("", r["count"])
        elif mode in ("by", "dedupe-by"):
            if r.get("group"):
                ours[r["group"]] = (r["baseline"], r["current"])
        else:
            ours[r.get("unit") or "events"] = (r["baseline"], r["current"])
if ours != theirs:
    print(f"{sys.argv[1]}: cscstats and DuckDB differ\n  cscstats: {ours}\n  duckdb:   {theirs}")
    sys.exit(1)
print(f"{sys.argv[1]}: the same ({len(ours)} figures)")
