#!/usr/bin/env bash
# Benchmarks `wan-preflight serve` on loopback with wrk (task queries) and a bounded Python client
# (bench/serve_load.py, standard library only): task queries a second, creations a second with a
# 200 KB data: URI image, one placeholder video's wall time, the p99 query latency while videos
# render, and the server's resident memory over rounds of 10,000 tasks, in memory and in SQLite.
#
#   bench/serve.sh                          the release build (built by bench/common.sh)
#   WAN_PREFLIGHT_BIN=.build/debug/wan-preflight bench/serve.sh   another binary, no build
#
# Every request goes to 127.0.0.1 on a port the server picked; each phase is bounded in count
# and seconds, and the server is stopped with SIGTERM at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/common.sh
if [ -n "${WAN_PREFLIGHT_BIN:-}" ]; then
  bin=$WAN_PREFLIGHT_BIN
else
  bench_setup ffmpeg python3 wrk
fi

work=$(mktemp -d)
server=
stop() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
  rm -rf "$work"
}
trap stop EXIT

# A 166 KB picture (a 227 KB data: URI): a noisy 400x256 JPEG (noise does not compress).
ffmpeg -nostdin -loglevel error -y -f lavfi -i "nullsrc=s=400x256,format=yuv444p" \
  -vf "geq=lum='random(1)*255':cb='random(2)*255':cr='random(3)*255'" -frames:v 1 -q:v 5 \
  "$work/noise.jpg"

# start_server [FLAG...]: serve on a free loopback port; sets $server (its pid) and $base.
start_server() {
  : >"$work/out"
  "$bin" serve --port 0 --rate off --concurrency off --queue-seconds 0 --run-seconds 0 "$@" \
    >"$work/out" 2>/dev/null &
  server=$!
  for _ in $(seq 1 300); do
    grep -q '^listening on ' "$work/out" 2>/dev/null && break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$work/out")
  [ -n "$base" ] || { echo "bench: serve $* did not start" >&2; exit 1; }
}

start_server
python3 bench/serve_load.py --base "$base" --pid "$server" --image "$work/noise.jpg" \
  --small fixtures/media/image/png_640x480.png
kill -TERM "$server"
wait "$server" || true

# Four rounds of 10,000 tasks against a server that keeps them in SQLite (--data): the records
# are not on the heap, so once SQLite's page caches are full its memory stays flat (the in-memory
# store above holds every record until the time to live, about 0.8 KiB each).
start_server --data "$work/data"
python3 bench/serve_load.py --base "$base" --pid "$server" --image "$work/noise.jpg" \
  --small fixtures/media/image/png_640x480.png --memory-only "SQLite, --data" --rounds 4
