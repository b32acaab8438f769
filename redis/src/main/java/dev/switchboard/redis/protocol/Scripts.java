package dev.switchboard.redis.protocol;

/**
 * The Lua scripts behind the presence store: each read-decide-write on a device key is one script, so it is
 * atomic in Redis whatever other nodes do at the same moment. Values are compared as opaque bytes (see
 * {@link PresenceCodec}). Every script names its keys in {@code KEYS}, as Redis requires.
 */
public final class Scripts {

    /** KEYS[1] device key; ARGV[1] value, ARGV[2] TTL ms. Returns the holder's value, or nil when claimed. */
    public static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current then return current end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """;

    /** KEYS[1] device key; ARGV[1] value, ARGV[2] TTL ms. Returns the previous holder's value, or nil. */
    public static final String TAKE_OVER = """
            local current = redis.call('GET', KEYS[1])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return current
            """;

    /** KEYS = device keys; ARGV = their values. Deletes each key still holding its value; returns how many. */
    public static final String RELEASE = """
            local released = 0
            for i, key in ipairs(KEYS) do
              if redis.call('GET', key) == ARGV[i] then
                redis.call('DEL', key)
                released = released + 1
              end
            end
            return released
            """;

    /**
     * KEYS = device keys; ARGV[1] TTL ms, ARGV[i + 1] = the value of KEYS[i]. Extends each key still holding
     * its value and returns two lists of 1-based indexes: keys another line holds now, and keys that vanished
     * (Redis restarted or expired them). The caller writes a vanished key back only if its line still holds it
     * — not here, where a release queued behind this script would otherwise be undone.
     */
    public static final String REFRESH = """
            local lost = {}
            local missing = {}
            for i, key in ipairs(KEYS) do
              local current = redis.call('GET', key)
              if current == ARGV[i + 1] then
                redis.call('PEXPIRE', key, ARGV[1])
              elseif not current then
                table.insert(missing, i)
              else
                table.insert(lost, i)
              end
            end
            return {lost, missing}
            """;

    /**
     * Pairing create. KEYS[1] record hash, KEYS[2] open-code index (zset by expiry ms), KEYS[3] all codes (set);
     * ARGV: code, expiry ms (score and PEXPIREAT of an unjoined code, plus a grace), then field/value pairs.
     * Returns 1 when created, 0 when the code is taken.
     */
    public static final String PAIRING_CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            redis.call('SADD', KEYS[3], ARGV[1])
            return 1
            """;

    /**
     * Pairing join, atomic: only an open code whose expiry (seconds, nanos) is after now wins. KEYS as create;
     * ARGV: code, now seconds, now nanos, joinerLineId, joinerNode, pairedAt seconds, pairedAt nanos. Returns the
     * joined hash as a flat field/value list, or nil.
     */
    public static final String PAIRING_JOIN = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return false end
            if redis.call('HEXISTS', KEYS[1], 'joinerLineId') == 1 then return false end
            local expSec = tonumber(redis.call('HGET', KEYS[1], 'expiresSec'))
            local expNano = tonumber(redis.call('HGET', KEYS[1], 'expiresNano'))
            local nowSec = tonumber(ARGV[2])
            local nowNano = tonumber(ARGV[3])
            if nowSec > expSec or (nowSec == expSec and nowNano >= expNano) then return false end
            redis.call('HSET', KEYS[1], 'joinerLineId', ARGV[4], 'joinerNode', ARGV[5], 'pairedSec', ARGV[6],
                'pairedNano', ARGV[7])
            redis.call('PERSIST', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return redis.call('HGETALL', KEYS[1])
            """;

    /**
     * Pairing remove. KEYS as create; ARGV[1] code, ARGV[2] "expired-only" flag with ARGV[3] now seconds and
     * ARGV[4] now nanos: when set, removes only an unjoined code whose expiry is at or before now. Returns the
     * removed hash as a flat list, or nil.
     */
    public static final String PAIRING_REMOVE = """
            local record = redis.call('HGETALL', KEYS[1])
            if #record == 0 then
              redis.call('ZREM', KEYS[2], ARGV[1])
              redis.call('SREM', KEYS[3], ARGV[1])
              return false
            end
            if ARGV[2] == '1' then
              if redis.call('HEXISTS', KEYS[1], 'joinerLineId') == 1 then return false end
              local expSec = tonumber(redis.call('HGET', KEYS[1], 'expiresSec'))
              local expNano = tonumber(redis.call('HGET', KEYS[1], 'expiresNano'))
              local nowSec = tonumber(ARGV[3])
              local nowNano = tonumber(ARGV[4])
              if nowSec < expSec or (nowSec == expSec and nowNano < expNano) then return false end
            end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('SREM', KEYS[3], ARGV[1])
            return record
            """;

    private Scripts() {
    }
}
