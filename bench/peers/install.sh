#!/usr/bin/env bash
# Installs every peer server the comparison runs against, idempotently: Debian packages (nginx with the
# nchan module, haproxy and wrk for the proxy scenario) and the Node.js servers' pinned npm packages.
# Java peers (raw Netty, Vert.x, netty-socketio) are built by Maven in bench-peers/. Needs root for apt-get.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
for pkg in nginx libnginx-mod-nchan haproxy wrk; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "peers: installing ${missing[*]} with apt-get" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "peers: need root for apt-get (or install ${missing[*]} yourself)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # the packages start a system nginx/haproxy on port 80; the benchmark runs its own instances
  systemctl disable --now nginx haproxy >/dev/null 2>&1 || service nginx stop >/dev/null 2>&1 || true
  service haproxy stop >/dev/null 2>&1 || true
fi

if ! command -v node >/dev/null 2>&1; then
  echo "peers: Node.js is required for the ws and Socket.IO peers (apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d "$here/node/node_modules/ws" ] || [ ! -d "$here/node/node_modules/socket.io" ] \
    || [ "$here/node/package-lock.json" -nt "$here/node/node_modules/.package-lock.json" ]; then
  echo "peers: npm ci in $here/node" >&2
  (cd "$here/node" && npm ci --no-audit --no-fund --silent) >&2
fi
