package dev.switchboard.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest by the build. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"switchboard " + dev.switchboard.server.Version.current() + " (Java " + Runtime.version() + ")"};
    }
}
