#!/usr/bin/env bash
# What the TLS crypto provider costs a clean debug build of meteroid-runtime: rustls on `ring`
# (the runtime's provider: no post-quantum key exchange) against rustls on `aws-lc-rs`
# (X25519MLKEM768 preferred; builds the AWS-LC C library through aws-lc-sys). Both variants
# are copies of the working tree, the second with the provider swapped in runtime/Cargo.toml
# and runtime/src/client/tls.rs (everything else, the `ring` crate the webhook signatures
# use included, unchanged). The runs alternate between the variants so that a change in the
# machine's load hits both; each prints the load average before it, wall and CPU time (user +
# sys of cargo and everything it ran) and the number of crates compiled.
#
#   scripts/tls-build-cost.sh            # 3 runs of each
#   REPS=1 scripts/tls-build-cost.sh
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
reps=${REPS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/tls-build-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

for variant in ring aws-lc-rs; do
    mkdir "$work/$variant"
    tar -C "$src" --exclude='./target*' --exclude=./.git --exclude=./.tools --exclude=./.corpus \
        -cf - . | tar -C "$work/$variant" -xf -
done
aws=$work/aws-lc-rs
sed -i 's/features = \["ring", "std", "tls12"\]/features = ["aws-lc-rs", "prefer-post-quantum", "std", "tls12"]/' \
    "$aws/runtime/Cargo.toml"
sed -i 's/rustls::crypto::ring::default_provider()/rustls::crypto::aws_lc_rs::default_provider()/' \
    "$aws/runtime/src/client/tls.rs"
if ! grep -q '"aws-lc-rs", "prefer-post-quantum"' "$aws/runtime/Cargo.toml" \
    || ! grep -q 'aws_lc_rs::default_provider' "$aws/runtime/src/client/tls.rs"; then
    echo "the aws-lc-rs variant could not be made: the runtime's TLS lines changed" >&2
    exit 1
fi

# Downloads are not build time.
for variant in ring aws-lc-rs; do
    cargo fetch -q --manifest-path "$work/$variant/Cargo.toml"
done

TIMEFORMAT='%R %U %S'
printf '%-10s %4s %8s %8s %7s  %s\n' variant run wall_s cpu_s crates "load before"
for run in $(seq 1 "$reps"); do
    for variant in ring aws-lc-rs; do
        dir=$work/$variant
        rm -rf "$dir/target"
        load=$(uptime | sed 's/.*load average: //')
        times=$( { time CARGO_TARGET_DIR="$dir/target" cargo build -p meteroid-runtime \
            --manifest-path "$dir/Cargo.toml" 2>"$dir/build.log" >/dev/null; } 2>&1 )
        read -r wall user sys <<<"$times"
        crates=$(grep -c '^ *Compiling ' "$dir/build.log" || true)
        cpu=$(python3 -c "print(f'{$user + $sys:.1f}')")
        printf '%-10s %4s %8s %8s %7s  %s\n' "$variant" "$run" "$wall" "$cpu" "$crates" "$load"
    done
done
