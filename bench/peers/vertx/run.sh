#!/usr/bin/env bash
# Vert.x 5 peer on 127.0.0.1:$1: one event loop; POST /pub writes the body to every ServerWebSocket.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec java ${PEER_JAVA_OPTS:-} -cp "$here/bench-peers/target/bench-peers.jar" dev.switchboard.benchpeers.VertxPeer "$1"
