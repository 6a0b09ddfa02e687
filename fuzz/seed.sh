#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with realistic starting inputs taken from the
# repository: example projects, the hand-worked cases (without their [case]
# and [expect] tables), the shipped rules, and CSV rows built from those.
# Safe to re-run: libFuzzer names corpus files by content hash.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/project_toml corpus/rules_toml corpus/csv_row corpus/values corpus/workbook

strip_case() { # drop the [case] and [expect…] tables of a case file
  awk '/^\[/{skip = ($0 ~ /^\[(case|expect)[].]/)} !skip' "$1"
}
for f in "$root"/examples/*.toml; do  # the worked example among them
  [ -f "$f" ] && cp "$f" "corpus/project_toml/$(basename "$f")"
done
for f in "$root"/tests/cases/*.toml; do
  strip_case "$f" > "corpus/project_toml/case-$(basename "$f")"
done
cp "$root"/rules/*.toml corpus/rules_toml/
# Each shipped rule on its own, so mutations reach every kind quickly.
python3 - "$root/rules" corpus/rules_toml <<'PY'
import pathlib, re, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.glob("*.toml")):
    text = f.read_text()
    head, *rules = re.split(r"(?m)^(?=\[\[rules\]\])", text)
    for i, r in enumerate(rules):
        (out / f"{f.stem}-{i:02}.toml").write_text(head + r)
PY
# CSV: a header of dotted paths and one row, from the example projects.
python3 - corpus/project_toml corpus/csv_row <<'PY'
import csv, io, pathlib, sys, tomllib
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def flat(prefix, v, acc):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{prefix}.{k}" if prefix else k, x, acc)
    elif isinstance(v, list) and v and isinstance(v[0], dict):
        for i, x in enumerate(v, 1):
            flat(f"{prefix}[{i}]", x, acc)
    elif isinstance(v, list):
        acc[prefix] = ";".join(str(x) for x in v)
    elif isinstance(v, bool):
        acc[prefix] = "true" if v else "false"
    else:
        acc[prefix] = str(v)
for f in sorted(src.glob("*.toml")):
    try:
        doc = tomllib.loads(f.read_text())
    except Exception:
        continue
    acc = {}
    flat("", doc, acc)
    if not acc:
        continue
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(acc.keys())
    w.writerow(acc.values())
    (out / (f.stem + ".csv")).write_text(buf.getvalue())
PY
i=0
while IFS= read -r v; do
  printf '%s' "$v" > "corpus/values/seed-$i"; i=$((i + 1))
done <<'VALUES'
3000万
1.2亿
2.5万元
800元
4,500,000
4，500，000
 12 
4.75%
0.0475
4.75％
2023-11-20
2024-02-29
1亿;8000万;5000万
["1亿", "8000万"]
是
否
true
world500
light_steel
lease_then_transfer
100亩
20000平方米
3000㎡
100000吨
50000000千瓦时
2000000立方米
36
1000000000000000
0.0001
-1
1e3
VALUES
# Workbooks: the hostile reader corpus, written by its generator (small
# files only; the seeds are not committed).
(cd "$root" && JINCHENG_FUZZ_SEEDS="$PWD/fuzz/corpus/workbook" \
  cargo test --locked -q --test tests readers:: >/dev/null)
