#!/usr/bin/env bash
# Times cscstats against DuckDB and `wc -l` on the same generated Annex A-shaped event file,
# after checking that cscstats and DuckDB count the same events in every month; then every
# counting mode (children, both, de-duplication, --by, de-duplication within --by groups,
# monthly children) against DuckDB's equivalent query, each checked figure for figure first.
#
#   bench/run.sh                  # 10 million rows (about 720 MB; generated once, kept)
#   ROWS=1000000 bench/run.sh     # any size
#   MODES_ONLY=1 bench/run.sh     # the modes only
#   WORKBOOK_ONLY=1 bench/run.sh  # the 1M-row workbook only
#
# Installs what it needs: hyperfine (Debian package) and DuckDB (PyPI, into bench/.venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-10000000}
OUT=bench/out
FILE=$OUT/events-$ROWS.csv
MONTHS=2015-04..2025-03
mkdir -p "$OUT"

if ! command -v hyperfine >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q duckdb
fi
PY=bench/.venv/bin/python

cargo build --release --quiet --bin cscstats --example gen-events
BIN=target/release/cscstats
[ -f "$FILE" ] || target/release/examples/gen-events --rows "$ROWS" --out "$FILE"
cat "$FILE" > /dev/null # warm the page cache, as every run after the first sees it

if [ -z "${MODES_ONLY:-}${WORKBOOK_ONLY:-}" ]; then
echo "== Same counts?"
$BIN monthly --months $MONTHS -f csv -q -o "$OUT/cscstats-months.csv" "contacts=$FILE"
$PY bench/duckdb_counts.py "$FILE" > "$OUT/duckdb-months.csv"
$PY bench/compare_counts.py "$OUT/cscstats-months.csv" "$OUT/duckdb-months.csv"

echo "== Timing ($ROWS rows, $(du -h "$FILE" | cut -f1))"
CSC="$BIN monthly --months $MONTHS -f csv -q -o /dev/null contacts=$FILE"
hyperfine --warmup 1 --runs 5 --style basic --export-json "$OUT/hyperfine.json" \
    -n "wc -l" "wc -l $FILE" \
    -n "cscstats" "$CSC" \
    -n "cscstats --threads 1" "$CSC --threads 1" \
    -n "duckdb" "$PY bench/duckdb_counts.py $FILE" >/dev/null

echo "== Peak memory"
: > "$OUT/rss.txt"
for name in "wc -l" "cscstats" "cscstats --threads 1" "duckdb"; do
    case "$name" in
        "wc -l") cmd="wc -l $FILE" ;;
        "cscstats") cmd="$CSC" ;;
        "cscstats --threads 1") cmd="$CSC --threads 1" ;;
        "duckdb") cmd="$PY bench/duckdb_counts.py $FILE" ;;
    esac
    kb=$( { /usr/bin/time -f "%M" $cmd >/dev/null; } 2>&1 | tail -n 1)
    printf '%s\t%s\n' "$name" "$kb" >> "$OUT/rss.txt"
done

$PY bench/summary.py "$OUT/hyperfine.json" "$OUT/rss.txt"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $($BIN --version)"
fi

workbook() {
    # A 1M-row List 1 as an .xlsx (the first million rows of the file, written by the
    # annex-a-workbook example: a title row, real date cells), read by cscstats and by
    # python-calamine.
    local folder=$OUT/xlsx-1m book=$OUT/contacts-1m.xlsx
    if [ ! -f "$book" ]; then
        mkdir -p "$folder"
        head -1000001 "$FILE" > "$folder/List 1 - Contacts.csv"
        cargo build --release --quiet --example annex-a-workbook
        target/release/examples/annex-a-workbook "$folder" "$book"
    fi
    bench/.venv/bin/pip install -q python-calamine
    echo "== A 1M-row workbook ($(du -h "$book" | cut -f1))"
    hyperfine --warmup 1 --runs 3 --style none --export-json "$OUT/workbook.json" \
        -n cscstats "$BIN compare --period 2019-20 -f csv -q -o /dev/null $book" \
        -n python-calamine "$PY bench/calamine_read.py $book" >/dev/null
    local ours theirs
    ours=$( { /usr/bin/time -f "%M" "$BIN" compare --period 2019-20 -f csv -q -o /dev/null "$book" >/dev/null; } 2>&1 | tail -n 1)
    theirs=$( { /usr/bin/time -f "%M" $PY bench/calamine_read.py "$book" >/dev/null; } 2>&1 | tail -n 1)
    printf 'workbook\t%s\t%s\t%s\n' "$OUT/workbook.json" "$ours" "$theirs" > "$OUT/workbook.tsv"
    $PY - "$OUT/workbook.json" "$ours" "$theirs" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"| workbook | cscstats {r['cscstats']:.2f} s, {int(sys.argv[2]) / 1024:.0f} MiB "
      f"| python-calamine {r['python-calamine']:.2f} s, {int(sys.argv[3]) / 1024:.0f} MiB |")
PY
}
if [ -n "${WORKBOOK_ONLY:-}" ]; then
    workbook
    exit 0
fi

echo "== Every mode: cscstats against DuckDB ($ROWS rows)"
: > "$OUT/modes.tsv"
mode() {
    local name=$1
    shift
    local csc=("$BIN" "$@" -f csv -q "contacts=$FILE")
    "${csc[@]}" -o "$OUT/mode-$name.csv"
    $PY bench/duckdb_modes.py "$name" "$FILE" > "$OUT/mode-$name-duckdb.csv"
    $PY bench/check_mode.py "$name" "$OUT/mode-$name.csv" "$OUT/mode-$name-duckdb.csv"
    local ours
    ours="$(printf '%q ' "${csc[@]}")-o /dev/null"
    local theirs="$PY bench/duckdb_modes.py $name $FILE --time"
    hyperfine --warmup 1 --runs 3 --style none --export-json "$OUT/mode-$name.json" \
        -n cscstats "$ours" -n duckdb "$theirs" >/dev/null
    local ours_kb theirs_kb
    ours_kb=$( { /usr/bin/time -f "%M" bash -c "exec $ours" >/dev/null; } 2>&1 | tail -n 1)
    theirs_kb=$( { /usr/bin/time -f "%M" bash -c "exec $theirs" >/dev/null; } 2>&1 | tail -n 1)
    printf '%s\t%s\t%s\t%s\n' "$name" "$OUT/mode-$name.json" "$ours_kb" "$theirs_kb" >> "$OUT/modes.tsv"
}
mode plain compare --period 2019-20
mode children compare --period 2019-20 --count children
mode both compare --period 2019-20 --count both
mode dedupe compare --period 2019-20 --dedupe
mode by compare --period 2019-20 --by "Contact Source"
mode dedupe-by compare --period 2019-20 --dedupe --by "Contact Source"
mode monthly-children monthly --year 2019-20 --count children
# Rates: --rates all on a List 5 file, against plain counts of the same file (the target is
# at most twice their time) and DuckDB's Section 47 to conference query.
LIST5=$OUT/list5-$ROWS.csv
[ -f "$LIST5" ] || target/release/examples/gen-events --rows "$ROWS" --out "$LIST5" --list5
cat "$LIST5" > /dev/null
"$BIN" compare --period 2019-20 --rates all -f json -q -o "$OUT/mode-rates.json" "$LIST5"
$PY bench/duckdb_modes.py rates "$LIST5" > "$OUT/mode-rates-duckdb.csv"
$PY bench/check_mode.py rates "$OUT/mode-rates.json" "$OUT/mode-rates-duckdb.csv"
hyperfine --warmup 1 --runs 3 --style none --export-json "$OUT/mode-rates-plain.json" \
    -n cscstats "$BIN compare --period 2019-20 --rates all -f csv -q -o /dev/null $LIST5" \
    -n duckdb "$BIN compare --period 2019-20 -f csv -q -o /dev/null $LIST5" >/dev/null
rates_kb=$( { /usr/bin/time -f "%M" "$BIN" compare --period 2019-20 --rates all -f csv -q -o /dev/null "$LIST5" >/dev/null; } 2>&1 | tail -n 1)
plain_kb=$( { /usr/bin/time -f "%M" "$BIN" compare --period 2019-20 -f csv -q -o /dev/null "$LIST5" >/dev/null; } 2>&1 | tail -n 1)
printf '%s\t%s\t%s\t%s\n' "rates (second column: plain counts of the same List 5)" "$OUT/mode-rates-plain.json" "$rates_kb" "$plain_kb" >> "$OUT/modes.tsv"
hyperfine --warmup 1 --runs 3 --style none --export-json "$OUT/mode-rates.json.time" \
    -n cscstats "$BIN compare --period 2019-20 --rates all -f csv -q -o /dev/null $LIST5" \
    -n duckdb "$PY bench/duckdb_modes.py rates $LIST5 --time" >/dev/null
duck_kb=$( { /usr/bin/time -f "%M" $PY bench/duckdb_modes.py rates "$LIST5" --time >/dev/null; } 2>&1 | tail -n 1)
printf '%s\t%s\t%s\t%s\n' "rates" "$OUT/mode-rates.json.time" "$rates_kb" "$duck_kb" >> "$OUT/modes.tsv"
$PY bench/modes_summary.py "$OUT/modes.tsv"
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $($BIN --version); commit $(git rev-parse --short HEAD)"
workbook
