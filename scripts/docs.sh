#!/usr/bin/env bash
# Builds the SpectraKit documentation (the DocC catalogue Sources/SpectraKit/SpectraKit.docc and
# every doc comment of the library) into a static web site.
#
#   bash scripts/docs.sh            # site in .build-docs-site/
#   bash scripts/docs.sh DIR        # site in DIR
#
# Open it through any static web server, e.g.
#   python3 -m http.server --directory .build-docs-site 8000
# and browse http://localhost:8000/documentation/spectrakit/
# (the site is built for a server root; to host it under a sub-path such as
# https://USER.github.io/spectra/, add --hosting-base-path spectra below).
#
# The plain-Markdown documentation in docs/ needs no build: it reads on any forge.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
out="${1:-.build-docs-site}"
mkdir -p "$out"
swift package --scratch-path .build-docs \
    --allow-writing-to-directory "$out" \
    generate-documentation --target SpectraKit \
    --disable-indexing --transform-for-static-hosting \
    --output-path "$out"
echo "documentation site: $out/documentation/spectrakit/index.html" >&2
