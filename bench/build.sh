#!/usr/bin/env bash
# Benchmarks `wan-preflight build` on a 19 MB image against `base64 -w0` of the same file:
# whole-process time (hyperfine) and peak memory (GNU time's maximum resident set size).
#
#   bench/build.sh           RUNS=20 by default
#
# `build` does more than encode: it checks the request first (probes and decodes the image),
# then streams the base64 into the body. The ratio shows what that costs over a bare encoder.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}

source bench/common.sh
bench_setup ffmpeg hyperfine time

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A 19 MB picture: a noisy 3500x2500 JPEG at the highest quality (noise does not compress).
ffmpeg -nostdin -loglevel error -y -f lavfi -i "nullsrc=s=3500x2500,format=yuv444p" \
  -vf "geq=lum='random(1)*255':cb='random(2)*255':cr='random(3)*255'" -frames:v 1 -q:v 1 \
  -pix_fmt yuvj444p "$work/big.jpg"
size=$(stat -c %s "$work/big.jpg")
cat > "$work/request.json" <<JSON
{"model": "wan2.7-i2v",
 "input": {"media": [{"type": "first_frame", "url": "big.jpg"}]},
 "parameters": {"resolution": "720P", "duration": 5}}
JSON

hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  "$bin build $work/request.json -o $work/body.json" \
  "base64 -w0 $work/big.jpg > $work/plain.b64" \
  "$bin probe $work/big.jpg" >/dev/null 2>&1
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
ours_kb=$(peak "$bin" build "$work/request.json" -o "$work/body.json")
theirs_kb=$(peak base64 -w0 "$work/big.jpg")
probe_kb=$(peak "$bin" probe "$work/big.jpg")

python3 - "$work/times.json" "$size" "$ours_kb" "$theirs_kb" "$probe_kb" <<'PY'
import json, sys
times, size = sys.argv[1], int(sys.argv[2])
ours_kb, theirs_kb, probe_kb = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ours, theirs, probe = [r["mean"] * 1000 for r in json.load(open(times))["results"]]
mb = size / 1e6
print(f"image: {mb:.1f} MB JPEG; body: about {mb * 4 / 3:.1f} MB")
print(f"{'':28} {'time':>10} {'peak RSS':>10}")
print(f"{'wan-preflight build':28} {ours:7.1f} ms {ours_kb / 1024:7.1f} MB")
print(f"{'base64 -w0':28} {theirs:7.1f} ms {theirs_kb / 1024:7.1f} MB")
print(f"{'  of which probing (decoding)':28} {probe:7.1f} ms {probe_kb / 1024:7.1f} MB")
print(f"{'  of which building':28} {ours - probe:7.1f} ms")
print(f"time ratio {ours / theirs:.2f} (target <= 2.0); building alone {(ours - probe) / theirs:.2f}; "
      f"peak memory {ours_kb * 1024 / size:.2f}x the file, of which building adds "
      f"{(ours_kb - probe_kb) / 1024:.1f} MB (target: about 3 copies or less)")
PY
