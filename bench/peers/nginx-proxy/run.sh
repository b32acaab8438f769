#!/usr/bin/env bash
# nginx (Debian package) as a reverse proxy on 127.0.0.1:$1 in front of 127.0.0.1:$2: one worker,
# keep-alive to the upstream and to clients without a request cap, no access log.
set -euo pipefail
port="$1"; upstream="$2"
prefix="$(mktemp -d /tmp/switchboard-nginx-proxy-XXXXXX)"
mkdir -p "$prefix/logs"
cat > "$prefix/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $prefix/nginx.pid;
error_log stderr warn;
events { worker_connections 16384; }
http {
  access_log off;
  # no cap on requests per client connection (the default 1000 makes wrk count reconnects as errors)
  keepalive_requests 100000000;
  client_body_temp_path $prefix/body;
  proxy_temp_path $prefix/proxy;
  upstream app { server 127.0.0.1:$upstream; keepalive 64; }
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
CONF
echo "listening on port $port"
exec nginx -p "$prefix" -c "$prefix/nginx.conf" -e stderr
