/** The gateway's HTTP port: pipeline set-up, request routing to the doors, health and metrics endpoints. */
package dev.switchboard.server.http;
