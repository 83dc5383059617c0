#!/usr/bin/env bash
# Clean debug builds, side by side and interleaved ($REPS rounds, default 1; in each round
# every crate is built once, from an empty target directory of its own), of:
#   floor      a crate with exactly meteroid-runtime's registry dependencies and features
#   bundled    this crate, default features (the bundled `patch_customer` spec; build.rs runs
#              the generator)
#   checked-in the same without default features (the checked-in code, no generator)
#   customers  this crate with `tag-customers` (9 operations of the full API)
#   full       this crate with `full` (88 operations)
#   sdk        a crate depending on the official SDK, meteroid-rs =0.31.1 (needs crates.io)
# and prints the median CPU (user + sys) of each and its ratio to the floor and to the SDK.
#
#   scripts/build-side-by-side.sh            # REPS=3 for the figures BENCHMARKS.md records
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
reps=${REPS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/side-by-side.XXXXXX")
trap 'rm -rf "$work"' EXIT

# This tree, without build output.
mkdir -p "$work/ours"
tar -C "$src" --exclude='./target*' --exclude=./.git --exclude=./.tools -cf - . | tar -C "$work/ours" -xf -

# The floor: meteroid-runtime's [dependencies] table from the registry (not its own derive
# crate, whose cost is ours to count), and an empty library.
mkdir -p "$work/floor/src"
{
    printf '[package]\nname = "floor"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n'
    awk '/^\[dependencies\]/ {on = 1; next} /^\[/ {on = 0} on' "$src/runtime/Cargo.toml" |
        grep -v '^ *#' | grep -v 'optional = true' | grep -v 'path = '
    printf '\n[workspace]\n'
} >"$work/floor/Cargo.toml"
: >"$work/floor/src/lib.rs"

# The official SDK, pre-generated.
mkdir -p "$work/sdk/src"
printf '[package]\nname = "sdk-probe"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\nmeteroid-rs = "=0.31.1"\n\n[workspace]\n' \
    >"$work/sdk/Cargo.toml"
printf 'pub use meteroid_rs;\n' >"$work/sdk/src/lib.rs"

# name -> manifest and features
declare -A manifest=(
    [floor]="$work/floor/Cargo.toml" [bundled]="$work/ours/Cargo.toml"
    [checked-in]="$work/ours/Cargo.toml" [customers]="$work/ours/Cargo.toml"
    [full]="$work/ours/Cargo.toml" [sdk]="$work/sdk/Cargo.toml"
)
declare -A features=([floor]="" [bundled]="" [checked-in]="" [customers]="tag-customers" [full]="full" [sdk]="")
names=(floor bundled checked-in customers full sdk)

# Resolve and download first, so that no build times the network.
for name in floor ours sdk; do
    cargo fetch -q --manifest-path "$work/$name/Cargo.toml"
done

declare -A cpu
for ((round = 1; round <= reps; round++)); do
    # Interleaved: a different order each round, so that drift in the machine's load does not
    # always fall on the same crate.
    shift=$((round % ${#names[@]}))
    order=("${names[@]:shift}" "${names[@]:0:shift}")
    for name in "${order[@]}"; do
        target="$work/target-$name-$round"
        args=(build -q --manifest-path "${manifest[$name]}" -p "$([ "$name" = floor ] && echo floor || { [ "$name" = sdk ] && echo sdk-probe || echo meteroid-client; })")
        [ -n "${features[$name]}" ] && args+=(--features "${features[$name]}")
        [ "$name" = checked-in ] && args+=(--no-default-features)
        TIMEFORMAT='%U %S'
        t=$( { time CARGO_TARGET_DIR="$target" cargo "${args[@]}" >/dev/null 2>&1; } 2>&1 )
        read -r user sys <<<"$t"
        cpu[$name]="${cpu[$name]:-} $(echo "$user + $sys" | bc)"
        rm -rf "$target"
        echo "round $round: $name $(echo "$user + $sys" | bc) s CPU (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
floor=$(echo "${cpu[floor]}" | median)
sdk=$(echo "${cpu[sdk]}" | median)
printf '%-10s %10s %10s %10s   (%s rounds, median CPU of clean debug builds)\n' build "CPU s" "/ floor" "/ sdk" "$reps"
for name in "${names[@]}"; do
    m=$(echo "${cpu[$name]}" | median)
    printf '%-10s %10.1f %10.2f %10.2f\n' "$name" "$m" "$(echo "$m / $floor" | bc -l)" "$(echo "$m / $sdk" | bc -l)"
done
