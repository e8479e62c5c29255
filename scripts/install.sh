#!/usr/bin/env bash
# Installs or uninstalls wan-preflight: the binary, its man page and its bash, zsh and fish
# completions. `make install` and `make uninstall` call it.
#
#   scripts/install.sh install   [PREFIX=/usr/local] [DESTDIR=] [CONFIGURATION=release]
#   scripts/install.sh uninstall [PREFIX=/usr/local] [DESTDIR=]
#
# install builds with `swift build -c $CONFIGURATION --static-swift-stdlib` in .build-install
# (the Swift runtime linked in, so the binary needs only FFmpeg's, SQLite's and the C library's
# shared libraries), writes the man pages with swift-argument-parser's generate-manual and the
# completion scripts with `wan-preflight --generate-completion-script`. Files go under
# $DESTDIR$PREFIX:
#   bin/wan-preflight
#   share/man/man1/wan-preflight.1 (and one page a subcommand)
#   share/bash-completion/completions/wan-preflight
#   share/zsh/site-functions/_wan-preflight
#   share/fish/vendor_completions.d/wan-preflight.fish
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
prefix=${PREFIX:-/usr/local}
root="${DESTDIR:-}$prefix"
configuration=${CONFIGURATION:-release}
swift=${SWIFT:-swift}

bin_dir="$root/bin"
man_dir="$root/share/man/man1"
bash_dir="$root/share/bash-completion/completions"
zsh_dir="$root/share/zsh/site-functions"
fish_dir="$root/share/fish/vendor_completions.d"

case "$action" in
  install)
    # A build folder of its own: in the shared .build, SwiftPM reuses the objects compiled for the
    # shared runtime, whose autolink entries lack the libraries under Foundation's static archives
    # (_FoundationICU, CoreFoundation, ...), and the static link fails; the objects this writes
    # name them, and a later plain `swift build` would in turn fail on them.
    build=("$swift" build -c "$configuration" --static-swift-stdlib --scratch-path .build-install)
    "${build[@]}"
    # swift-argument-parser's generate-manual (the tool behind its plugin), built with the same
    # flags: the plugin would build every product again without the static runtime. It runs
    # the binary with --experimental-dump-help and writes a page a command.
    "${build[@]}" --product generate-manual
    folder=$("${build[@]}" --show-bin-path)
    built="$folder/wan-preflight"
    pages=$(mktemp -d)
    trap 'rm -rf "$pages"' EXIT
    date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
    "$folder/generate-manual" "$built" --multi-page --date "$date" --output-directory "$pages"
    [ -f "$pages/wan-preflight.1" ] || {
      echo "install: generate-manual wrote no wan-preflight.1" >&2
      exit 1
    }
    install -d "$bin_dir" "$man_dir" "$bash_dir" "$zsh_dir" "$fish_dir"
    install -m 755 "$built" "$bin_dir/wan-preflight"
    install -m 644 "$pages"/*.1 "$man_dir/"
    "$built" --generate-completion-script bash >"$bash_dir/wan-preflight"
    "$built" --generate-completion-script zsh >"$zsh_dir/_wan-preflight"
    "$built" --generate-completion-script fish >"$fish_dir/wan-preflight.fish"
    chmod 644 "$bash_dir/wan-preflight" "$zsh_dir/_wan-preflight" "$fish_dir/wan-preflight.fish"
    echo "installed wan-preflight $("$bin_dir/wan-preflight" --version) under $root"
    ;;
  uninstall)
    rm -f "$bin_dir/wan-preflight" "$man_dir"/wan-preflight.1 "$man_dir"/wan-preflight.*.1 \
      "$bash_dir/wan-preflight" "$zsh_dir/_wan-preflight" "$fish_dir/wan-preflight.fish"
    echo "removed wan-preflight from $root"
    ;;
  *)
    echo "usage: scripts/install.sh install|uninstall (PREFIX, DESTDIR, CONFIGURATION from the environment)" >&2
    exit 2
    ;;
esac
