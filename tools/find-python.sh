#!/bin/sh
# Prints the path of a Python >= 3.12 interpreter, or fails with a message.
# pyenv shims exist for versions that are not selected and then fail, so each candidate is run, not just found.
for p in "${PYTHON:-}" python3.13 python3.12 python3 \
         "$HOME"/.pyenv/versions/3.13*/bin/python3.13 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 \
         /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
  [ -n "$p" ] || continue
  if "$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    "$p" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "find-python: no Python >= 3.12 found (tried python3.13, python3.12, pyenv versions); set PYTHON=/path/to/python" >&2
exit 1
