/** The {@code ./switchboard} command line (picocli): serve, token, listen, and the tools to come. */
package dev.switchboard.server.cli;
