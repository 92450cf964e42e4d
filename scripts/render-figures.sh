#!/usr/bin/env bash
# Renders every .svg under DIR to a PNG beside it (FILE.svg -> FILE.png) with headless
# Chromium at the SVG's natural size, so that a person can look at what a reader sees.
# Installs Debian's chromium (and a sans-serif font) with apt-get when missing.
# Usage: bash scripts/render-figures.sh DIR
set -euo pipefail
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: bash scripts/render-figures.sh DIR (a folder holding .svg files)" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
fi
count=0
while IFS= read -r -d '' svg; do
  png="${svg%.svg}.png"
  # The root element's width and height (px) are the window size.
  width=$(grep -o -m1 '<svg[^>]*' "$svg" | sed -n 's/.* width="\([0-9.]*\)".*/\1/p')
  height=$(grep -o -m1 '<svg[^>]*' "$svg" | sed -n 's/.* height="\([0-9.]*\)".*/\1/p')
  width=${width%.*}; height=${height%.*}
  : "${width:=400}" "${height:=300}"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$png" --window-size="$width,$height" "file://$svg" >/dev/null 2>&1
  [ -s "$png" ] || { echo "render-figures: no PNG made for $svg" >&2; exit 1; }
  echo "$png (${width}x${height})"
  count=$((count + 1))
done < <(find "$dir" -name '*.svg' -print0 | sort -z)
echo "render-figures: $count SVG files rendered"
