# Shared by the benchmark scripts: installs the tools they need, builds wan-preflight in release
# mode and sets $bin to it. Source it from the repository root.
# shellcheck shell=bash

# bench_setup TOOL... — installs the named Debian packages when their commands are missing.
bench_setup() {
  local need=() tool
  for tool in "$@"; do
    case $tool in
      time) [ -x /usr/bin/time ] || need+=(time) ;;
      *) command -v "$tool" >/dev/null 2>&1 || need+=("$tool") ;;
    esac
  done
  if [ ${#need[@]} -gt 0 ]; then
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "bench: installing ${need[*]}" >&2
    "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  scripts/install-deps.sh
  swift build -c release >/dev/null
  bin=$(swift build -c release --show-bin-path)/wan-preflight
}
