#!/usr/bin/env bash
# Builds the Python wheel (pyproject.toml: maturin, `bindings = "bin"`), installs it into a
# fresh virtual environment and runs the README's example with the `cscstats` it puts on the
# PATH: what an analyst without Rust gets from `pip install cscstats-*.whl`.
# Needs python3 with venv (Debian: python3-venv); maturin is installed into a build venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.7,<2.0"
# `--compatibility linux`: a wheel for this machine's Linux (a release for others is built
# on each platform by .github/workflows/release.yml).
"$work/build/bin/maturin" build --release --locked --quiet --compatibility linux --out "$work/dist"
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/cscstats-*.whl
got=$("$work/user/bin/cscstats" compare --period 2020-21:Q1-Q2 examples/committee-2021 -q)
want='2020/21 Quarters 1 & 2
Measure                                2019   2020   +/-
Contacts                              11312  11015   -3%
Referrals                              2958   2514  -15%
Assessments                            2577   2321  -10%
Strategy Discussions                   1038   1269  +22%
Section 47                              762   1010  +33%
Initial Child Protection Conferences    410    483  +18%
Child Protection Plan Starts            358    442  +23%'
if [ "$got" != "$want" ]; then
    echo "the wheel's cscstats printed:" >&2
    echo "$got" >&2
    exit 1
fi
echo "wheel: $(basename "$work"/dist/cscstats-*.whl) installs cscstats and prints the committee table"
