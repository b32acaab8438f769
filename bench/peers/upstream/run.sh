#!/usr/bin/env bash
# Proxy scenario upstream on 127.0.0.1:$1: a one-event-loop Netty server answering 200 "hello" to everything.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
exec java ${PEER_JAVA_OPTS:-} -cp "$here/bench-peers/target/bench-peers.jar" dev.switchboard.benchpeers.HelloUpstream "$1"
