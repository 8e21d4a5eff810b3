package io.pulse.common.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * This machine's own network address, for simulated external servers (GitLab, Jira) that a packaged service must
 * reach: a packaged sync-service refuses loopback source URLs by design (allowed only in the dev and test launch
 * modes), so its tests bind the simulated servers here and allow this one address explicitly, as an operator allows a
 * self-managed server on the internal network.
 */
public final class NetworkAddress {

    private NetworkAddress() {}

    /** The first non-loopback IPv4 address of an interface that is up. */
    public static String firstNonLoopbackIpv4() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(nic -> {
                        try {
                            return nic.isUp() && !nic.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .map(InetAddress::getHostAddress)
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no non-loopback IPv4 address on this machine"));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }
}
