#!/usr/bin/env bash
# The workbook path at 100,000 rows: generates the synthetic projects of
# bench/batch.sh, types them into a workbook (examples/csv_to_xlsx: numbers
# as number cells, dates as date cells), then times the release binary on
#   workbook in  → CSV out
#   CSV in       → workbook out
#   workbook in  → workbook out
# printing wall seconds, user+sys CPU seconds and peak RSS of each (one run
# each: the machine is shared; see README for the figures).
#
#   bench/workbook.sh            # 100,000 rows
#   bench/workbook.sh 20000      # another size
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench
mkdir -p "$dir"
n="${1:-100000}"
cargo build --release --locked --example gen_projects --example csv_to_xlsx --bin jincheng-incentives
csv="$dir/projects-$n.csv"
xlsx="$dir/projects-$n.xlsx"
./target/release/examples/gen_projects "$n" > "$csv"
./target/release/examples/csv_to_xlsx "$xlsx" < "$csv"
bin=./target/release/jincheng-incentives
run() {
  local what="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.txt" "$bin" batch "$@" --as-of 2024-06-30 || [ $? -eq 3 ]
  read -r wall user sys rss < "$dir/time.txt"
  printf '| %s | %s | %.1f | %.1f | %d |\n' "$what" "$n" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}
echo "| path | rows | wall s | CPU s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
run "xlsx in → CSV out" "$xlsx" -o "$dir/out-$n.csv"
run "CSV in → xlsx out" "$csv" -o "$dir/out-$n.xlsx"
run "xlsx in → xlsx out" "$xlsx" -o "$dir/out2-$n.xlsx"
ls -l "$xlsx" "$dir/out2-$n.xlsx" | awk '{printf "%s: %.0f MB\n", $NF, $5 / 1e6}'
