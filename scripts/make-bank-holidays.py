#!/usr/bin/env python3
"""Writes assets/bank-holidays-england-and-wales.csv: bank holidays in England and Wales,
2010 to 2030, for working-day timeliness (ICPC within 15 working days, assessments within 45).

Rules (Banking and Financial Dealings Act 1971 and royal proclamations, as listed on GOV.UK's
"UK bank holidays" page): New Year's Day, Good Friday, Easter Monday, the early May bank
holiday (first Monday in May), the spring bank holiday (last Monday in May), the summer bank
holiday (last Monday in August), Christmas Day and Boxing Day; a holiday on a weekend is moved
to the next weekday not already a holiday (the substitute day). One-off changes in these years:
  2011-04-29  royal wedding
  2012-06-04  spring bank holiday moved from 28 May; 2012-06-05 Queen's Diamond Jubilee
  2020-05-08  early May bank holiday moved from 4 May (VE Day 75)
  2022-06-02  spring bank holiday moved from 30 May; 2022-06-03 Queen's Platinum Jubilee
  2022-09-19  State Funeral of Queen Elizabeth II
  2023-05-08  coronation of King Charles III
Future years follow the rules; a proclamation changing them needs a new row (or --holidays).
"""
import datetime as dt

def easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)

def first_monday(y, m):
    d = dt.date(y, m, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)

def last_monday(y, m):
    d = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    return d - dt.timedelta(days=d.weekday())

rows = []
for y in range(2010, 2031):
    days = []
    def add(d, name):
        while d.weekday() >= 5 or d in [x for x, _ in days]:
            d += dt.timedelta(days=1)
        days.append((d, name))
    add(dt.date(y, 1, 1), "New Year's Day" + ("" if dt.date(y, 1, 1).weekday() < 5 else " (substitute day)"))
    e = easter(y)
    days.append((e - dt.timedelta(days=2), "Good Friday"))
    days.append((e + dt.timedelta(days=1), "Easter Monday"))
    early = {2020: dt.date(2020, 5, 8)}.get(y, first_monday(y, 5))
    days.append((early, "Early May bank holiday" + (" (VE day)" if y == 2020 else "")))
    spring = {2012: dt.date(2012, 6, 4), 2022: dt.date(2022, 6, 2)}.get(y, last_monday(y, 5))
    days.append((spring, "Spring bank holiday"))
    days.append((last_monday(y, 8), "Summer bank holiday"))
    xmas, boxing = dt.date(y, 12, 25), dt.date(y, 12, 26)
    # With Christmas on a Sunday, Monday 26 is Boxing Day itself and Christmas moves to the 27th.
    pair = [(xmas, "Christmas Day"), (boxing, "Boxing Day")]
    if xmas.weekday() == 6:
        pair.reverse()
    for d, name in pair:
        add(d, name + ("" if d.weekday() < 5 else " (substitute day)"))
    for d, name in [(dt.date(2011, 4, 29), "Royal wedding"), (dt.date(2012, 6, 5), "Queen's Diamond Jubilee"),
                    (dt.date(2022, 6, 3), "Queen's Platinum Jubilee"), (dt.date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
                    (dt.date(2023, 5, 8), "Coronation of King Charles III")]:
        if d.year == y:
            days.append((d, name))
    rows.extend(sorted(days))

with open("assets/bank-holidays-england-and-wales.csv", "w") as f:
    f.write("date,name\n")
    for d, name in rows:
        f.write(f"{d.isoformat()},{name}\n")
print(f"{len(rows)} bank holidays")
