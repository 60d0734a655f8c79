#!/usr/bin/env bash
# The portal's start-up, before and after, side by side in one run: seconds from `java` to a healthy
# /actuator/health and the process's RSS at that moment, on an empty data directory (H2 + the in-process
# sandbox, the README's run command).
#   before: java -jar portal/target/portal.jar, the JVM's defaults
#   after:  the jar extracted as the image extracts it (-Djarmode=tools), portal/jvm.options (the image's
#           flags), Spring's CDS archive from a training run (-Dspring.context.exit=onRefresh), and
#           -XX:MaxRAM=512m standing in for a 512 MB container's limit
# Usage: bench/portal-startup/run.sh        (RUNS=3 by default; the median of each is reported)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-3}
jar="$root/portal/target/portal.jar"
results="$root/bench/results"
work=$(mktemp -d)
mkdir -p "$results"
out="$results/portal-startup-$(date -u +%Y%m%dT%H%M%SZ).txt"
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl portal -am package -DskipTests)

exec > >(tee "$out")
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "portal start-up, $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"
echo "extracting and training the CDS archive (not timed)..."
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
training_started=$(date +%s%N)
java @"$root/portal/jvm.options" -XX:MaxRAM=512m -XX:ArchiveClassesAtExit="$work/app/portal.jsa" -Dspring.context.exit=onRefresh \
  -jar "$work/app/portal.jar" --portal.data-dir="$work/training" --portal.sandbox.port=0 --server.port=0 >"$work/training.log" 2>&1
echo "training run $(( ($(date +%s%N) - training_started) / 1000000 )) ms, archive $(( $(stat -c %s "$work/app/portal.jsa") / 1048576 )) MB"

# one start: prints "<ms to healthy> <RSS MB>"
start_once() {
  local data=$1; shift
  local port; port=$(free_port)
  local started; started=$(date +%s%N)
  "$@" --server.port="$port" --portal.data-dir="$data" --portal.sandbox.port=0 >"$data.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    if curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      local ready=$(( ($(date +%s%N) - started) / 1000000 ))
      local rss; rss=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
      kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
      echo "$ready $rss"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "the portal exited; its log:" >&2; tail -20 "$data.log" >&2; return 1; }
    sleep 0.05
  done
  echo "not healthy within 60 s" >&2; return 1
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -a before_ms before_rss after_ms after_rss
for i in $(seq 1 "$runs"); do
  read -r ms rss < <(start_once "$work/before-$i" java -jar "$jar")
  before_ms+=("$ms"); before_rss+=("$rss")
  printf 'run %d  before: %6d ms %5d MB RSS' "$i" "$ms" "$rss"
  read -r ms rss < <(start_once "$work/after-$i" java @"$root/portal/jvm.options" -XX:MaxRAM=512m \
    -XX:SharedArchiveFile="$work/app/portal.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$work/app/portal.jar")
  after_ms+=("$ms"); after_rss+=("$rss")
  printf '   after: %6d ms %5d MB RSS\n' "$ms" "$rss"
done
bm=$(printf '%s\n' "${before_ms[@]}" | median); br=$(printf '%s\n' "${before_rss[@]}" | median)
am=$(printf '%s\n' "${after_ms[@]}" | median); ar=$(printf '%s\n' "${after_rss[@]}" | median)
echo
printf 'median  before: %6d ms %5d MB RSS   after: %6d ms %5d MB RSS\n' "$bm" "$br" "$am" "$ar"
awk -v bm="$bm" -v am="$am" -v br="$br" -v ar="$ar" \
  'BEGIN { printf "ratio   start-to-ready after/before %.2f, RSS after/before %.2f (goal: < 8000 ms and < 400 MB)\n", am / bm, ar / br }'
echo "results: $out"
