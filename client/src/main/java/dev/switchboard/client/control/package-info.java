/**
 * The control socket, client side: where the socket is ({@link dev.switchboard.client.control.ControlSocketPath}),
 * the binary wire layout ({@link dev.switchboard.client.control.ControlWire}) and the pooled
 * {@code ControlClient}.
 */
package dev.switchboard.client.control;
