#!/usr/bin/env bash
# Compiles every .tex under DIR with pdflatex (in the file's own folder, where the CSV it reads
# lies) and converts the PDF to a PNG beside it (FILE.tex -> FILE.pdf, FILE.png) with pdftoppm.
# Installs Debian's texlive packages (standalone, pgfplots) and poppler-utils when missing.
# Fails on the first figure that does not compile, showing the end of its log.
# Usage: bash scripts/check-pgfplots.sh DIR
set -euo pipefail
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: bash scripts/check-pgfplots.sh DIR (a folder holding .tex figures and their CSV files)" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
if ! command -v pdflatex >/dev/null 2>&1 || ! kpsewhich standalone.cls >/dev/null 2>&1 \
   || ! kpsewhich pgfplots.sty >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    texlive-latex-base texlive-latex-extra texlive-pictures poppler-utils >&2
fi
count=0
while IFS= read -r -d '' tex; do
  folder=$(dirname "$tex"); name=$(basename "$tex" .tex)
  if ! (cd "$folder" && pdflatex -interaction=nonstopmode -halt-on-error "$name.tex" >/dev/null 2>&1); then
    echo "check-pgfplots: $tex does not compile; end of $folder/$name.log:" >&2
    tail -25 "$folder/$name.log" >&2
    exit 1
  fi
  pdftoppm -png -r 110 -singlefile "$folder/$name.pdf" "$folder/$name-pgf"
  rm -f "$folder/$name.aux" "$folder/$name.log"
  echo "$tex -> $folder/$name.pdf, $folder/$name-pgf.png"
  count=$((count + 1))
done < <(find "$dir" -name '*.tex' -print0 | sort -z)
echo "check-pgfplots: $count figures compiled"
