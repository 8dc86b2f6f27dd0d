# Sourced by every step of the action: how to run the toolkit, and where its temporary files go
# ($RUNNER_TEMP, never the checkout, so that no step leaves files in the district's repository).
# shellcheck shell=bash
plan() { node "$GITHUB_ACTION_PATH/bin/plan.js" "$@"; }

: "${GITHUB_ACTION_PATH:?the folder of the action}"
: "${PLAN_DIR:?the plan input}"
: "${GITHUB_OUTPUT:?}"
: "${GITHUB_STEP_SUMMARY:?}"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/plan-as-code/$(printf '%s' "$PLAN_DIR" | tr -c 'A-Za-z0-9._-' '-')"
mkdir -p "$work"

# Workflow commands take a message on one line; % and newlines are escaped as @actions/core does.
annotate() { # level title message
  local message=$3 percent='%' newline=$'\n'
  message=${message//$percent/%25}
  message=${message//$newline/%0A}
  printf '::%s title=%s::%s\n' "$1" "$2" "$message"
}
