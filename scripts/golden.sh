#!/usr/bin/env bash
# Every output format of every command on the bundled example data, written to one folder,
# so that a refactoring can be checked byte for byte: run it before and after, then
# `diff -r BEFORE AFTER`. Usage: scripts/golden.sh OUT_DIR [BINARY]
set -euo pipefail
out=${1:?usage: scripts/golden.sh OUT_DIR [BINARY]}
bin=${2:-target/debug/cscstats}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf "$out" && mkdir -p "$out"
ex=examples/committee-2021
run() {
    local name=$1; shift
    # Exit code, stdout and stderr each into the folder; a failure is an output like any other.
    set +e
    SOURCE_DATE_EPOCH=1600000000 COLUMNS=100 "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"
    echo $? >"$out/$name.code"
    set -e
}
run compare compare --period 2020-21:Q1-Q2 $ex
for f in csv json md html docx xlsx; do
    run compare-$f compare --period 2020-21:Q1-Q2 $ex --output "$out/compare.$f"
done
run compare-suppress compare --period 2020-21:Q1-Q2 $ex --suppress 5 --format json
run compare-by compare --period 2020-21:Q1-Q2 $ex/referrals.csv --by "Referral Source" --format json
run compare-by-md compare --period 2020-21:Q1-Q2 $ex/referrals.csv --by "Referral Source" --suppress 10 --summary --format markdown
run compare-drivers compare --period 2020-21:Q1-Q2 $ex/referrals.csv --drivers "Referral Source" --summary --output "$out/drivers.docx"
run compare-intervals compare --period 2020-21:Q1-Q2 $ex --intervals --expected 1 --summary --format json
run compare-children compare --period 2020-21:Q1-Q2 $ex --count children --format csv
run compare-ytd compare --period 2020-21:Q1-Q3 $ex --decimals 1
run inspect inspect --period 2020-21:Q1-Q2 $ex
run monthly monthly --year 2020-21 $ex
for f in csv json md html xlsx docx; do
    run monthly-$f monthly --year 2020-21 $ex --output "$out/monthly.$f"
done
run monthly-spc monthly --year 2020-21 $ex --spc --format json
run monthly-spc-svg monthly --year 2020-21 $ex --spc --chart "$out/monthly-spc.svg"
run compare-chart compare --period 2020-21:Q1-Q2 $ex --chart "$out/compare.svg"
d=testdata/dfe
run benchmark benchmark --la Leicestershire --year 2024 --own $ex $d --format json
run trend benchmark --la Leicestershire --years 2016..2024 $d --output "$out/trend.xlsx"
run published-compare compare --benchmark $d --la Leicestershire --period 2020-21:Q1-Q2 $ex --format csv
run report run examples/committee-report.toml --quiet
run dfe-benchmark benchmark --help
run help help
cp examples/output/* "$out/"
