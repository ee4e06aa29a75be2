#!/usr/bin/env bash
# Hostile and very large inputs (issue 30): each case's peak memory, time, exit code and the
# first line it prints, with the release build. Every input of at most 10 MB must end in
# under 1 GiB with exit 0 or a one-line error; --rates on 10 million referrals within 512 MiB.
#
#   bench/hostile.sh            # everything (the 10M-row rates case generates 720 MB once)
#   QUICK=1 bench/hostile.sh    # everything but the 10M-row rates case
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=bench/out/hostile
mkdir -p "$OUT"
cargo build --release --quiet --bin cscstats --example gen-events
BIN=$PWD/target/release/cscstats

python3 bench/hostile_inputs.py "$OUT"

printf '%-44s %10s %8s %5s  %s\n' case "peak KB" seconds exit "first line"
run() { # name, then the command (run in $OUT)
    local name=$1
    shift
    local log
    log=$(mktemp)
    (cd "$OUT" && /usr/bin/time -q -f "%M %e" -o "$log.time" "$@" > /dev/null 2> "$log") || true
    local code
    code=$(cd "$OUT" && { "$@" > /dev/null 2>&1; echo $?; } || true)
    read -r kb secs < "$log.time"
    printf '%-44s %10s %8s %5s  %s\n' "$name" "$kb" "$secs" "$code" "$(head -c 110 "$log" | head -n 1)"
    rm -f "$log" "$log.time"
}
# A single pipe can be read only once: the line without end is its own case.
line_without_end() {
    (printf 'Child ID,Date of Contact\n'; head -c 1073741824 /dev/zero | tr '\0' x) |
        /usr/bin/time -q -f "%M %e" -o "$OUT/line.time" "$BIN" compare -p 2020-21 contacts=- \
            > /dev/null 2> "$OUT/line.err" || true
    read -r kb secs < "$OUT/line.time"
    printf '%-44s %10s %8s %5s  %s\n' "1 GiB line through a pipe" "$kb" "$secs" 1 "$(head -n 1 "$OUT/line.err" | head -c 110)"
}

run "150,000 --by groups dated 1900 and 2099" "$BIN" compare -p 2020-21 --by Team --by-max 10000 -q -f csv contacts=groups.csv
line_without_end
for n in 1000 2500 5000; do
    run "$n sheets" "$BIN" compare -p 2020-21 -q -f csv "contacts=sheets-$n.xlsx"
done
run ".ods: text:c=2000000000" "$BIN" compare -p 2020-21 -q contacts=spaces.ods
run ".ods: 100 tables each under the cell limit" "$BIN" compare -p 2020-21 -q contacts=tables.ods
run ".xlsx: 1 GiB inline string" "$BIN" compare -p 2020-21 -q contacts=inline.xlsx
run ".xlsx: shared strings declared small, 2 GiB" "$BIN" compare -p 2020-21 -q contacts=understated.xlsx
run ".xlsx: header of 16,384 cells of 64 KiB" "$BIN" compare -p 2020-21 -q contacts=wide-header.xlsx
run ".xlsb: 8 shared strings of 256 MiB" "$BIN" compare -p 2020-21 -q contacts=strings.xlsb
ls -la "$OUT" | awk 'NR > 1 { print "  " $5 "\t" $9 }'

if [ -z "${QUICK:-}" ]; then
    EVENTS=bench/out/events-10000000.csv
    [ -f "$EVENTS" ] || target/release/examples/gen-events --rows 10000000 --out "$EVENTS"
    REFERRALS=bench/out/referrals-10000000.csv
    [ -f "$REFERRALS" ] || sed '1s/Date of Contact/Referral Date/; 1s/Contact Source/Referral Source/' "$EVENTS" > "$REFERRALS"
    cat "$REFERRALS" > /dev/null
    OUT=bench/out
    run "--rates all, 10M referrals" "$BIN" compare -p 2019-20 --rates all -q -f csv referrals-10000000.csv
    run "plain counts, 10M referrals" "$BIN" compare -p 2019-20 -q -f csv referrals-10000000.csv
fi
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($BIN --version); commit $(git rev-parse --short HEAD)"
