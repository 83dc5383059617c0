#!/usr/bin/env bash
# What building the crate costs, measured in a temporary copy of the source tree (no target/):
#   (a) a clean `cargo build` of the crate and its dependencies
#   (b) the rebuild after editing one description in the spec
#   (c) the rebuild after touching src/lib.rs
#   (d) a no-op `cargo build`
# each the median of $REPS runs (default 3), with the number of crates compiled and whether
# the build script ran. Targets: (d) runs no build script; (c) does not rerun generation;
# (b) < 1.5x (c) + generation time (the build script's own run, timed separately).
#
#   scripts/build-cost.sh [source-dir]      # default: this repository's working tree
#   REPS=1 PROFILE_ARGS=--release scripts/build-cost.sh
#
# Builds with the `generate` feature (build.rs runs the generator): the maintainer's loop of
# editing the spec and rebuilding. Without it, (b) fails by design (the checked-in code no
# longer matches the spec); FEATURES= measures the default build's (a), (c) and (d).
set -euo pipefail

src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
reps=${REPS:-3}
profile_args=${PROFILE_ARGS:-}
features=${FEATURES-generate}
[ -n "$features" ] && profile_args="$profile_args --features $features"
work=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A copy of the working tree as it is (uncommitted edits included), without build output.
tar -C "$src" --exclude='./target*' --exclude=./.git --exclude=./.tools -cf - . | tar -C "$work" -xf -
cd "$work"
export CARGO_TARGET_DIR="$work/target"
unset RUSTC_WRAPPER || true

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# One timed `cargo build -v`; sets LAST_TIME (wall), LAST_CPU (user + sys of cargo and
# everything it ran: far less sensitive than wall time to other builds on the machine),
# LAST_CRATES, LAST_SCRIPT (yes/no).
build() {
  local log real user sys
  log="$work/build.log"
  TIMEFORMAT='%R %U %S'
  # shellcheck disable=SC2086
  { time cargo build -v $profile_args >"$log" 2>&1; } 2>"$work/time" || { cat "$log" >&2; exit 1; }
  read -r real user sys <"$work/time"
  LAST_TIME=$real
  LAST_CPU=$(echo "$user + $sys" | bc)
  LAST_CRATES=$(grep -c '^ *Compiling ' "$log" || true)
  if grep -q 'Running `.*meteroid-client-[0-9a-f]*/build-script-build`' "$log"; then
    LAST_SCRIPT=yes
  else
    LAST_SCRIPT=no
  fi
}

# Runs `step` $reps times; prints the median time, and crates / build script of the last run.
measure() {
  local label=$1 step=$2 times=() cpus=() i
  for ((i = 1; i <= reps; i++)); do
    "$step" "$i"
    build
    times+=("$LAST_TIME")
    cpus+=("$LAST_CPU")
  done
  local med cpu
  med=$(printf '%s\n' "${times[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  printf '%-38s %7.2f s wall %8.2f s cpu  %4d crates  build script ran: %-3s (wall runs: %s)\n' \
    "$label" "$med" "$cpu" "$LAST_CRATES" "$LAST_SCRIPT" "$(printf '%s ' "${times[@]}" | sed 's/ $//')"
  eval "MEDIAN_$step=$med"
}

clean() { rm -rf "$CARGO_TARGET_DIR"; }
edit_spec() {
  # A different description each time, so every run really changes the spec.
  sed -i "s/^\(      description: Partially update a customer\.\).*/\1 Edit $1 at $(now)./" spec/openapi.yaml
}
touch_lib() { touch src/lib.rs; }
noop() { :; }

echo "build cost of $(basename "$src") ($(rustc -V), $(nproc) cores, profile: ${profile_args:-dev})"
echo "median of $reps; copy in $work"
measure "(a) clean build" clean
if [[ "$features" == *generate* ]]; then
    measure "(b) after editing a spec description" edit_spec
fi
measure "(c) after touching src/lib.rs" touch_lib
measure "(d) no-op" noop

# The build script alone: what generation costs in the profile it is built with.
script=$(ls -t "$CARGO_TARGET_DIR"/*/build/meteroid-client-*/build-script-build | head -1)
gen_times=()
for ((i = 1; i <= reps; i++)); do
  out=$(mktemp -d "$work/out.XXXXXX")
  start=$(now)
  OUT_DIR=$out "$script" >/dev/null
  end=$(now)
  gen_times+=("$(echo "$end - $start" | bc)")
done
gen=$(printf '%s\n' "${gen_times[@]}" | median)
printf '%-38s %8.3f s\n' "generation (build script run alone)" "$gen"

limit=$(echo "1.5 * $MEDIAN_touch_lib + $gen" | bc -l)
verdict=$(echo "$MEDIAN_edit_spec < $limit" | bc -l)
printf '(b) %.2f s vs 1.5 x (c) + generation = %.2f s: %s\n' "$MEDIAN_edit_spec" "$limit" \
  "$([ "$verdict" = 1 ] && echo met || echo MISSED)"
