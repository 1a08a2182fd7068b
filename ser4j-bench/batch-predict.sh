#!/usr/bin/env bash
# Batch prediction bench (issue 17 item 2): runs the real command, `./ser4j predict --json PATH...`,
# RUNS times and prints per run the clips scored, wall seconds, clips per second, CPU seconds per
# clip (user + system, every thread) and the peak resident memory, then the median run. JVM start
# and model load are included, as a user meets them. Nothing else should run meanwhile; say whether
# the machine was quiet when you quote a figure.
#
# usage: ser4j-bench/batch-predict.sh [--runs N] [--model DIR] [--jobs J] PATH...
#   e.g. ser4j-bench/batch-predict.sh --runs 3 ../shared/data/ravdess/Actor_0{3,7} ../shared/data/ravdess/Actor_1{1,5}
# needs GNU time (/usr/bin/time; Debian package `time`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3
extra=()
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --model|--jobs) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "batch-predict: unknown option $1" >&2; exit 2 ;;
    *) paths+=("$1"); shift ;;
  esac
done
if [ ${#paths[@]} -eq 0 ]; then
  echo "batch-predict: give the files or directories to predict (see --help)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "batch-predict: needs GNU time at /usr/bin/time (apt-get install time)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/ser4j" predict --help > /dev/null 2>&1 || true # builds first if the sources changed, outside the timing
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; ${paths[*]}"
printf '%-4s %6s %8s %8s %12s %10s\n' run clips wall_s clips/s cpu_s/clip peak_MiB
rates=()
for r in $(seq 1 "$runs"); do
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$here/ser4j" predict --json "${extra[@]}" "${paths[@]}" \
      > "$work/out" 2> "$work/err" || true
  read -r wall user sys rss_kb < <(tail -n 1 "$work/time")
  clips=$(grep -c '^{' "$work/out" || true)
  if [ "$clips" -eq 0 ]; then
    echo "batch-predict: run $r scored no clip; its stderr:" >&2
    tail -n 5 "$work/err" >&2
    exit 1
  fi
  rate=$(awk -v c="$clips" -v w="$wall" 'BEGIN { printf "%.1f", c / w }')
  cpu=$(awk -v c="$clips" -v u="$user" -v s="$sys" 'BEGIN { printf "%.4f", (u + s) / c }')
  printf '%-4s %6s %8s %8s %12s %10s\n' "$r" "$clips" "$wall" "$rate" "$cpu" "$((rss_kb / 1024))"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median clips/s: $median (issue 17 aims at 150 with the default model on 2 cores)"
