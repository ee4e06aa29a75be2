"""Prints the benchmark as a Markdown table: medians, ratios to cscstats, peak memory."""
import json
import sys

results = json.load(open(sys.argv[1]))["results"]
rss = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip())
ours = next(r["median"] for r in results if r["command"] == "cscstats")
print("| command | median | min | max | vs cscstats | peak RSS |")
print("|---|---:|---:|---:|---:|---:|")
for r in results:
    name = r["command"]
    kib = int(rss.get(name, "0"))
    print(f"| {name} | {r['median']:.3f} s | {r['min']:.3f} s | {r['max']:.3f} s | "
          f"{r['median'] / ours:.2f}x | {kib / 1024:.1f} MiB |")
