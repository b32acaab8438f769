#!/usr/bin/env bash
# Side-by-side HTTP throughput of the dev proxy: one upstream (nginx, one worker, a 20-byte static body),
# measured with `wrk -t1 -c50` directly, through nginx (one worker, keepalive 64), through haproxy (nbthread 1)
# and through Switchboard (with its sb-route cookie, and without), alternating the targets each round.
# Load generator and upstream share core $LOAD_CORE; each proxy runs alone on core $PROXY_CORE (the JVM then
# sees one CPU, so Switchboard runs one event loop, like the one-worker nginx and haproxy). CPU per request is
# the proxy process's utime+stime from /proc/<pid>/stat over the run, divided by the requests wrk counted.
#
# Usage: bench/proxy/run.sh [rounds]      env: DURATION (10s) WARMUP (5s) CONNECTIONS (50) JAVA_OPTS
#        SB_JAR (server/target/switchboard.jar: another build to compare)
#        TARGETS ("direct nginx haproxy cookie nocookie", any subset, in that order each round)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${SB_JAR:-$root/server/target/switchboard.jar}"
rounds="${1:-2}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
connections="${CONNECTIONS:-50}"
LOAD_CORE="${LOAD_CORE:-0}"
PROXY_CORE="${PROXY_CORE:-1}"
UP_PORT="${UP_PORT:-18180}"
NGINX_PORT="${NGINX_PORT:-18181}"
HAPROXY_PORT="${HAPROXY_PORT:-18182}"
SB_PORT="${SB_PORT:-18183}"
java_opts="${JAVA_OPTS:--Xms256m -Xmx256m}"
targets="${TARGETS:-direct nginx haproxy cookie nocookie}"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
command -v haproxy >/dev/null || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -f "$jar" ] || (cd "$root" && mvn -o -B -q package -DskipTests -pl server -am)

work="$(mktemp -d /tmp/sb-proxy-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

chmod 755 "$work"
mkdir -p "$work/www" "$work/home"
printf 'hello from upstream\n' >"$work/www/index.html"

nginx_conf() { # name port body
  cat >"$work/$1.conf" <<EOF
worker_processes 1;
daemon off;
master_process on;
pid $work/$1.pid;
error_log $work/$1.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  $3
}
EOF
}
nginx_conf upstream "$UP_PORT" "server { listen 127.0.0.1:$UP_PORT; root $work/www; location / { index index.html; } }"
nginx_conf nginxproxy "$NGINX_PORT" "upstream up { server 127.0.0.1:$UP_PORT; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://up; proxy_http_version 1.1;
    proxy_set_header Connection \"\"; proxy_set_header Host \$host; } }"
cat >"$work/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend be
backend be
  server up 127.0.0.1:$UP_PORT
EOF

taskset -c "$LOAD_CORE" nginx -c "$work/upstream.conf" -p "$work" & pids+=($!)
taskset -c "$PROXY_CORE" nginx -c "$work/nginxproxy.conf" -p "$work" & pids+=($!); nginx_master=$!
taskset -c "$PROXY_CORE" haproxy -f "$work/haproxy.cfg" -db & pids+=($!); haproxy_pid=$!
SWITCHBOARD_HOME="$work/home" taskset -c "$PROXY_CORE" java $java_opts -jar "$jar" serve --port 0 \
  --proxy-port "$SB_PORT" >"$work/sb.log" 2>&1 & pids+=($!); sb_pid=$!

wait_port() { for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.2; done
  echo "nothing answers on port $1" >&2; exit 1; }
wait_port "$UP_PORT"; wait_port "$NGINX_PORT"; wait_port "$HAPROXY_PORT"
for _ in $(seq 1 150); do [ -f "$work/home/health.json" ] && break; sleep 0.2; done
SWITCHBOARD_HOME="$work/home" java -jar "$jar" call upstream.register "{\"port\":$UP_PORT,\"name\":\"bench\"}" >/dev/null
wait_port "$SB_PORT"
cookie="$(curl -s -D - -o /dev/null "http://127.0.0.1:$SB_PORT/" | sed -n 's/^[Ss]et-[Cc]ookie: \(sb-route=[^;]*\).*/\1/p')"
[ -n "$cookie" ] || { echo "no sb-route cookie from the proxy" >&2; exit 1; }

nginx_worker() { pgrep -P "$nginx_master" | head -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"

declare -A rps cpu p50
run() { # label port cpu-pid [wrk args...]
  local label=$1 port=$2 pid=$3; shift 3
  taskset -c "$LOAD_CORE" wrk -t1 -c"$connections" -d"$warmup" "$@" "http://127.0.0.1:$port/" >/dev/null
  local before after out requests
  before=$([ "$pid" = - ] || cpu_ticks "$pid")
  out="$(taskset -c "$LOAD_CORE" wrk -t1 -c"$connections" -d"$duration" --latency "$@" "http://127.0.0.1:$port/")"
  after=$([ "$pid" = - ] || cpu_ticks "$pid")
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  local r c l
  r="$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")"
  l="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  c="-"
  [ "$pid" = - ] || c="$(awk -v t=$((after - before)) -v n="$requests" -v hz="$hz" 'BEGIN {printf "%.2f", t * 1e6 / hz / n}')"
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo "$label: $(grep 'Non-2xx\|Socket errors' <<<"$out")" >&2; fi
  rps[$label]+="$r "; cpu[$label]+="$c "; p50[$label]+="$l "
  printf '%-28s %9s req/s  p50 %-8s  cpu %6s us/req\n' "$label" "$r" "$l" "$c"
}

echo "# $(date -u +%FT%TZ) $(uname -m) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
echo "# wrk -t1 -c$connections -d$duration (warm-up $warmup); load+upstream on core $LOAD_CORE, proxy on core $PROXY_CORE"
# The JIT needs longer than one warm-up to settle the proxy's hot path.
taskset -c "$LOAD_CORE" wrk -t1 -c"$connections" -d"${JIT_WARMUP:-20s}" -H "Cookie: $cookie" "http://127.0.0.1:$SB_PORT/" >/dev/null
for round in $(seq 1 "$rounds"); do
  echo "## round $round"
  for target in $targets; do
    case $target in
      direct) run direct "$UP_PORT" - ;;
      nginx) run nginx "$NGINX_PORT" "$(nginx_worker)" ;;
      haproxy) run haproxy "$HAPROXY_PORT" "$haproxy_pid" ;;
      cookie) run "switchboard (cookie)" "$SB_PORT" "$sb_pid" -H "Cookie: $cookie" ;;
      nocookie) run "switchboard (no cookie)" "$SB_PORT" "$sb_pid" ;;
    esac
  done
done
echo "## summary (each round)"
for label in direct nginx haproxy "switchboard (cookie)" "switchboard (no cookie)"; do
  [ -n "${rps[$label]:-}" ] && printf "| %s | %s | %s | %s |\n" "$label" "${rps[$label]}" "${p50[$label]}" "${cpu[$label]}" || true
done
