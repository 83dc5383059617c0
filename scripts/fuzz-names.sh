#!/usr/bin/env bash
# The name fuzz of codegen/tests/fuzz.rs with its outputs compiled: specs whose names alone
# are mutated (case flipped, punctuated, keywords and prelude names, leading digits, twins
# that differ in case) must generate, and every output must build clippy-clean against the
# runtime (with its `samples` feature, so the contract calls expand too). The outputs go into
# one scratch crate, a module each, under the git-ignored target directory.
#
#   scripts/fuzz-names.sh            # 300 fuzz cases (FUZZ_CASES / 3 of them compiled: 100)
#   FUZZ_CASES=3000 scripts/fuzz-names.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

target=${CARGO_TARGET_DIR:-$root/target}
work="$target/fuzz-names"
rm -rf "$work"
mkdir -p "$work/dump" "$work/crate/src"

FUZZ_NAMES_DUMP="$work/dump" FUZZ_CASES=${FUZZ_CASES:-300} \
    cargo test -q -p meteroid-codegen --test fuzz renamed_specs_still_generate

cat >"$work/crate/Cargo.toml" <<TOML
[package]
name = "fuzz-names-outputs"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
meteroid-runtime = { path = "$root/runtime", features = ["samples"] }

[workspace]
TOML
: >"$work/crate/src/lib.rs"
count=0
for output in "$work"/dump/*.rs; do
    module=$(basename "$output" .rs)
    printf 'pub mod %s {\n    include!("%s");\n}\n' "$module" "$output" >>"$work/crate/src/lib.rs"
    count=$((count + 1))
done
echo "clippy -D warnings on $count name-fuzzed outputs"
CARGO_TARGET_DIR="$target" cargo clippy -q --manifest-path "$work/crate/Cargo.toml" -- -D warnings
echo "ok"
