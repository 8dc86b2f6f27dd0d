#!/usr/bin/env bash
# Step: validate the plan. Problems become annotations on the pull request's lines and the full list
# goes to the job summary. Errors do not stop the action here: the diff and the report still run,
# and the last step fails the job. Only a command that cannot run at all stops it now.
set -uo pipefail
. "$(dirname "$0")/common.sh"

args=(validate "$PLAN_DIR" --format github)
[ -n "${MAX_WARNINGS:-}" ] && args+=(--max-warnings "$MAX_WARNINGS")
[ -n "${REQUIRE_RATINGS:-}" ] && args+=(--require-ratings "$REQUIRE_RATINGS")
plan "${args[@]}"
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
case $code in
  0 | 1) exit 0 ;;
  *) annotate error 'plan validate' "plan validate could not run (exit $code): check the plan input, \"$PLAN_DIR\"."; exit "$code" ;;
esac
