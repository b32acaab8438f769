#!/usr/bin/env bash
# netty-socketio 2.0.14 peer: Socket.IO on 127.0.0.1:$1 (one boss, one worker thread); it owns that port,
# so publishes go to POST /pub on 127.0.0.1:$2 (the JDK's HTTP server in the same process).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec java ${PEER_JAVA_OPTS:-} -cp "$here/bench-peers/target/bench-peers.jar" dev.switchboard.benchpeers.NettySocketIoPeer "$1" "$2"
