#!/usr/bin/env bash
# Generating is not compiling: this compiles, clippy-clean, the clients generated from a seeded
# sample of the APIs.guru directory (40 specs, seed fixed before any result was seen) and from
# five large, well-known APIs (GitHub, Stripe, Kubernetes, Google Compute, AWS CloudWatch Logs).
# Each client is included by a scratch crate on meteroid-runtime alone, as a user's own build
# would; one target directory serves them all, so only the scratch crate rebuilds per spec.
#
#   scripts/directory-compile.sh                # the sample and the five
#   scripts/directory-compile.sh stripe.com     # only the specs whose path contains one of
#                                               # these, from the whole directory
#   scripts/directory-compile.sh graph          # Microsoft Graph alone (below)
#
# Microsoft Graph (11,422 operations) is too large a client to compile whole in a test run: it
# is generated whole (time and peak memory printed), then with one tag, `users.user`
# (`Generator::tags`: its operations and the types they reach), which is compiled.
#
# Rows (spec, result, seconds, generated lines) are kept in .corpus/compile.tsv; the script
# fails when any client does not generate or does not compile clippy-clean.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

source scripts/lib/directory.sh
SEED=${SAMPLE_SEED:-20261206}
SIZE=${SAMPLE_SIZE:-40}

cargo build -q --release -p meteroid-codegen --example generate
generate=${CARGO_TARGET_DIR:-target}/release/examples/generate

named=(github.com/api.github.com.json stripe.com.json kubernetes.io.json
    googleapis.com/compute.json amazonaws.com/logs.json)
specs=$(
    find "$DIRECTORY" -type f \( -name '*.json' -o -name '*.yaml' \) | sort |
        python3 -c '
import random, sys
paths = [line.rstrip("\n") for line in sys.stdin]
for path in random.Random(int(sys.argv[1])).sample(paths, int(sys.argv[2])):
    print(path)' "$SEED" "$SIZE"
    for name in "${named[@]}"; do echo "$DIRECTORY/$name"; done
)
graph=
if [ $# -eq 0 ]; then
    graph=1
elif printf '%s\n' "$@" | grep -qx graph; then
    graph=1
    specs=
else
    specs=$(find "$DIRECTORY" -type f \( -name '*.json' -o -name '*.yaml' \) | sort |
        grep -F -- "$(printf '%s\n' "$@")" || true)
fi

crate=.corpus/compile
mkdir -p "$crate/src"
cat >"$crate/Cargo.toml" <<TOML
[package]
name = "directory-client"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
meteroid-runtime = { path = "$root/runtime" }
TOML
echo 'include!("generated.rs");' >"$crate/src/lib.rs"
export CARGO_TARGET_DIR=${COMPILE_TARGET_DIR:-$root/target/directory-compile}

rows=.corpus/compile.tsv
: >"$rows"
failed=0
while IFS= read -r spec; do
    [ -n "$spec" ] || continue
    name=${spec#"$DIRECTORY"/}
    start=$SECONDS
    if ! "$generate" "$spec" >"$crate/src/generated.rs" 2>/dev/null; then
        printf '%s\tdoes not generate\t0\t0\n' "$name" | tee -a "$rows"
        failed=$((failed + 1))
        continue
    fi
    lines=$(wc -l <"$crate/src/generated.rs")
    log=$(mktemp)
    if cargo clippy -q --manifest-path "$crate/Cargo.toml" -- -D warnings >"$log" 2>&1; then
        result=ok
    else
        result="does not compile: $(grep -m1 -E '^(error|warning)' "$log" | cut -c1-150)"
        failed=$((failed + 1))
    fi
    rm -f "$log"
    printf '%s\t%s\t%d\t%d\n' "$name" "$result" $((SECONDS - start)) "$lines" | tee -a "$rows"
done <<<"$specs"

if [ -n "$graph" ]; then
    spec=$DIRECTORY/microsoft.com/graph.json
    echo "Microsoft Graph, whole: $(/usr/bin/time -f '%e s, peak %M KiB' "$generate" "$spec" 2>&1 >/dev/null | tail -1)"
    if /usr/bin/time -o "$crate/time" -f '%e s, peak %M KiB' "$generate" "$spec" --tag users.user >"$crate/src/generated.rs" 2>/dev/null; then
        echo "Microsoft Graph, tag users.user: $(cat "$crate/time"), $(wc -l <"$crate/src/generated.rs") lines"
        start=$SECONDS
        if cargo clippy -q --manifest-path "$crate/Cargo.toml" -- -D warnings >/dev/null 2>&1; then
            result=ok
        else
            result="does not compile"
            failed=$((failed + 1))
        fi
        printf 'microsoft.com/graph.json --tag users.user\t%s\t%d\t%d\n' "$result" $((SECONDS - start)) "$(wc -l <"$crate/src/generated.rs")" | tee -a "$rows"
    else
        printf 'microsoft.com/graph.json --tag users.user\tdoes not generate\t0\t0\n' | tee -a "$rows"
        failed=$((failed + 1))
    fi
fi

total=$(wc -l <"$rows")
echo "$((total - failed)) of $total clients compile clippy-clean (seed $SEED)"
[ "$failed" -eq 0 ]
