/** The Java SDK: {@link dev.switchboard.client.DeviceClient} connects a device to a gateway. */
package dev.switchboard.client;
