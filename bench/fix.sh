#!/usr/bin/env bash
# Benchmarks `wan-preflight fix` against the ffmpeg command a user would reach for to do the
# same to the same file: whole-process time (hyperfine) and peak memory (GNU time's maximum
# resident set size, taken inside every timed run).
#
#   bench/fix.sh             RUNS=10 for the pictures, CLIP_RUNS=2 for the clip by default
#   BIN=path bench/fix.sh    times another build of wan-preflight (one with video, say)
#
# `fix` does more than convert: it checks the request first (probes and decodes the input),
# writes request.json and checks the fixed request again. The ratios show what that costs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
clip_runs=${CLIP_RUNS:-2}
# The x264 preset `fix` encodes clips with (VideoTransform's default) and its rate factor.
preset=${PRESET:-medium}
crf=${CRF:-20}

source bench/common.sh
bench_setup ffmpeg hyperfine time python3
bin=${BIN:-$bin}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet=(-nostdin -loglevel error -y)
# A 24-megapixel photo-like JPEG (a test pattern with grain, about 3.5 MB), a 12-megapixel
# RGBA PNG whose right half is half transparent, and 10 s of 1080p VP9 at 25 fps.
ffmpeg "${quiet[@]}" -f lavfi -i "testsrc2=s=6000x4000,noise=alls=12:allf=u" -frames:v 1 \
  -q:v 3 "$work/photo.jpg"
ffmpeg "${quiet[@]}" -f lavfi \
  -i "testsrc2=s=4000x3000,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(X,2000),255,128)'" \
  -frames:v 1 "$work/alpha.png"
ffmpeg "${quiet[@]}" -f lavfi -i "testsrc2=s=1920x1080:r=25:d=10" -c:v libvpx-vp9 \
  -deadline realtime -cpu-used 8 -b:v 4M -pix_fmt yuv420p "$work/clip.webm"

fix=("$bin" fix --resolution 720P)
# The output size `--to-output-size` picks, so that ffmpeg scales to the very same size.
"${fix[@]}" --duration 5 --first-frame "$work/photo.jpg" --to-output-size --out "$work/probe" \
  >/dev/null
size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x \
  "$work/probe/first_frame.jpg")

# measure NAME RUNS OURS THEIRS: times both commands in one hyperfine run, each run under GNU
# time appending its peak RSS (KB) to NAME.ours.kb / NAME.theirs.kb.
measure() {
  local name=$1 count=$2 ours=$3 theirs=$4 warmup=2
  [ "$count" -le 2 ] && warmup=0
  hyperfine --style none --warmup "$warmup" --runs "$count" \
    --export-json "$work/$name.json" \
    "/usr/bin/time -a -o $work/$name.ours.kb -f %M $ours" \
    "/usr/bin/time -a -o $work/$name.theirs.kb -f %M $theirs" >/dev/null
}

measure jpeg "$runs" \
  "${fix[*]} --duration 5 --first-frame $work/photo.jpg --to-output-size --out $work/jpeg" \
  "ffmpeg ${quiet[*]} -i $work/photo.jpg -vf scale=${size/x/:} -q:v 2 $work/ffmpeg.jpg"
measure png "$runs" \
  "${fix[*]} --duration 5 --first-frame $work/alpha.png --out $work/png" \
  "ffmpeg ${quiet[*]} -i $work/alpha.png -filter_complex \
'[0]split[a][b];[a]drawbox=c=white:t=fill[bg];[bg][b]overlay,format=rgb24' $work/ffmpeg.png"

clip_skipped=""
if out=$("${fix[@]}" --duration 15 --clip "$work/clip.webm" --out "$work/clip-probe" 2>&1); then
  measure clip "$clip_runs" \
    "${fix[*]} --duration 15 --clip $work/clip.webm --out $work/clip" \
    "ffmpeg ${quiet[*]} -i $work/clip.webm -c:v libx264 -preset $preset -crf $crf \
-pix_fmt yuv420p -movflags +faststart $work/ffmpeg.mp4"
else
  echo "bench: fix --clip failed:" >&2
  echo "$out" >&2
  exit 1
fi

python3 - "$work" "$size" "$preset" "$clip_skipped" <<'PY'
import json, os, sys
work, size, preset, skipped = sys.argv[1:5]
# Two decoded frames of each input: YUV 4:2:0 JPEG, RGBA PNG, YUV 4:2:0 video.
cases = [
    ("jpeg", f"JPEG 6000x4000 -> {size} JPEG", 6000 * 4000 * 3 // 2, 1.0),
    ("png", "PNG 4000x3000 RGBA flattened", 4000 * 3000 * 4, 1.0),
    ("clip", f"WebM 1080p 10 s -> H.264 ({preset})", 1920 * 1080 * 3 // 2, 1.2),
]
def peak(name, side):
    with open(os.path.join(work, f"{name}.{side}.kb")) as f:
        return max(int(line) for line in f if line.strip().isdigit()) / 1024
print(f"{'':36} {'fix':>10} {'ffmpeg':>10} {'ratio':>6} {'target':>7}"
      f" {'fix RSS':>9} {'ffmpeg RSS':>10} {'2 frames':>9}")
ratios = []
for name, label, frame, target in cases:
    path = os.path.join(work, f"{name}.json")
    if not os.path.exists(path):
        print(f"{label:36} skipped: {skipped}")
        continue
    ours, theirs = [r["mean"] * 1000 for r in json.load(open(path))["results"]]
    ratio = ours / theirs
    ratios.append(f"{name} {ratio:.2f} ({'met' if ratio <= target else 'missed'}, <= {target})")
    unit = "s " if ours >= 10000 else "ms"
    scale = 1000 if unit == "s " else 1
    print(f"{label:36} {ours / scale:7.1f} {unit} {theirs / scale:7.1f} {unit} {ratio:6.2f}"
          f" {'<= ' + str(target):>7} {peak(name, 'ours'):6.0f} MB {peak(name, 'theirs'):7.0f} MB"
          f" {2 * frame / 2**20:6.0f} MB")
print("time ratios: " + "; ".join(ratios))
print("memory target: at most 2 decoded frames + encoder state (fix also holds the input file)")
PY
