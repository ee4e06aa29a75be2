#!/usr/bin/env bash
# Regenerates the README's screenshots in docs/ from the bundled example: the HTML page as
# headless Chromium draws it (at 1000 and at 320 CSS pixels, and printed to A4), the Word
# document as LibreOffice lays it out (page 1), the workbook's Cover and Data sheets as
# LibreOffice prints them, and a paper's "what drove the change" paragraph and table.
# Needs chromium, soffice (libreoffice-writer-nogui and libreoffice-calc-nogui) and pdftoppm
# (poppler-utils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release -q
bin=target/release/cscstats
example=examples/committee-2021
$bin compare --period 2020-21:Q1-Q2 $example -q --output "$out/committee.html"
$bin compare --period 2020-21:Q1-Q2 $example -q --output "$out/committee.docx"
$bin compare --period 2020-21:Q1-Q2 $example -q --output "$out/committee.xlsx" \
    --contact "Performance Team, performance@example.gov.uk"
$bin monthly --year 2020-21 $example -q --output "$out/monthly.html"
$bin compare --period 2020-21:Q1-Q2 testdata/drivers/referrals.csv -q \
    --drivers "Referral Source" --output "$out/drivers.html"
shot() { # shot WIDTH HEIGHT PAGE PNG
    chromium --headless --no-sandbox --hide-scrollbars --window-size="$1,$2" \
        --user-data-dir="$out/chromium" --screenshot="$4" "file://$out/$3" 2>/dev/null
}
shot 1000 1500 committee.html docs/committee-paper-page.png
shot 320 1400 committee.html docs/committee-paper-320px.png
shot 1000 900 drivers.html docs/drivers.png
chromium --headless --no-sandbox --no-pdf-header-footer --user-data-dir="$out/chromium" \
    --print-to-pdf="$out/monthly.pdf" "file://$out/monthly.html" 2>/dev/null
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$out/monthly.pdf" docs/monthly-printed
lo() { soffice -env:UserInstallation="file://$out/lo" --headless --convert-to pdf \
    --outdir "$out" "$1" >/dev/null; }
lo "$out/committee.docx"
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$out/committee.pdf" docs/committee-paper-word
lo "$out/committee.xlsx"
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$out/committee.pdf" docs/workbook-cover
data=$(pdftotext -layout "$out/committee.pdf" - | awk -v RS='\f' '/^measure +label/ {print NR; exit}')
pdftoppm -r 80 -png -f "$data" -l "$data" -singlefile "$out/committee.pdf" docs/workbook-data
echo "wrote docs/: committee-paper-page, committee-paper-320px, committee-paper-word," \
    "monthly-printed, workbook-cover, workbook-data, drivers (.png)"
