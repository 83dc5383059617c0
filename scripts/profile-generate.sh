#!/usr/bin/env bash
# Where generation spends its instructions: callgrind over one generation of a spec.
#   scripts/profile-generate.sh [full|bundled] [release|dev]
# Writes target/callgrind.<spec>.<profile>.out and prints the top functions (inclusive).
set -euo pipefail
spec=${1:-full}
profile=${2:-release}
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
flag=(--profile "$profile")
[ "$profile" = release ] && flag=()
bin=$(cargo bench -p meteroid-codegen --bench generate "${flag[@]}" --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
out="$target/callgrind.$spec.$profile.out"
METEROID_PROFILE_SPEC=$spec valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" >/dev/null 2>&1
callgrind_annotate --inclusive=yes "$out" 2>/dev/null | head -60
