/**
 * Control methods, written once for both control protocols: {@link dev.switchboard.server.control.method.ControlMethod}
 * (an {@code area.verb} name, a params record, a body), the {@link dev.switchboard.server.control.method.MethodRegistry}
 * that later features add their methods to, the {@link dev.switchboard.server.control.method.CallDispatcher} that binds
 * params and times calls, and the {@code system.*} and {@code hub.*} methods. Nothing here knows about framing.
 */
package dev.switchboard.server.control.method;
