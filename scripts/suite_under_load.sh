#!/usr/bin/env bash
# `make test` several times in a row while CPU-bound processes compete for the cores: the suite's promise
# is 3 passing runs in a row, each in at most 5 minutes, on 2 cores with 2 competitors.
#
#   scripts/suite_under_load.sh            # 3 runs, 2 competitors, a 300 s bound per run
#   UNKNOT_LOAD_RUNS=1 scripts/suite_under_load.sh PYTEST_ARGS=-x   # arguments go to make
#
# Each competitor is `python3 -c 'while True: pass'`, a process that always wants a core. Each run's wall
# time and result are printed; its whole output is kept in $UNKNOT_LOAD_LOGS (a new temporary folder by
# default). The competitors are stopped however the script ends. Exit status 0 only if every run passed
# within the bound.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${UNKNOT_LOAD_RUNS:-3}
competitors=${UNKNOT_LOAD_COMPETITORS:-2}
limit=${UNKNOT_LOAD_LIMIT:-300}
logs=${UNKNOT_LOAD_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/unknot-under-load.XXXXXX")}
mkdir -p "$logs"

pids=()
stop_competitors() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  pids=()
}
trap stop_competitors EXIT
trap 'exit 130' INT TERM

make .venv/.installed-dev >/dev/null || exit 1  # set-up is not part of a run's time
for _ in $(seq "$competitors"); do
  python3 -c 'while True: pass' &
  pids+=($!)
done
echo "suite under load: $runs runs of make test, $competitors CPU-bound competitors (pids ${pids[*]})," \
  "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, bound ${limit} s; logs in $logs"

failures=0
for run in $(seq "$runs"); do
  log="$logs/run-$run.log"
  start=$(date +%s%N)
  make test "$@" >"$log" 2>&1
  status=$?
  seconds=$(( ($(date +%s%N) - start) / 1000000000 ))
  summary=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$log" | tail -n 1 | tr -d '=' | sed 's/^ *//; s/ *$//')
  verdict=ok
  if [ "$status" -ne 0 ]; then
    verdict="FAILED (make exited $status)"
  elif [ "$seconds" -gt "$limit" ]; then
    verdict="TOO SLOW (over ${limit} s)"
  fi
  [ "$verdict" = ok ] || failures=$((failures + 1))
  printf 'run %d: %d s, %s: %s\n' "$run" "$seconds" "$verdict" "${summary:-no pytest summary, see $log}"
done

stop_competitors
if [ "$failures" -eq 0 ]; then
  echo "suite under load: $runs of $runs runs passed within ${limit} s"
else
  echo "suite under load: $failures of $runs runs failed or were too slow (logs in $logs)"
  exit 1
fi
