#!/usr/bin/env bash
# Last step: fail the job for what the earlier steps found, once the diff and the report are there.
set -uo pipefail
. "$(dirname "$0")/common.sh"

failed=0
if [ "${VALIDATE_EXIT:-0}" != 0 ]; then
  echo "plan validate found ${ERROR_COUNT:-?} errors and ${WARNING_COUNT:-?} warnings in $PLAN_DIR (limit: ${MAX_WARNINGS:-none})." >&2
  failed=1
fi
if [ "${CODEOWNERS_EXIT:-0}" != 0 ]; then
  echo ".github/CODEOWNERS does not match the plan's owners." >&2
  failed=1
fi
exit "$failed"
