#!/usr/bin/env bash
# Installs what wan-preflight needs to build on Debian or Ubuntu: pkg-config, FFmpeg's
# development libraries and zlib's. Does nothing when pkg-config already finds them.
set -euo pipefail

libraries=(libavformat libavcodec libavutil libswscale zlib)
packages=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libswscale-dev zlib1g-dev)

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${libraries[@]}"; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not found; install pkg-config and FFmpeg's development files" \
    "(${libraries[*]}) with your package manager, then run make again." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: not root and no sudo; run as root: apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
pkg-config --exists "${libraries[@]}"
