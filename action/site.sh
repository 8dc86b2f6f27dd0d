#!/usr/bin/env bash
# Step: build the plan's public website (plan site) into $RUNNER_TEMP, for a later step to deploy
# (actions/upload-pages-artifact, then actions/deploy-pages). A plan with errors gets no site, and
# the step says why without failing: the last step fails the job for the errors.
set -uo pipefail
. "$(dirname "$0")/common.sh"

dir="$work/site"
rm -rf "$dir"
args=(site "$PLAN_DIR" --out "$dir")
[ -n "${SITE_BASE_URL:-}" ] && args+=(--base-url "$SITE_BASE_URL")
plan "${args[@]}" 2> "$work/site-stderr.txt"
code=$?
cat "$work/site-stderr.txt" >&2
case $code in
  0) echo "dir=$dir" >> "$GITHUB_OUTPUT" ;;
  1) annotate notice 'plan site' 'No website was built: the plan has errors (see the annotations).' ;;
  *) annotate warning 'plan site' "No website was built: $(head -n 1 "$work/site-stderr.txt")" ;;
esac
exit 0
