#!/usr/bin/env bash
# Socket.IO 4.8 peer on 127.0.0.1:$1 (one Node.js process), publishes by POST /pub on the same port.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec node "$here/node/socketio-server.js" "$1"
