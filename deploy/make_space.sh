#!/usr/bin/env bash
# Assemble a Hugging Face Space (Streamlit SDK) from this repository.
#
#   deploy/make_space.sh [OUT_DIR]        # default: dist/space
#
# OUT_DIR gets the app (app.py, dashboard.py, app_pages/, ui/, model_data/ with its shipped snapshot,
# .streamlit/config.toml), a requirements.txt with only what the app imports at run time, and
# deploy/space/README.md as README.md (its front matter makes the folder a Space:
# sdk streamlit 1.67.0, python 3.11, app_file app.py). Push it with:
#
#   cd OUT_DIR && git init -b main && git add . && git commit -m "Space" \
#     && git remote add space https://huggingface.co/spaces/<user>/<space> && git push -f space main
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/dist/space}"

case "$OUT" in
  ""|"/"|"$ROOT"|"$ROOT/") echo "refusing to write into '$OUT'" >&2; exit 2 ;;
esac

rm -rf "$OUT"
mkdir -p "$OUT/.streamlit"

cp "$ROOT/app.py" "$ROOT/dashboard.py" "$OUT/"
cp -r "$ROOT/app_pages" "$ROOT/ui" "$ROOT/model_data" "$OUT/"
cp "$ROOT/.streamlit/config.toml" "$OUT/.streamlit/"
cp "$ROOT/deploy/space/README.md" "$OUT/README.md"

# Only the shipped snapshot travels: no staging folders, locks or caches.
rm -rf "$OUT/model_data/snapshot/.staging" "$OUT/model_data/snapshot/.lock" "$OUT/model_data/snapshot/.swap.json"
find "$OUT" -name "__pycache__" -type d -prune -exec rm -rf {} +

# The app's run-time dependencies: requirements.txt is exactly those (development tools live in
# requirements-dev.txt), less streamlit, which the Space installs itself from sdk_version.
grep -E '^[A-Za-z0-9_.-]+==' "$ROOT/requirements.txt" | grep -viE '^streamlit==' > "$OUT/requirements.txt"

test -s "$OUT/model_data/snapshot/manifest.json" || { echo "no shipped snapshot in model_data/snapshot/" >&2; exit 1; }
echo "Space assembled in $OUT ($(find "$OUT" -type f | wc -l) files)"
