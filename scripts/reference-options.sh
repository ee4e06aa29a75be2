#!/usr/bin/env bash
# Writes every command's --help into docs/REFERENCE.md, between the "options" markers, so that
# the reference lists every option as the program documents it (tests/cli/report.rs checks that
# it is current).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -q
bin=target/release/cscstats
block=$(mktemp)
trap 'rm -f "$block"' EXIT
for command in compare monthly benchmark inspect run; do
    {
        printf '### `cscstats %s`\n\n```text\n' "$command"
        COLUMNS=100 "$bin" "$command" --help
        printf '```\n\n'
    } >>"$block"
done
python3 - "$block" <<'PY'
import sys
block = open(sys.argv[1]).read()
path = "docs/REFERENCE.md"
text = open(path).read()
start, end = "<!-- options: start -->\n", "<!-- options: end -->\n"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(head + start + "\n" + block + end + tail)
PY
echo "wrote the options into docs/REFERENCE.md"
