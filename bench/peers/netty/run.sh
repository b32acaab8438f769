#!/usr/bin/env bash
# Raw Netty floor on 127.0.0.1:$1: one event loop, each publish pre-encoded once into a WebSocket frame
# and written to every channel by one task per event loop. Built by Maven into bench-peers/target.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec java ${PEER_JAVA_OPTS:-} -cp "$here/bench-peers/target/bench-peers.jar" dev.switchboard.benchpeers.NettyFloorPeer "$1"
