package dev.switchboard.server;

/** The version recorded in the jar's manifest by the build ("development" when run from classes). */
public final class Version {

    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
