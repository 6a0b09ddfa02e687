#!/usr/bin/env bash
# Times `batch` with and without `--baseline-rules` (issue 21: at most 2.2×)
# on generated rows: every row evaluated under the shipped rules, then also
# under a second rule set (a copy of rules/, so both do the same work).
#
#   bench/reform.sh                # 100,000 rows, best of 3 runs
#   RUNS=1 bench/reform.sh 20000   # other sizes
#
# Files go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench
mkdir -p "$dir/baseline-rules"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)
cp rules/*.toml "$dir/baseline-rules/"

cargo build --release --locked --example gen_projects
files=()
for n in "${sizes[@]}"; do
  f="$dir/projects-$n.csv"
  ./target/release/examples/gen_projects "$n" > "$f"
  files+=("$f")
done
cargo bench --locked --bench batch -- --runs "${RUNS:-3}" --reform "$dir/baseline-rules" "${files[@]}"
