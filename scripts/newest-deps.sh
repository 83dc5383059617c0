#!/usr/bin/env bash
# The workspace against the newest semver-compatible release of every dependency, as a user
# who adds meteroid-client to a new project today resolves them: a copy of the working tree
# (no target/, no .git), `cargo update` there, then the strictest lint run of CI (every
# target, every feature, warnings as errors). A dependency's new deprecation or a breaking
# patch release fails here before it reaches a user; the repository's own Cargo.lock is not
# touched.
#
#   scripts/newest-deps.sh          # uses $CARGO_TARGET_DIR (default target/): crates the
#                                   # update leaves alone are not compiled again
#
# CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=allow: newest regardless of the workspace's
# rust-version, as resolved for a project that states none (Cargo then resolves for the
# toolchain in use). A plain `cargo update` here would stop at the releases that still
# support rust-version 1.85, which is what the repository's Cargo.lock holds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
export CARGO_TARGET_DIR=$target

scratch=$(mktemp -d "${TMPDIR:-/tmp}/newest-deps.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
tar -C "$root" --exclude='./target*' --exclude=./.git --exclude=./.tools --exclude=./.corpus \
    -cf - . | tar -C "$scratch" -xf -

echo "== cargo update (newest compatible releases, any rust-version)"
CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=allow cargo update --manifest-path "$scratch/Cargo.toml"
echo "== cargo clippy --workspace --all-targets --all-features -- -D warnings, on that lockfile"
cargo clippy --manifest-path "$scratch/Cargo.toml" --workspace --all-targets --all-features \
    -- -D warnings
echo "newest dependencies: lint-clean"
