#!/usr/bin/env bash
# Start-up of wan-preflight: `--version` and a one-file `probe`, with the Swift runtime linked in
# (`--static-swift-stdlib`, as `make install` builds it) and as shared libraries (a plain
# `swift build -c release`), against ffprobe on the same file, and the floor: a C program that
# only opens the file with libavformat (bench/startup.c), so the cost of loading FFmpeg's shared
# libraries shows. Target: the static one-file probe <= 0.7x ffprobe's time.
#
#   bench/startup.sh          RUNS=50 by default
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-50}

source bench/common.sh
bench_setup ffmpeg hyperfine python3 gcc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The shared-runtime build is $bin (bench/common.sh); the static one has a build folder of its
# own, so that neither build undoes the other and a second run of this script builds nothing.
static=(--configuration release --static-swift-stdlib --scratch-path .build-static)
swift build "${static[@]}" >/dev/null
cp "$bin" "$work/wan-preflight-shared"
cp "$(swift build "${static[@]}" --show-bin-path)/wan-preflight" "$work/wan-preflight-static"
# shellcheck disable=SC2046
gcc -O2 -o "$work/floor" bench/startup.c $(pkg-config --cflags --libs libavformat libavutil)

image=fixtures/media/image/jpeg_640x480.jpg
hyperfine --style none --warmup 5 --runs "$runs" --export-json "$work/startup.json" \
  "$work/wan-preflight-shared --version" \
  "$work/wan-preflight-static --version" \
  "$work/wan-preflight-shared probe --format json $image" \
  "$work/wan-preflight-static probe --format json $image" \
  "ffprobe -v error -show_format -show_streams -of json $image" \
  "$work/floor $image" >/dev/null 2>&1

python3 - "$work/startup.json" <<'PY'
import json, sys
mean = [r["mean"] * 1000 for r in json.load(open(sys.argv[1]))["results"]]
shared_version, static_version, shared_probe, static_probe, ffprobe, floor = mean
print(f"{'start-up':44} {'ms':>8} {'vs ffprobe':>11}")
for label, value in [("--version, shared Swift runtime", shared_version),
                     ("--version, static Swift runtime", static_version),
                     ("probe one JPEG, shared Swift runtime", shared_probe),
                     ("probe one JPEG, static Swift runtime", static_probe),
                     ("ffprobe -show_format -show_streams", ffprobe),
                     ("floor: C, avformat_open_input only", floor)]:
    print(f"{label:44} {value:8.1f} {value / ffprobe:10.2f}x")
ratio = static_probe / ffprobe
print(f"static linking saves {shared_probe - static_probe:.1f} ms a probe; "
      f"probe ratio {ratio:.2f} ({'met' if ratio <= 0.7 else 'missed'}, <= 0.7)")
PY
