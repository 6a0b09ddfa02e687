#!/usr/bin/env bash
# Runs one fuzz target with its dictionary and input size limit.
#   fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?"target: project_toml | rules_toml | csv_row | values | workbook"}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
case $target in
  project_toml) dict=dict/project.dict; max_len=8192 ;;
  csv_row) dict=dict/project.dict; max_len=8192 ;;
  rules_toml) dict=dict/rules.dict; max_len=16384 ;;
  values) dict=dict/project.dict; max_len=256 ;;
  workbook) dict=dict/project.dict; max_len=1048576 ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
[ -d "corpus/$target" ] || ./seed.sh
exec cargo +nightly fuzz run --sanitizer none "$target" "corpus/$target" -- \
  -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" \
  -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 "$@"
