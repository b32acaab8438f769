#!/usr/bin/env bash
# HAProxy (Debian package) as a reverse proxy on 127.0.0.1:$1 in front of 127.0.0.1:$2: one thread,
# HTTP mode, connection reuse to the upstream, no logging.
set -euo pipefail
port="$1"; upstream="$2"
dir="$(mktemp -d /tmp/switchboard-haproxy-XXXXXX)"
cat > "$dir/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
frontend bench
  bind 127.0.0.1:$port
  default_backend app
backend app
  server app1 127.0.0.1:$upstream
CONF
echo "listening on port $port"
exec haproxy -db -f "$dir/haproxy.cfg"
