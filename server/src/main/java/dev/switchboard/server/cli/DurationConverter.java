package dev.switchboard.server.cli;

import dev.switchboard.server.config.DurationParser;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line read exactly as in the config file (30s, 15m, 1h, PT1H). */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            Duration duration = DurationParser.parse(value);
            if (duration.isZero() || duration.isNegative()) {
                throw new TypeConversionException("'" + value + "' must be a positive duration");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' " + e.getMessage());
        }
    }
}
