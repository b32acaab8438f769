/**
 * The cluster SPI on Redis (Lettuce): {@link dev.switchboard.redis.RedisCluster} joins a node to a cluster and
 * hands out its {@link dev.switchboard.redis.RedisBroker} (pub/sub with delivery acks) and {@link
 * dev.switchboard.redis.RedisPresenceStore} (device claims as Lua-scripted keys with a TTL kept alive by the
 * node's heartbeat). The bytes on the wire live in {@code protocol/}. Nothing here is needed by a single node.
 */
package dev.switchboard.redis;
