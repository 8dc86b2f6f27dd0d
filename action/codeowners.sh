#!/usr/bin/env bash
# Step: check that .github/CODEOWNERS asks the people the plan names to review their files. A
# mismatch is reported here and fails the job in the last step.
set -uo pipefail
. "$(dirname "$0")/common.sh"

plan codeowners "$PLAN_DIR" --check
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
[ "$code" -le 1 ] || exit "$code"
[ "$code" -eq 0 ] || annotate error 'plan codeowners' '.github/CODEOWNERS does not match the owners the plan names: run "plan codeowners" and commit the result.'
exit 0
