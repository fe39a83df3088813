#!/usr/bin/env bash
# Scheduled retraining: runs `auspex retrain` for each goal against an export location and the edge.
# Cron-able (e.g. `0 3 * * 1 cd /srv/auspex && scripts/retrain.sh >> retrain.log 2>&1`); docs/retrain.workflow.yml
# runs it weekly on GitHub Actions. See trainer/README.md "Retraining".
#
# Environment:
#   AUSPEX_EVENTS    the export: a file or folder (.csv/.jsonl/.parquet, optionally .gz), or an http(s) URL of one
#                    file, downloaded first (required)
#   AUSPEX_GOALS     goal JSON files, separated by spaces (required), e.g. "goals/purchase-30d.json goals/churn-90d.json"
#   AUSPEX_ENDPOINT  the edge, e.g. https://auspex.example.workers.dev (required)
#   AUSPEX_TOKEN     the edge's publish token (required unless AUSPEX_DRY_RUN=1)
#   AUSPEX_DRY_RUN   1: compare and print the verdicts, publish nothing
#   AUSPEX_ARGS      extra flags for every `auspex retrain`, e.g. "--force" or "--preset online-retail"
#   AUSPEX_BIN       how to run the CLI (default: "pnpm --silent auspex", from the repository root)
#
# Exit status: 0 when every goal ran (published, kept, or waiting for a new window of data); 1 when any goal
# failed (each goal is still tried); 2 for a missing or invalid setting.
set -euo pipefail

usage() {
  echo "retrain.sh: $1" >&2
  echo "usage: AUSPEX_EVENTS=PATH|URL AUSPEX_GOALS='goals/a.json …' AUSPEX_ENDPOINT=URL AUSPEX_TOKEN=… scripts/retrain.sh" >&2
  exit 2
}

[[ -n "${AUSPEX_EVENTS:-}" ]] || usage 'AUSPEX_EVENTS is not set (a file, folder or http(s) URL of the event export)'
[[ -n "${AUSPEX_GOALS:-}" ]] || usage 'AUSPEX_GOALS is not set (goal JSON files, separated by spaces)'
[[ -n "${AUSPEX_ENDPOINT:-}" ]] || usage 'AUSPEX_ENDPOINT is not set (the edge URL)'
dry_run=()
if [[ "${AUSPEX_DRY_RUN:-0}" == 1 ]]; then
  dry_run=(--dry-run)
elif [[ -z "${AUSPEX_TOKEN:-}" ]]; then
  usage 'AUSPEX_TOKEN is not set (the edge publish token); or set AUSPEX_DRY_RUN=1'
fi
read -r -a goals <<< "$AUSPEX_GOALS"
for goal in "${goals[@]}"; do
  [[ -f "$goal" ]] || usage "goal file $goal does not exist"
done
read -r -a bin <<< "${AUSPEX_BIN:-pnpm --silent auspex}"
read -r -a extra <<< "${AUSPEX_ARGS:-}"

events="$AUSPEX_EVENTS"
if [[ "$events" =~ ^https?:// ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  name="$(basename "${events%%\?*}")"
  echo "retrain.sh: downloading $events" >&2
  curl --fail --silent --show-error --location --retry 3 --output "$tmp/$name" "$events"
  events="$tmp/$name"
elif [[ ! -e "$events" ]]; then
  usage "AUSPEX_EVENTS $events does not exist"
fi

failed=0
for goal in "${goals[@]}"; do
  echo "retrain.sh: $goal" >&2
  status=0
  "${bin[@]}" retrain --events "$events" --goal "$goal" --endpoint "$AUSPEX_ENDPOINT" ${dry_run[@]+"${dry_run[@]}"} ${extra[@]+"${extra[@]}"} || status=$?
  case "$status" in
    0) ;;
    3) echo "retrain.sh: $goal: waiting for a new window of data (nothing published)" >&2 ;;
    *) echo "retrain.sh: $goal: auspex retrain failed (exit $status)" >&2; failed=1 ;;
  esac
done
exit "$failed"
