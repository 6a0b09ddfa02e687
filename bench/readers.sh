#!/usr/bin/env bash
# The readers on the hostile corpus: writes every attack file of
# tests/it/readers.rs (its generator, run with JINCHENG_FUZZ_SEEDS) into
# target/bench/hostile/, then times the release binary reading each with
# /usr/bin/time -v, printing exit status, wall seconds and peak RSS (one run
# each: the machine is shared; see the README, "输入的上限", for figures).
#
#   bench/readers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench/hostile
rm -rf "$dir"
mkdir -p "$dir"
cargo build --release --locked --bin jincheng-incentives
JINCHENG_FUZZ_SEEDS="$PWD/$dir" cargo test --locked -q --test tests readers:: >/dev/null
bin=./target/release/jincheng-incentives
echo "| file | bytes | exit | wall s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for f in "$dir"/*; do
  set +e
  /usr/bin/time -v -o "$dir.time" "$bin" batch "$f" >/dev/null 2>&1
  code=$?
  set -e
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir.time")
  printf '| %s | %d | %d | %s | %d |\n' "$(basename "$f")" "$(stat -c %s "$f")" "$code" "$wall" "$((rss / 1024))"
done
# A 10 MB project file for calc.
toml="$dir.toml"
{ printf '[project]\nid = "A"\nname = "'; head -c 10000000 /dev/zero | tr '\0' 'x'; printf '"\n'; } > "$toml"
set +e
/usr/bin/time -v -o "$dir.time" "$bin" calc "$toml" >/dev/null 2>&1
code=$?
set -e
printf '| %s | %d | %d | %s | %d |\n' "calc 10 MB TOML" "$(stat -c %s "$toml")" "$code" \
  "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir.time")" \
  "$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir.time") / 1024 ))"
