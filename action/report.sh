#!/usr/bin/env bash
# Step: render the report. It prints with the Chrome the runner already has (GitHub's Ubuntu images
# ship Google Chrome); with no browser it renders HTML instead and says so. A plan with errors gets
# no report, and the step says why without failing: the last step fails the job for the errors.
set -uo pipefail
. "$(dirname "$0")/common.sh"

dir="$work/reports"
args=(report "$PLAN_DIR" --type "${REPORT_TYPE:-board}" --format "${REPORT_FORMAT:-pdf}" --out "$dir")
[ "${REPORT_TYPE:-board}" = school ] && args+=(--all-schools)
plan "${args[@]}" 2> "$work/report-stderr.txt"
code=$?
cat "$work/report-stderr.txt" >&2
if [ "$code" -eq 2 ] && grep -q 'no Chrome, Chromium or Microsoft Edge' "$work/report-stderr.txt"; then
  annotate warning 'plan report' 'No browser on this runner to print the PDF, so the report is HTML. A self-hosted runner needs Google Chrome, Chromium or Microsoft Edge (or CHROME_PATH).'
  plan "${args[@]}" --format html
  code=$?
fi
case $code in
  0) echo "dir=$dir" >> "$GITHUB_OUTPUT" ;;
  1) annotate notice 'plan report' 'No report was made: the plan has errors (see the annotations).' ;;
  *) annotate warning 'plan report' "No report was made: $(head -n 1 "$work/report-stderr.txt")" ;;
esac
exit 0
