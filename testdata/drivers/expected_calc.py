#!/usr/bin/env python3
"""Independently compute expected.json by parsing referrals.csv back."""
import csv, json, datetime as dt
from collections import Counter

with open("referrals.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
hi = next(i for i, r in enumerate(rows) if "Date of referral" in r)
hdr = rows[hi]; di = hdr.index("Date of referral"); si = hdr.index("Referral Source")
base, cur, outside = Counter(), Counter(), 0
for r in rows[hi + 1:]:
    if not any(c.strip() for c in r): continue
    d = dt.datetime.strptime(r[di].strip().split(" ")[0], "%d/%m/%Y").date()
    s = r[si].strip()
    if dt.date(2019, 4, 1) <= d <= dt.date(2019, 9, 30): base[s] += 1
    elif dt.date(2020, 4, 1) <= d <= dt.date(2020, 9, 30): cur[s] += 1
    else: outside += 1
B, C = sum(base.values()), sum(cur.values()); T = C - B
groups = {}
for g in sorted(set(base) | set(cur), key=lambda g: (cur[g] - base[g], g)):
    ch = cur[g] - base[g]
    groups[g] = {"baseline": base[g], "current": cur[g], "change": ch,
                 "share": round(ch / T, 4),
                 "withheld_under_suppress_5": any(1 <= n <= 5 for n in (base[g], cur[g]))}
out = {"command": 'cscstats compare --period 2020-21:Q1-Q2 --by "Referral Source" referrals.csv',
       "baseline_period": "2019-04-01..2019-09-30", "current_period": "2020-04-01..2020-09-30",
       "measure": "referrals", "baseline": B, "current": C, "change": T,
       "percent_change": round(100 * T / B, 2),
       "data_rows": len(rows) - hi - 1, "rows_outside_both_periods": outside,
       "groups": groups}
ws = [g for g, v in groups.items() if v["withheld_under_suppress_5"]]
oc = sum(groups[g]["change"] for g in ws)
out["suppress_5"] = {"withheld_groups": ws, "other_groups_change": oc,
                     "other_groups_share": round(oc / T, 4)}
json.dump(out, open("expected.json", "w"), indent=2, ensure_ascii=False)
print(json.dumps(out, indent=2, ensure_ascii=False))
