#!/usr/bin/env bash
# Benchmarks `wan-preflight lint` on a generated tree of 500 requests over 300 media files against
# what a user would script instead: ffprobe on every media file plus a JSON check of every request.
# Prints times, the ratio (target: at least 10x faster) and lint's peak memory (target: < 300 MB).
#
#   bench/lint.sh            RUNS=2 by default (the scripted alternative takes over a minute a run)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-2}

source bench/common.sh
bench_setup ffmpeg hyperfine time

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/assets" "$work/repo/jobs"
git -C "$work/repo" init -q  # lint reads media inside the repository only
echo "bench: generating 300 media files and 500 requests in $work" >&2
ff() { ffmpeg -nostdin -loglevel error -y "$@"; }
for i in $(seq 0 9); do
  ff -f lavfi -i "testsrc2=size=$((640 + i * 16))x480" -frames:v 1 "$work/repo/assets/seed_$i.jpg"
  ff -f lavfi -i "testsrc2=size=480x$((640 + i * 16))" -frames:v 1 -pix_fmt rgb24 \
    "$work/repo/assets/seed_$i.png"
  ff -f lavfi -i "testsrc2=size=640x360:rate=15" -t 3 -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p "$work/repo/assets/seed_$i.mp4"
done
for i in $(seq 0 299); do
  case $((i % 3)) in
    0) cp "$work/repo/assets/seed_$((i % 10)).jpg" "$work/repo/assets/m$i.jpg" ;;
    1) cp "$work/repo/assets/seed_$((i % 10)).png" "$work/repo/assets/m$i.png" ;;
    2) cp "$work/repo/assets/seed_$((i % 10)).mp4" "$work/repo/assets/m$i.mp4" ;;
  esac
done
for r in $(seq 0 499); do
  m=$((r * 7 % 300))
  case $((m % 3)) in
    0) media="{\"type\": \"first_frame\", \"url\": \"../assets/m$m.jpg\"}" ;;
    1) media="{\"type\": \"first_frame\", \"url\": \"../assets/m$m.png\"}" ;;
    2) media="{\"type\": \"first_clip\", \"url\": \"../assets/m$m.mp4\"}" ;;
  esac
  printf '{"model": "wan2.7-i2v", "input": {"prompt": "job %d", "media": [%s]},\n "parameters": {"resolution": "720P", "duration": 8}}\n' \
    "$r" "$media" > "$work/repo/jobs/job_$r.json"
done

cd "$work/repo"
hyperfine --style none --runs "$runs" -i --export-json "$work/times.json" \
  "$bin lint --format json --output $work/lint.json jobs" \
  "for f in assets/*; do ffprobe -v error -show_format -show_streams -of json \$f >/dev/null; done; for r in jobs/*.json; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \$r; done" \
  >/dev/null 2>&1
peak_kb=$(/usr/bin/time -f %M "$bin" lint --format json --output "$work/lint.json" jobs 2>&1 >/dev/null | tail -n 1)
python3 - "$work/times.json" "$peak_kb" "$work/lint.json" <<'PY'
import json, sys
ours, theirs = [r["mean"] for r in json.load(open(sys.argv[1]))["results"]]
peak = int(sys.argv[2]) / 1024
lint = json.load(open(sys.argv[3]))
print(f"tree: {lint['requests']} requests over 300 media files; {lint['errors']} errors reported")
print(f"{'wan-preflight lint':44} {ours:8.2f} s   peak RSS {peak:6.1f} MB (target < 300 MB)")
print(f"{'ffprobe each media + python json each request':44} {theirs:8.2f} s")
print(f"speed-up {theirs / ours:.1f}x (target >= 10x)")
PY
