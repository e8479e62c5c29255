#!/usr/bin/env bash
# Tests the pre-commit hook (.pre-commit-hooks.yaml) with `pre-commit try-repo` on a repository
# that also holds JSON and YAML files that are no requests (package.json, tsconfig.json, a
# workflow, a docker-compose.yml): they pass untouched; a good request passes; a request with
# duration 20 fails the hook.
#   scripts/test-pre-commit.sh BIN_FOLDER   the folder of the wan-preflight to put on the PATH
# pre-commit (pinned) is installed into the virtualenv .build/pre-commit-venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin_folder=$(cd "$1" && pwd)
venv=.build/pre-commit-venv
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.7.0"
fi
fail() { echo "test-pre-commit: $*" >&2; exit 1; }

repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q .
git config user.email test@example.invalid
git config user.name test
mkdir -p .github/workflows jobs media
echo '{"name": "site", "version": "1.0.0", "scripts": {"build": "tsc"}}' >package.json
echo '{"compilerOptions": {"strict": true}}' >tsconfig.json
printf 'on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n' \
  >.github/workflows/ci.yml
printf 'services:\n  web:\n    image: nginx\n' >docker-compose.yml
cp "$root/fixtures/media/image/png_640x480.png" media/
cat >jobs/cat.json <<'JSON'
{"model": "wan2.7-i2v", "input": {"prompt": "a cat",
 "media": [{"type": "first_frame", "url": "../media/png_640x480.png"}]},
 "parameters": {"resolution": "720P", "duration": 5}}
JSON
git add -A && git commit -qm init

export PATH="$bin_folder:$PATH"
try() { "$root/$venv/bin/pre-commit" try-repo "$root" wan-preflight-lint --all-files; }
try >"$repo.log" 2>&1 || { cat "$repo.log" >&2; fail "the hook failed a repository of good files"; }
sed 's/"duration": 5/"duration": 20/' jobs/cat.json >jobs/long.json
git add -A && git commit -qm long
if try >"$repo.log" 2>&1; then cat "$repo.log" >&2; fail "the hook passed duration 20"; fi
grep -q 'duration' "$repo.log" || { cat "$repo.log" >&2; fail "the hook's output does not name the duration"; }
rm -f "$repo.log"
echo "test-pre-commit: unrelated JSON/YAML pass, a good request passes, duration 20 fails"
