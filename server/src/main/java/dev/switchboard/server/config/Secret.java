package dev.switchboard.server.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose value must never be printed: descriptions show {@code <set>} or
 * {@code <unset>} and error messages show only its length. Read at runtime by the loader, so marking the
 * component is all a new secret needs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Secret {
}
