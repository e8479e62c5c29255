#!/usr/bin/env bash
# Installs the programs the test suite runs hint commands with (the tool itself never runs
# them): the ffmpeg CLI, libheif's heif-enc/heif-convert and librsvg's rsvg-convert. Does
# nothing when all are on PATH; on a machine without apt-get it says what to install, and the
# tests that need a missing program are skipped with a reason.
set -euo pipefail

programs=(ffmpeg heif-enc heif-convert rsvg-convert)
packages=(ffmpeg libheif-examples librsvg2-bin)

missing=0
for program in "${programs[@]}"; do command -v "$program" >/dev/null 2>&1 || missing=1; done
[ "$missing" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: apt-get not found; install ${programs[*]} to run every hint test" >&2
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-test-tools: not root and no sudo; hint tests that need ${programs[*]} skip" >&2
    exit 0
  fi
  sudo=(sudo)
fi
echo "install-test-tools: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
