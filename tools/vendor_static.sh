#!/usr/bin/env bash
# Refreshes the vendored front-end assets in src/ecopermit/static/vendor/.
#
# The bureau network may be closed, so the pages must never reach a CDN: the minified builds are
# committed instead. This script is the only supported way to change them, so that what is in the
# repo can always be traced back to an exact npm tarball. Bump a version below, run the script,
# check the diff, update the table in static/vendor/VERSIONS.md and commit.
#
# It works in a throwaway temp dir with `npm pack` (downloads the tarball only: no install scripts
# run and no node_modules/ appears in the repo), then extracts just the files we serve.
set -euo pipefail

HTMX_VERSION="2.0.11"
LEAFLET_VERSION="1.9.4"
ECHARTS_VERSION="6.1.0"

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$repo_root/src/ecopermit/static/vendor"
work="$(mktemp -d "${TMPDIR:-/tmp}/ecopermit-vendor.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Downloads name@version's tarball into $work/name/ and extracts it there (as $work/name/package/).
fetch() {
  local name="$1" version="$2"
  mkdir -p "$work/$name"
  (cd "$work/$name" && npm pack --silent "$name@$version" >/dev/null)
  tar -xzf "$work/$name"/*.tgz -C "$work/$name"
}

fetch htmx.org "$HTMX_VERSION"
fetch leaflet "$LEAFLET_VERSION"
fetch echarts "$ECHARTS_VERSION"

# Replace each library's folder whole, so files dropped upstream do not linger here.
rm -rf "$dest/htmx" "$dest/leaflet" "$dest/echarts"
mkdir -p "$dest/htmx" "$dest/leaflet/images" "$dest/echarts/licenses"

src="$work/htmx.org/package"
cp "$src/dist/htmx.min.js" "$src/LICENSE" "$dest/htmx/"

src="$work/leaflet/package"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$dest/leaflet/"
cp "$src"/dist/images/* "$dest/leaflet/images/"

src="$work/echarts/package"
cp "$src/dist/echarts.min.js" "$src/LICENSE" "$dest/echarts/"
# Apache-2.0 section 4(d): a NOTICE file that ships with the work must travel with it.
if [[ -f "$src/NOTICE" ]]; then cp "$src/NOTICE" "$dest/echarts/"; fi
# echarts.min.js embeds d3 code under BSD-3-Clause, whose licence text its LICENSE points to.
cp "$src"/licenses/* "$dest/echarts/licenses/"

echo "vendored htmx.org@$HTMX_VERSION leaflet@$LEAFLET_VERSION echarts@$ECHARTS_VERSION into $dest"
(cd "$dest" && find . -type f ! -name VERSIONS.md | sort | xargs sha256sum)
