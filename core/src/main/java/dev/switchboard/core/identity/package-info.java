/** Who is on a line: the {@link dev.switchboard.core.identity.Principal} established by authentication. */
package dev.switchboard.core.identity;
