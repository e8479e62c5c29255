#!/usr/bin/env bash
# Benchmarks `wan-preflight preview` of a job with a 4000x3000 JPEG first frame and a last frame
# against `check` of the same job: whole-process time (hyperfine) and the ratio (target <= 1.5).
#
#   bench/preview.sh         RUNS=10 by default
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}

source bench/common.sh
bench_setup ffmpeg hyperfine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=s=4000x3000" -frames:v 1 -q:v 2 \
  "$work/first.jpg"
ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=s=1920x1080" -frames:v 1 -q:v 2 \
  "$work/last.jpg"
cat > "$work/request.json" <<JSON
{"model": "wan2.7-i2v",
 "input": {"media": [{"type": "first_frame", "url": "first.jpg"},
                     {"type": "last_frame", "url": "last.jpg"}]},
 "parameters": {"resolution": "720P", "duration": 5}}
JSON

hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  "$bin check $work/request.json" \
  "$bin preview $work/request.json --out $work/pv" >/dev/null 2>&1

python3 - "$work/times.json" <<'PY'
import json, sys
check, preview = [r["mean"] * 1000 for r in json.load(open(sys.argv[1]))["results"]]
print(f"{'wan-preflight check':24} {check:7.1f} ms")
print(f"{'wan-preflight preview':24} {preview:7.1f} ms")
print(f"ratio {preview / check:.2f} (target <= 1.5)")
PY
