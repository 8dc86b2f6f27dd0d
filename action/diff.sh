#!/usr/bin/env bash
# Step: the semantic diff of the pull request against its base, as Markdown for a comment and the job
# summary. A base without the plan (the PR adds it) or with errors (the PR fixes them) is compared as
# far as it can be read; nothing about the base fails this step.
set -uo pipefail
. "$(dirname "$0")/common.sh"
: "${BASE_SHA:?the base commit of the pull request}"

# A shallow checkout may lack the base commit: fetch just that commit.
if ! git cat-file -e "$BASE_SHA^{commit}" 2>/dev/null; then
  git fetch --quiet --no-tags --depth=1 origin "$BASE_SHA" 2>/dev/null || true
fi

out="$work/plan-diff.md"
plan diff "$BASE_SHA" --plan "$PLAN_DIR" --format markdown > "$out.tmp" 2> "$work/diff-stderr.txt"
code=$?
cat "$work/diff-stderr.txt" >&2
if [ "$code" -eq 0 ]; then
  mv "$out.tmp" "$out"
else
  rm -f "$out.tmp"
  annotate warning 'plan diff' "The change could not be compared with its base: $(head -n 1 "$work/diff-stderr.txt")"
  {
    echo "### Plan changes"
    echo
    echo "The change could not be compared with its base (${BASE_SHA:0:10}):"
    echo
    echo '```'
    cat "$work/diff-stderr.txt"
    echo '```'
  } > "$out"
fi
cat "$out" >> "$GITHUB_STEP_SUMMARY"
echo "file=$out" >> "$GITHUB_OUTPUT"
exit 0
