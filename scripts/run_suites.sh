#!/usr/bin/env bash
# The whole suite twice, at the same time: on SQLite with Reflex's state in memory, and on PostgreSQL with
# the state in Redis (CI always runs the second; elsewhere it runs when both services answer). SUITES=sqlite
# or SUITES=postgres runs one (make test-sqlite, make test-postgres); arguments go to pytest.
#
# The two runs share nothing: each has its own database, SMTP server, ports, Chromium, and the PostgreSQL run
# builds its portal in its own Reflex folders (.web-postgres, .states-postgres) and leaves its screenshots in
# test-artifacts/postgres. Run one after the other they took twice as long: the browser tests spend most of
# their time waiting for a page, a mail or a job, and the two cores were half idle.
#
# Each line of output is prefixed with its run's name; at the end, each failed run's failures are printed again
# in one block, and the script fails if either run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
PG_TEST_URL=${PG_TEST_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
REDIS_TEST_URL=${REDIS_TEST_URL:-redis://127.0.0.1:6379}
LOGS=test-artifacts/runs
mkdir -p "$LOGS"

run_sqlite() {
  "$PYTHON" -m pytest --durations=15 "$@"
}

run_postgres() {
  OCSO_TEST_DATABASE_URL=$PG_TEST_URL REFLEX_REDIS_URL=$REDIS_TEST_URL REFLEX_STATE_MANAGER_MODE=redis \
    REFLEX_WEB_WORKDIR=.web-postgres REFLEX_STATES_WORKDIR=.states-postgres \
    OCSO_TEST_ARTIFACTS=test-artifacts/postgres "$PYTHON" -m pytest --durations=15 "$@"
}

# run NAME COMMAND...: the run's output to its log and, prefixed, to the terminal; its status to NAME.status.
run() {
  local name=$1
  shift
  "$@" 2>&1 | tee "$LOGS/$name.log" | sed -u "s/^/[$name] /"
  echo "${PIPESTATUS[0]}" > "$LOGS/$name.status"
}

# SUITES names the runs (make test-sqlite, make test-postgres); by default both.
read -r -a names <<< "${SUITES:-sqlite postgres}"
if [[ " ${names[*]} " == *" postgres "* ]] && [ "${CI:-}" != "true" ] && ! scripts/services_up.sh; then
  echo "== PostgreSQL/Redis not reachable: the PostgreSQL run is skipped (CI always runs it) =="
  names=("${names[@]/postgres/}")
  read -r -a names <<< "${names[*]}"
fi
[ ${#names[@]} -eq 0 ] && exit 0
echo "== The suite on: ${names[*]} (sqlite: Reflex's state in memory; postgres: in Redis), at the same time =="
rm -f "$LOGS"/*.status
for name in "${names[@]}"; do
  run "$name" "run_$name" "$@" &
done
wait

failed=0
for name in "${names[@]}"; do
  status=$(cat "$LOGS/$name.status" 2>/dev/null || echo 1)
  summary=$(tail -n 1 "$LOGS/$name.log")
  if [ "$status" != 0 ]; then
    failed=1
    echo
    echo "== $name: FAILED (exit $status): its failures, from $LOGS/$name.log =="
    sed -n '/^=* FAILURES =*$/,$p;/^=* ERRORS =*$/,$p' "$LOGS/$name.log"
  fi
  echo "== $name: $summary"
done
exit $failed
