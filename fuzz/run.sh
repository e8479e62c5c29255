#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer, leak detection on) and runs them.
#
#   fuzz/run.sh [--seconds N] [--regress] [probe] [request]
#
#   --seconds N   how long each target fuzzes (default 60); the targets run side by side,
#                 one core each
#   --regress     only replay the saved findings (fixtures/fuzz/<target>/) and exit; this
#                 builds without optimisation (in fuzz/.build-regress), which compiles in
#                 less time than the optimised build fuzzing wants
#   FUZZ_BUILD_PATH=DIR   build in DIR instead of fuzz/.build (or fuzz/.build-regress)
#
# Seeds: the fixtures (media, hostile files, requests, golden bodies), every saved finding, the
# structure seeds of fuzz/seeds/<target>/, and the real-world files of ../shared/corpus when it
# is present (under 1 MiB each). FuzzProbe also has a structure-aware mutator
# (fuzz/Sources/FuzzProbeMutator) that rewrites ISO box sizes and PNG chunk lengths.
# The corpus a run grows is kept in fuzz/corpus/<target>/ (not committed) and seeds the next
# run; findings land in fuzz/findings/<target>/, the log in fuzz/out/<target>.log. Exits 1 when
# a target found a crash, a leak, a time-out or an out-of-memory.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
regress=no
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --regress) regress=yes; shift ;;
    probe|request) targets+=("$1"); shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz/run.sh: unknown argument '$1' (expected --seconds N, --regress, probe, request)" >&2
       exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(probe request)
case "$seconds" in ''|*[!0-9]*) echo "fuzz/run.sh: --seconds takes whole seconds, not '$seconds'" >&2; exit 2 ;; esac

scripts/install-deps.sh
# One build of the whole package (a build of one --product leaves its dependencies without
# libFuzzer's coverage counters). SwiftPM hands swiftc `-sanitize=fuzzer` and `-sanitize=address`
# as two flags in no fixed order, and swiftc keeps only the last: the Swift code would get either
# coverage or AddressSanitizer. The one combined flag after them gives it both; --sanitize still
# instruments the C targets and links the runtimes. Both binaries must report their counters.
# FUZZ_BUILD_PATH names another build folder, so that a run can start while another one's
# binaries are still in use.
configuration=release
default_path=fuzz/.build
if [ "$regress" = yes ]; then
  configuration=debug
  default_path=fuzz/.build-regress
fi
build_path="${FUZZ_BUILD_PATH:-$default_path}"
build=(swift build --package-path fuzz --scratch-path "$build_path" -c "$configuration"
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
instrumented() {
  local target
  for target in FuzzProbe FuzzRequest; do
    case "$("$bin/$target" -runs=0 2>&1)" in *'inline 8-bit counters'*) ;; *) return 1 ;; esac
  done
}
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)"
if ! instrumented; then
  echo "fuzz: the targets lack coverage counters; building them again from scratch" >&2
  rm -rf "$build_path"
  "${build[@]}"
  instrumented || { echo "fuzz: the targets are still not instrumented for coverage" >&2; exit 1; }
fi

# Swift's own crash handler would hide the first report behind one about itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:${ASAN_OPTIONS:-}"

binary() { case "$1" in probe) echo "$bin/FuzzProbe" ;; request) echo "$bin/FuzzRequest" ;; esac; }

seed() {
  local target="$1" folder="fuzz/corpus/$1"
  mkdir -p "$folder"
  local sources=()
  case "$target" in
    probe) sources+=(fixtures/media fixtures/hostile/files) ;;
    request) sources+=(fixtures/requests Tests/WanPreflightTests/Golden) ;;
  esac
  [ -d "fixtures/fuzz/$target" ] && sources+=("fixtures/fuzz/$target")
  # Structure seeds (fuzz/seeds/make-seeds.sh): size fields in every form our parsers read.
  [ -d "fuzz/seeds/$target" ] && sources+=("fuzz/seeds/$target")
  # The real-world corpus beside the repository, when it is there (copied into the working
  # corpus only, which is not committed).
  [ "$target" = probe ] && [ -d ../shared/corpus ] && sources+=(../shared/corpus)
  local file
  find "${sources[@]}" -type f -size -1024k ! -name README.md ! -name MANIFEST.tsv |
  while read -r file; do
    cp -n "$file" "$folder/seed-${file//\//_}"
  done
}

if [ "$regress" = yes ]; then
  status=0
  for target in "${targets[@]}"; do
    inputs=(fixtures/fuzz/"$target"/*)
    [ -e "${inputs[0]}" ] || { echo "fuzz: no saved findings for $target"; continue; }
    echo "fuzz: replaying ${#inputs[@]} saved findings through $target"
    "$(binary "$target")" -timeout=30 -rss_limit_mb=4096 "${inputs[@]}" || status=1
  done
  exit $status
fi

mkdir -p fuzz/out
pids=()
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "fuzz/findings/$target"
  max_len=$([ "$target" = probe ] && echo 262144 || echo 65536)
  echo "fuzz: $target for $seconds s (log: fuzz/out/$target.log)"
  "$(binary "$target")" "fuzz/corpus/$target" \
    -dict="fuzz/$target.dict" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="fuzz/findings/$target/" \
    >"fuzz/out/$target.log" 2>&1 &
  pids+=($!)
done

status=0
for index in "${!pids[@]}"; do
  target="${targets[$index]}"
  if wait "${pids[$index]}"; then result=clean; else result=FINDING; status=1; fi
  log="fuzz/out/$target.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
  echo "fuzz: $target: $result, ${runs:-?} inputs, ${coverage:-cov: ?}," \
    "corpus $(find "fuzz/corpus/$target" -type f | wc -l) files"
  [ "$result" = clean ] || grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix)' "$log" || true
done
exit $status
