#!/usr/bin/env bash
# System libraries the Python packages cannot bring: WeasyPrint (PDF documents) loads Pango and
# HarfBuzz-Subset through ctypes/cffi, and PDFs fall back to the system Noto CJK fonts for characters
# outside the vendored GB 2312 cut (src/ecopermit/static/fonts/FONTS.md). The browser tests (tests/browser/)
# drive headless Chromium; tools/screenshot.py too. poppler-utils reads PDFs back for checks by hand.
#
#   tools/system-deps.sh            install what is missing when root with apt-get, else say what to install
#   tools/system-deps.sh --require  the same, but fail (exit 1) when something stays missing (CI)
#
# Debian/Ubuntu package names; elsewhere install the equivalents (Pango >= 1.44, HarfBuzz >= 4.1 with
# its subset library, a Noto Serif CJK SC font).
set -euo pipefail

require=0
[[ "${1:-}" == "--require" ]] && require=1

# package → how to tell it is present
declare -A probe=(
  [libpango-1.0-0]="lib:libpango-1.0.so.0"
  [libpangoft2-1.0-0]="lib:libpangoft2-1.0.so.0"
  [libharfbuzz-subset0]="lib:libharfbuzz-subset.so.0"
  [fonts-noto-cjk]="font:Noto Serif CJK SC"
  [chromium]="cmd:chromium"
  [poppler-utils]="cmd:pdftotext"
)
order=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk chromium poppler-utils)

present() {
  local kind="${1%%:*}" what="${1#*:}"
  case "$kind" in
    cmd) command -v "$what" >/dev/null ;;
    lib) { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -qF "$what" ;;
    font) { command -v fc-list >/dev/null && fc-list ":family=$what" family | grep -q .; } ||
          find /usr/share/fonts /usr/local/share/fonts -name 'NotoSerifCJK*' 2>/dev/null | grep -q . ;;
  esac
}

missing_now() {
  local out=()
  for pkg in "${order[@]}"; do present "${probe[$pkg]}" || out+=("$pkg"); done
  echo "${out[@]:-}"
}

read -r -a missing <<<"$(missing_now)"
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -ne 0 ]]; then
  echo "system-deps: missing ${missing[*]} (needed for PDF documents and the browser tests). Install them with:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit "$require"
fi
if ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${missing[*]} and apt-get is not available; install the equivalents by hand" >&2
  exit "$require"
fi

echo "system-deps: installing ${missing[*]}" >&2
if ! { apt-get update -qq &&
       DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "system-deps: apt-get could not install ${missing[*]} (offline, or no package source?)" >&2
  exit "$require"
fi
ldconfig 2>/dev/null || true   # refresh the library cache the probe reads

read -r -a missing <<<"$(missing_now)"
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "system-deps: still missing after apt-get: ${missing[*]}" >&2
  exit "$require"
fi
