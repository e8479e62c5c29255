#!/usr/bin/env bash
# Builds the Examples/ package (a package of its own that depends on this one by path, as another
# project would) and runs its program: on a good request it must print these facts and exit 0, on
# a mistake name the rule and exit 1. The facts are ffprobe's (640x480; 320x240, 3.000 s).
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}

"$swift" build --package-path Examples
example=$("$swift" build --package-path Examples --show-bin-path)/preflight-example

fail() {
  echo "test-examples: $*" >&2
  exit 1
}

output=$("$example" fixtures/requests/first_last_frame.json \
  fixtures/media/image/jpeg_640x480.jpg fixtures/media/video/mp4_h264_aac_3s_320x240.mp4) ||
  fail "preflight-example exited $? on fixtures/requests/first_last_frame.json"
echo "$output"
for line in \
  "probe fixtures/media/image/jpeg_640x480.jpg: image jpeg 640x480" \
  "probe fixtures/media/video/mp4_h264_aac_3s_320x240.mp4: video mp4 320x240 3.000 s" \
  "check fixtures/requests/first_last_frame.json: ok, task first_frame+last_frame, output 1648x1232 (assumed), 120 frames, billed 4 s"; do
  grep -Fxq -- "$line" <<<"$output" || fail "missing line: $line"
done
grep -Eq '^build: [0-9]+ bytes, model wan2\.7-i2v-2026-04-25$' <<<"$output" ||
  fail "no build line for the body"

status=0
output=$("$example" fixtures/requests/mistakes/audio_base64.json) || status=$?
echo "$output"
[ "$status" -eq 1 ] || fail "exit status $status on a mistake (expected 1)"
grep -Fxq "error base64_not_allowed at /input/media/1/url" <<<"$output" ||
  fail "the mistake's rule is not named"
echo "test-examples: passed"
