package dev.switchboard.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest by the build. */
final class VersionProvider implements IVersionProvider {

    static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"switchboard " + version() + " (Java " + Runtime.version() + ")"};
    }
}
