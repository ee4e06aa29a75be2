"""Events per month in a generated event file, counted by DuckDB: the query a data-savvy
analyst would write (read_csv, parse the UK date in either layout, GROUP BY month)."""
import sys

import duckdb

path = sys.argv[1]
query = f"""
SELECT strftime(d, '%Y-%m') AS month, count(*) AS count FROM (
    SELECT coalesce(
        try_strptime("Date of Contact", '%d/%m/%Y'),
        try_strptime("Date of Contact", '%d/%m/%Y %H:%M:%S')
    )::DATE AS d
    FROM read_csv('{path}', header = true, all_varchar = true)
)
WHERE d BETWEEN DATE '2015-04-01' AND DATE '2025-03-31'
GROUP BY month ORDER BY month
"""
print("month,count")
for month, count in duckdb.sql(query).fetchall():
    print(f"{month},{count}")
