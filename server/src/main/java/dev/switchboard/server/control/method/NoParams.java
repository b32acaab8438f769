package dev.switchboard.server.control.method;

/** The params of a method that takes none: {@code {}} or no params at all; any field is refused. */
public record NoParams() {
}
