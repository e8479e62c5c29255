#!/usr/bin/env bash
# End-to-end test of `wan-preflight serve` with the official DashScope Python SDK.
#   scripts/sdk-e2e.sh     (make sdk-test builds first)
# Makes a virtualenv in .build/sdk-venv when missing and installs the pinned dashscope from PyPI
# into it, starts .build/debug/wan-preflight serve on a free loopback port with a fresh --data
# folder, runs Tests/SDK/e2e.py against it (one line a case), stops the server with SIGTERM
# (it must exit 0), starts it again on the same --data and checks the finished tasks are still
# there. Exit status: 0 when every case passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

dashscope_version=2.0.2
venv=.build/sdk-venv
bin=.build/debug/wan-preflight
key=sdk-e2e-key

[ -x "$bin" ] || { echo "sdk-e2e: $bin is missing; run swift build (or make sdk-test)" >&2; exit 1; }

if [ ! -x "$venv/bin/python" ]; then
  echo "sdk-e2e: creating $venv" >&2
  python3 -m venv "$venv"
fi
if [ "$("$venv/bin/python" -c 'import dashscope; print(dashscope.__version__)' 2>/dev/null)" \
  != "$dashscope_version" ]; then
  echo "sdk-e2e: installing dashscope==$dashscope_version" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "dashscope==$dashscope_version"
fi

data=$(mktemp -d)
logs=$(mktemp -d)
server=
stop_server() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  server=
}
trap 'stop_server; rm -rf "$data" "$logs"' EXIT

# start_server NAME — starts serve on port 0, sets $server and $base from its `listening on` line.
start_server() {
  local name=$1 line=
  "$bin" serve --port 0 --data "$data" --api-key "$key" >"$logs/$name.out" 2>"$logs/$name.err" &
  server=$!
  for _ in $(seq 1 300); do
    line=$(grep -m 1 '^listening on http://' "$logs/$name.out" 2>/dev/null || true)
    [ -n "$line" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$line" ]; then
    echo "sdk-e2e: serve did not print 'listening on' within 30 s; its stderr:" >&2
    tail -n 20 "$logs/$name.err" >&2
    exit 1
  fi
  base=${line#listening on }
  echo "sdk-e2e: $name server at $base (pid $server, data $data)" >&2
}

# stop_checked NAME — SIGTERM, and the server must exit 0.
stop_checked() {
  local name=$1 status=0
  kill -TERM "$server"
  wait "$server" || status=$?
  server=
  if [ "$status" -eq 0 ]; then
    echo "ok    serve ($name) stops on SIGTERM with exit 0"
  else
    echo "FAIL  serve ($name) exited $status on SIGTERM; its stderr:"
    tail -n 20 "$logs/$name.err"
    failed=1
  fi
}

failed=0
start_server first
"$venv/bin/python" Tests/SDK/e2e.py --base "$base" --bin "$bin" --key "$key" \
  --state "$logs/state.json" || failed=1
stop_checked first

start_server restarted
"$venv/bin/python" Tests/SDK/e2e.py --base "$base" --bin "$bin" --key "$key" \
  --state "$logs/state.json" --after-restart || failed=1
stop_checked restarted

if [ "$failed" -ne 0 ]; then
  echo "sdk-e2e: FAILED; the server's last log lines:" >&2
  tail -n 30 "$logs/first.err" >&2
  exit 1
fi
echo "sdk-e2e: all cases passed"
