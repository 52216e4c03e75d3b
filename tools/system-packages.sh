#!/usr/bin/env bash
# Installs the Debian packages the tests need beyond Python: Chromium and its driver for the
# browser tests, and TeX Live (XeLaTeX, latexmk, the FreeFont fonts) plus poppler-utils for
# the PDF edition (`make pdf`, tests/test_pdf.py). Called by `make test`. Does nothing when
# they are already there; on a machine without apt (or without root) it says what to install
# and the browser and PDF tests are skipped.
set -euo pipefail

packages=(
  chromium chromium-driver                                     # browser tests
  texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
  texlive-xetex latexmk fonts-freefont-otf poppler-utils       # the PDF edition
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: please install ${missing[*]}; the browser and PDF tests are skipped without them" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "system-packages: run 'sudo apt-get install ${missing[*]}' for the browser and PDF tests" >&2
  exit 0
fi
echo "system-packages: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
