#!/usr/bin/env bash
# Regenerates the README's screenshots in docs/ from the bundled example: the HTML page as
# headless Chromium draws it, and the Word document as LibreOffice lays it out (page 1).
# Needs chromium, soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release -q
bin=target/release/cscstats
$bin compare --period 2020-21:Q1-Q2 examples/committee-2021 -q \
    --output "$out/committee.html"
$bin compare --period 2020-21:Q1-Q2 examples/committee-2021 -q \
    --output "$out/committee.docx"
chromium --headless --no-sandbox --hide-scrollbars --window-size=1000,1500 \
    --screenshot="docs/committee-paper-page.png" "file://$out/committee.html" 2>/dev/null
soffice -env:UserInstallation="file://$out/lo" --headless --convert-to pdf \
    --outdir "$out" "$out/committee.docx" >/dev/null
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$out/committee.pdf" docs/committee-paper-word
echo "wrote docs/committee-paper-page.png and docs/committee-paper-word.png"
