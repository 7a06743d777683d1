#!/usr/bin/env bash
# Propose a changed snapshot as a pull request: the last step of .github/workflows/update-snapshot.yml.
#
#   deploy/snapshot_pr.sh [UPDATE_LOG]
#
# If model_data/snapshot/ differs from HEAD: commit it on the branch snapshot/update-<date>, push it
# to origin, and open (or update) a pull request against BASE_BRANCH (default: main) whose body is
# the diff summary: rows per table before -> after, the update command's own report (UPDATE_LOG:
# new episodes, models, proposals), and `git diff --stat`. Nothing is pushed to BASE_BRANCH itself.
# Needs `gh` authenticated (GH_TOKEN) and PYTHON (default: python) for the row counts.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG="${1:-}"
BASE="${BASE_BRANCH:-main}"
PY="${PYTHON:-python}"
SNAP=model_data/snapshot
DAY="$(date -u +%Y-%m-%d)"
BRANCH="snapshot/update-$DAY"

git add -A -- "$SNAP"
if git diff --cached --quiet -- "$SNAP"; then
  echo "Snapshot unchanged; no pull request."
  exit 0
fi

rows() {   # "table rows" lines from a manifest on stdin (nothing for an empty stdin: a first snapshot)
  "$PY" -c 'import json, sys
text = sys.stdin.read()
for name, entry in sorted((json.loads(text) if text.strip() else {}).get("tables", {}).items()):
    print(name, entry.get("rows", "?"))'
}
before="$(git show "HEAD:$SNAP/manifest.json" 2>/dev/null | rows || true)"
after="$(rows < "$SNAP/manifest.json")"

git config user.name >/dev/null || git config user.name "github-actions[bot]"
git config user.email >/dev/null || git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git switch -C "$BRANCH"
git commit -q -m "Snapshot update $DAY" -- "$SNAP"
git push --force origin "$BRANCH"

{
  echo "Automated \`python -m model_data update\` (ingest + refresh + validate), then the unit and page tests."
  echo
  echo "| table | rows before | rows after |"
  echo "|---|---:|---:|"
  join -a2 -e "-" -o 0,1.2,2.2 <(echo "$before" | sort) <(echo "$after" | sort) | awk '{print "| " $1 " | " $2 " | " $3 " |"}'
  if [ -n "$LOG" ] && [ -s "$LOG" ]; then
    echo
    echo "What the update reported:"
    echo
    echo '```'
    tail -n 40 "$LOG"
    echo '```'
  fi
  echo
  echo '```'
  git diff --stat HEAD~1 -- "$SNAP"
  echo '```'
  echo
  echo "Review the episodes / mentions / models / scores diff and \`review.md\` (proposals waiting for a"
  echo "decision), then merge: running apps pick the new snapshot up without a restart."
} > snapshot-pr.md

if gh pr view "$BRANCH" >/dev/null 2>&1; then
  gh pr edit "$BRANCH" --body-file snapshot-pr.md
else
  gh pr create --base "$BASE" --head "$BRANCH" --title "Snapshot update $DAY" --body-file snapshot-pr.md
fi
rm -f snapshot-pr.md
