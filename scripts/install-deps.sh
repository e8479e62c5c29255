#!/usr/bin/env bash
# Installs what wan-preflight needs on Debian or Ubuntu, with apt-get, only when it is missing.
#   scripts/install-deps.sh               to build: pkg-config, FFmpeg's, zlib's and SQLite's development
#                                         libraries (fails when they cannot be installed)
#   scripts/install-deps.sh --test-tools  the programs the tests run hint commands with (ffmpeg,
#                                         heif-enc/heif-convert, rsvg-convert) and the headless
#                                         browser they render HTML pages with (chromium); the tool
#                                         itself never runs them; when they cannot be installed, it
#                                         says so and the tests that need them are skipped with a
#                                         reason; also man (the install test renders the
#                                         man page) and Python's jsonschema 4.18 or later (the
#                                         schema tests validate outputs with it), with pip
set -euo pipefail

# jsonschema with `referencing` (4.18+, newer than some distributions ship), for
# scripts/validate-json.py; pip into the user's site when the system's Python refuses (PEP 668).
install_jsonschema() {
  local check='import jsonschema, referencing'
  python3 -c "$check" 2>/dev/null && return 0
  command -v python3 >/dev/null 2>&1 || { echo "install-deps: python3 not found" >&2; return 0; }
  echo "install-deps: pip install jsonschema" >&2
  python3 -m pip install --quiet 'jsonschema>=4.18' 2>/dev/null ||
    python3 -m pip install --quiet --user --break-system-packages 'jsonschema>=4.18' 2>/dev/null ||
    echo "install-deps: could not pip install jsonschema; the schema tests are skipped" >&2
}

if [ "${1:-}" = "--test-tools" ]; then
  required=0
  install_jsonschema
  packages=(ffmpeg libheif-examples librsvg2-bin chromium man-db)
  present() {
    local program
    for program in ffmpeg heif-enc heif-convert rsvg-convert chromium man; do
      command -v "$program" >/dev/null 2>&1 || return 1
    done
  }
else
  required=1
  libraries=(libavformat libavcodec libavutil libswscale libswresample zlib sqlite3)
  packages=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev zlib1g-dev libsqlite3-dev)
  present() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${libraries[@]}"; }
fi

present && exit 0

# Without apt-get or root, building needs the user's hand; the test tools are optional.
give_up() {
  echo "install-deps: $1" >&2
  exit "$required"
}
command -v apt-get >/dev/null 2>&1 ||
  give_up "apt-get not found; install ${packages[*]} (or your system's equivalents)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || give_up "not root and no sudo; as root: apt-get install ${packages[*]}"
  sudo=(sudo)
fi

echo "install-deps: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
{ "${sudo[@]}" apt-get update -qq &&
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null &&
  present; } || give_up "could not install ${packages[*]}"
