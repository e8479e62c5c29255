#!/usr/bin/env bash
# Benchmarks `wan-preflight preview` of a job with a 4000x3000 JPEG first frame and a 1920x1080
# last frame against `check` of the same job: whole-process time (hyperfine) and the ratio
# (target <= 1.5). Twice: on FFmpeg's test card (flat areas, which PNG compresses well) and on
# the same card with film grain (noise that PNG cannot compress, as in a photo).
#
#   bench/preview.sh         RUNS=10 by default
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}

source bench/common.sh
bench_setup ffmpeg hyperfine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kind in card grain; do
  filter=null
  [ "$kind" = grain ] && filter="noise=alls=24:allf=t"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=s=4000x3000" -vf "$filter" \
    -frames:v 1 -q:v 2 "$work/first_$kind.jpg"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i "testsrc2=s=1920x1080" -vf "$filter" \
    -frames:v 1 -q:v 2 "$work/last_$kind.jpg"
  cat > "$work/$kind.json" <<JSON
{"model": "wan2.7-i2v",
 "input": {"media": [{"type": "first_frame", "url": "first_$kind.jpg"},
                     {"type": "last_frame", "url": "last_$kind.jpg"}]},
 "parameters": {"resolution": "720P", "duration": 5}}
JSON
done

hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/times.json" \
  "$bin check $work/card.json" \
  "$bin preview $work/card.json --out $work/pv_card" \
  "$bin check $work/grain.json" \
  "$bin preview $work/grain.json --out $work/pv_grain" >/dev/null 2>&1

python3 - "$work/times.json" <<'PY'
import json, sys
card_check, card_preview, grain_check, grain_preview = [
    r["mean"] * 1000 for r in json.load(open(sys.argv[1]))["results"]]
for label, check, preview in [("test card", card_check, card_preview),
                              ("test card with grain", grain_check, grain_preview)]:
    ratio = preview / check
    print(f"{label:22} check {check:7.1f} ms  preview {preview:7.1f} ms  "
          f"ratio {ratio:.2f} ({'met' if ratio <= 1.5 else 'missed'}, target <= 1.5)")
PY
