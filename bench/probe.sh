#!/usr/bin/env bash
# Benchmarks `wan-preflight probe` against what a user would otherwise run:
# `ffprobe -show_format -show_streams -of json`, whole process, on the same files.
#
#   bench/probe.sh            build in release mode, generate test media, print the ratios
#   RUNS=50 bench/probe.sh    more runs per measurement (default 20)
#
# Needs the ffmpeg CLI (to make media) and hyperfine; installs them with apt-get when missing.
# Generated media lives in a temporary folder that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}

source bench/common.sh
bench_setup ffmpeg hyperfine python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "bench: generating media in $work" >&2
ff() { ffmpeg -nostdin -loglevel error -y "$@"; }
# A 1080p, 60 s MP4 (moov first), as a phone would hand over.
ff -f lavfi -i testsrc2=size=1920x1080:rate=30 -t 60 -c:v libx264 -preset ultrafast -crf 30 \
  -pix_fmt yuv420p -movflags +faststart "$work/1080p_60s.mp4"
# Two MP4s with moov first that differ 100x in size: 2 MB and 200 MB.
ff -f lavfi -i testsrc2=size=1280x720:rate=30 -t 2 -c:v libx264 -preset ultrafast -b:v 8M \
  -maxrate 8M -bufsize 1M -pix_fmt yuv420p "$work/segment.mp4"
ff -i "$work/segment.mp4" -c copy -movflags +faststart "$work/small_2MB.mp4"
ff -stream_loop 99 -i "$work/segment.mp4" -c copy -movflags +faststart "$work/large_200MB.mp4"
# 200 small files: images of each accepted format and short clips.
mkdir -p "$work/many"
for i in $(seq 1 40); do
  ff -f lavfi -i "testsrc2=size=$((320 + i * 8))x240" -frames:v 1 "$work/many/img_$i.jpg"
  ff -f lavfi -i "testsrc2=size=$((320 + i * 8))x240" -frames:v 1 "$work/many/img_$i.png"
  ff -f lavfi -i "testsrc2=size=$((320 + i * 8))x240" -frames:v 1 "$work/many/img_$i.webp"
  ff -f lavfi -i "sine=frequency=$((200 + i * 10)):duration=2" "$work/many/tone_$i.wav"
  ff -f lavfi -i "testsrc2=size=320x240:rate=15" -t 2 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p "$work/many/clip_$i.mp4"
done
image=fixtures/media/image/jpeg_640x480.jpg
clip=fixtures/media/video/mp4_h264_aac_3s_320x240.mp4
ffprobe_cmd='ffprobe -v error -show_format -show_streams -of json'

measure() { # name, command...
  local name=$1; shift
  hyperfine --style none --warmup 3 --runs "$runs" --export-json "$work/$name.json" "$@" \
    >/dev/null 2>&1
}
measure image "$bin probe --format json $image" "$ffprobe_cmd $image"
measure clip "$bin probe --format json $clip" "$ffprobe_cmd $clip"
measure hd "$bin probe --format json $work/1080p_60s.mp4" "$ffprobe_cmd $work/1080p_60s.mp4"
measure many "$bin probe --format json $work/many/*" \
  "for f in $work/many/*; do $ffprobe_cmd \$f >/dev/null; done"
measure flat "$bin probe --format json $work/small_2MB.mp4" \
  "$bin probe --format json $work/large_200MB.mp4"

python3 - "$work" "$(ls "$work/many" | wc -l)" \
  "$(du -m "$work/large_200MB.mp4" | cut -f1)" <<'PY'
import json, sys
work, count, large_mb = sys.argv[1], sys.argv[2], sys.argv[3]
def means(name):
    results = json.load(open(f"{work}/{name}.json"))["results"]
    return [r["mean"] * 1000 for r in results]
rows = [
    ("fixture JPEG 640x480", "image", "ratio <= 1.0"),
    ("fixture MP4 3 s", "clip", "ratio <= 1.0"),
    ("MP4 1080p 60 s", "hd", "ratio <= 1.0"),
    (f"{count} files, one call vs an ffprobe loop", "many", "ratio <= 0.1"),
]
print(f"{'case':44} {'wan-preflight':>14} {'ffprobe':>10} {'ratio':>7}  target")
for label, name, target in rows:
    ours, theirs = means(name)
    print(f"{label:44} {ours:11.1f} ms {theirs:7.1f} ms {ours / theirs:7.3f}  {target}")
small, large = means("flat")
print(f"{'MP4 moov first: ' + large_mb + ' MB vs 2 MB (wan-preflight)':44} "
      f"{large:11.1f} ms {small:7.1f} ms {large / small:7.3f}  ratio <= 1.5")
PY
