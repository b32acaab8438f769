/** The node's health report: gathered on a schedule, written atomically to the health file, served on demand. */
package dev.switchboard.server.health;
