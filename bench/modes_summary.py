"""Prints the modes benchmark as a Markdown table: cscstats and DuckDB medians, the ratio,
and both peak memories."""
import json
import sys

print("| mode | cscstats | DuckDB | DuckDB ÷ cscstats | cscstats peak RSS | DuckDB peak RSS |")
print("|---|---:|---:|---:|---:|---:|")
for line in open(sys.argv[1]):
    name, path, ours_kb, theirs_kb = line.rstrip("\n").split("\t")
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    ours, theirs = results["cscstats"]["median"], results["duckdb"]["median"]
    print(f"| {name} | {ours:.3f} s | {theirs:.3f} s | {theirs / ours:.2f}x | "
          f"{int(ours_kb) / 1024:.1f} MiB | {int(theirs_kb) / 1024:.1f} MiB |")
