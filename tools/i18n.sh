#!/bin/sh
# Refresh the Chinese catalogue: collect msgids, fill empty ones from TSV files (english<TAB>chinese),
# compile. Serialised with flock so several people (or helpers) can run it at once.
#   tools/i18n.sh [extra.tsv ...]      prints the msgids still untranslated
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec 9>"${TMPDIR:-/tmp}/ecopermit-i18n.lock"
flock 9
cd "$root/src/ecopermit"
"$root/.venv/bin/ecopermit" makemessages -l zh_Hans --no-wrap --no-obsolete -i "static/vendor/*" >/dev/null
po=locale/zh_Hans/LC_MESSAGES/django.po
for tsv in "$@"; do
  python3 "$root/tools/po_fill.py" "$po" "$tsv" >/dev/null
done
python3 "$root/tools/po_fill.py" "$po" /dev/null
"$root/.venv/bin/ecopermit" compilemessages -l zh_Hans >/dev/null
