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
     * its value, writes back a key that vanished (Redis restarted or evicted it: nobody else claimed the device,
     * so this line still holds it), and returns the 1-based indexes of keys another line holds now.
     */
    public static final String REFRESH = """
            local lost = {}
            for i, key in ipairs(KEYS) do
              local current = redis.call('GET', key)
              if current == ARGV[i + 1] then
                redis.call('PEXPIRE', key, ARGV[1])
              elseif not current then
                redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1])
              else
                table.insert(lost, i)
              end
            end
            return lost
            """;

    private Scripts() {
    }
}
