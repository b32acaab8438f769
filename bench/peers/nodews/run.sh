#!/usr/bin/env bash
# Node.js ws 8 peer on 127.0.0.1:$1 (one process, one thread of JavaScript).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node "$here/node/ws-server.js" "$1"
