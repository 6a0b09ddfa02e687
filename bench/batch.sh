#!/usr/bin/env bash
# Generates 100,000 and 1,000,000 synthetic project rows and times `batch`
# against a baseline that only reads and writes the same CSV with the csv
# crate. Prints the commit, rows/s, the ratio batch/baseline (median of
# interleaved runs: baseline, batch, baseline, batch, ...), CPU time and peak
# RSS, then the allocations per row of a CSV -> CSV batch (benches/alloc.rs).
#
#   bench/batch.sh                 # both sizes, median of 3 runs each
#   RUNS=1 bench/batch.sh 20000    # other sizes
#   JOBS=1 bench/batch.sh          # batch on one worker thread
#
# Files go to target/bench/ (about 430 MB for a million rows).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

cargo build --release --locked --example gen_projects
files=()
for n in "${sizes[@]}"; do
  f="$dir/projects-$n.csv"
  ./target/release/examples/gen_projects "$n" > "$f"
  files+=("$f")
done
extra=()
[ -z "${JOBS:-}" ] || extra+=(--jobs "$JOBS")
cargo bench --locked --bench batch -- --runs "${RUNS:-3}" "${extra[@]}" "${files[@]}"
cargo bench --locked --bench alloc -- "${files[0]}"
