#!/usr/bin/env bash
# quest-app against the original quest's shape (express spawning a child per request) and plain
# express, side by side in one run: requests/s and p50/p99 latency on / and /loadbalanced with
# 64 keep-alive connections (wrk), start-to-first-200 and peak RSS of quest-app. A fourth server,
# the JDK's built-in server answering a constant page (BareJdkServer.java), is the baseline of the
# server quest-app ran on before Jetty: an empty page, no routing, no checks, no log line.
# Usage: bench/quest-app/run.sh            (DURATION=10s CONNECTIONS=64 THREADS=1 by default)
# One wrk thread drives the 64 connections, so the load generator takes at most one of the two cores;
# all three servers are measured the same way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-1}
quest_port=3101 spawn_port=3102 plain_port=3103 bare_port=3104
jar="$root/quest-app/target/quest-app.jar"
results="$root/bench/results"
mkdir -p "$results"
out="$results/quest-app-$(date -u +%Y%m%dT%H%M%SZ).txt"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v node >/dev/null || { echo "node is required for the express baselines" >&2; exit 1; }
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -pl quest-app package -DskipTests)
(cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

exec > >(tee "$out")

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for_200() {
  local url=$1
  for _ in $(seq 1 2000); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.005
  done
  echo "no 200 from $url" >&2; return 1
}

ms() {  # wrk prints 812.00us, 1.23ms, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

declare -A rps p50 p99 errors
measure() {  # name path [header]
  local name=$1 url=$2 header=${3:-}
  local args=(-t"$threads" -c"$connections" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" -d3s "$url" >/dev/null  # warm-up: JIT, connection pools
  local report
  report=$(wrk "${args[@]}" -d"$duration" "$url")
  rps[$name]=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$report")
  p50[$name]=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$report")")
  p99[$name]=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$report")")
  errors[$name]=$(awk '/Non-2xx|Socket errors/ { printf "%s ", $0 }' <<<"$report")
  printf '%-26s %9s req/s   p50 %7s ms   p99 %7s ms   %s\n' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${errors[$name]:-no errors}"
}

echo "quest-app benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version)"
echo "wrk -t$threads -c$connections -d$duration --latency (keep-alive), after a 3 s warm-up; quest-app runs with quest-app/jvm.options"
echo

starts=()
for _ in 1 2 3 4 5; do
  started=$(date +%s%N)
  PORT=$quest_port java @"$root/quest-app/jvm.options" -jar "$jar" >/dev/null &
  pid=$!
  wait_for_200 "http://127.0.0.1:$quest_port/"
  starts+=($(( ($(date +%s%N) - started) / 1000000 )))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
sorted=($(printf '%s\n' "${starts[@]}" | sort -n))
echo "quest-app start to first 200: median ${sorted[2]} ms, max ${sorted[4]} ms (runs: ${starts[*]} ms)"
echo

PORT=$quest_port java @"$root/quest-app/jvm.options" -jar "$jar" >/dev/null & quest_pid=$!; pids+=($quest_pid)
PORT=$spawn_port node "$here/express-spawn.js" >/dev/null & pids+=($!)
PORT=$plain_port node "$here/express-plain.js" >/dev/null & pids+=($!)
PORT=$bare_port java @"$root/quest-app/jvm.options" "$here/BareJdkServer.java" >/dev/null & pids+=($!)
for port in $quest_port $spawn_port $plain_port $bare_port; do wait_for_200 "http://127.0.0.1:$port/"; done

xff="X-Forwarded-For: 203.0.113.7"
measure "quest-app /"                  "http://127.0.0.1:$quest_port/"
measure "quest-app /loadbalanced"      "http://127.0.0.1:$quest_port/loadbalanced" "$xff"
measure "express+spawn /"              "http://127.0.0.1:$spawn_port/"
measure "express+spawn /loadbalanced"  "http://127.0.0.1:$spawn_port/loadbalanced" "$xff"
measure "express /"                    "http://127.0.0.1:$plain_port/"
measure "express /loadbalanced"        "http://127.0.0.1:$plain_port/loadbalanced" "$xff"
measure "bare JDK server /"            "http://127.0.0.1:$bare_port/"
echo

hwm=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$quest_pid/status")
rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$quest_pid/status")
echo "quest-app memory after the load: peak RSS (VmHWM) $hwm MB, RSS now $rss MB"
echo
for route in "/" "/loadbalanced"; do
  q=${rps["quest-app $route"]} s=${rps["express+spawn $route"]} e=${rps["express $route"]}
  awk -v r="$route" -v q="$q" -v s="$s" -v e="$e" 'BEGIN {
    printf "ratio %-14s quest-app / express+spawn = %6.1fx (goal >= 20x)   quest-app / express = %4.1fx (goal >= 2x)\n", r, q / s, q / e }'
done
awk -v q="${rps["quest-app /"]}" -v b="${rps["bare JDK server /"]}" 'BEGIN {
  printf "ratio /              quest-app / bare JDK server = %4.2fx (quest-app on Jetty against an empty page on the old server)\n", q / b }'
echo "figures kept in $out"
