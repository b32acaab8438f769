#!/usr/bin/env bash
# nchan peer: Debian nginx + libnginx-mod-nchan on 127.0.0.1:$1, one worker process. Subscribers use
# WebSocket on /sub, publishers POST to /pub; both name the one channel "bench".
set -euo pipefail
port="$1"
prefix="$(mktemp -d /tmp/switchboard-nchan-XXXXXX)"
mkdir -p "$prefix/logs"
cat > "$prefix/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
worker_processes 1;
daemon off;
master_process on;
pid $prefix/nginx.pid;
error_log stderr warn;
events { worker_connections 19000; }
http {
  access_log off;
  client_body_temp_path $prefix/body;
  server {
    listen 127.0.0.1:$port backlog=4096;
    location = /sub {
      nchan_subscriber websocket;
      nchan_channel_id bench;
      nchan_subscriber_first_message newest;
    }
    location = /pub {
      nchan_publisher;
      nchan_channel_id bench;
      nchan_message_buffer_length 16;
      nchan_message_timeout 10s;
    }
  }
}
CONF
echo "listening on port $port"
exec nginx -p "$prefix" -c "$prefix/nginx.conf" -e stderr
