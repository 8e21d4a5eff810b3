package io.pulse.sync.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulse.sync.config.SyncConfig;
import io.quarkus.runtime.LaunchMode;

/**
 * Which source base URLs this service may talk to, against server-side request forgery: a user must not be able to
 * point a connection at the server's own network (loopback ports, cloud metadata at 169.254.169.254, internal
 * services) and probe it. Checked when a connection is created and again before every request, because a host's
 * addresses can change after the check (DNS rebinding).
 *
 * <ul>
 *   <li>plain http only for the hosts in {@code plain-http-hosts};
 *   <li>with an allowlist ({@code allowed-hosts} and/or {@code allowed-cidrs}), the host must be listed or all its
 *       addresses must lie in a listed range;
 *   <li>internal addresses (private, carrier-grade NAT, link-local and metadata, unspecified, multicast, reserved)
 *       only inside {@code allowed-cidrs}; loopback only with {@code allow-loopback} in the dev or test profile.
 * </ul>
 */
@ApplicationScoped
public class BaseUrlPolicy {

    private static final Logger LOG = Logger.getLogger(BaseUrlPolicy.class);

    private static final List<Cidr> LOOPBACK = cidrs("127.0.0.0/8", "::1/128");

    /** Everything that is not a public unicast address; the metadata services live in link-local (and ULA) space. */
    private static final List<Cidr> INTERNAL = cidrs(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "::/96",
            "64:ff9b::/96",
            "fc00::/7",
            "fe80::/10",
            "fec0::/10",
            "ff00::/8");

    /** The outcome of a check. */
    public sealed interface Verdict {
        /** The URL may be used. */
        record Allowed() implements Verdict {}

        /** The URL is refused; {@code reason} completes "base_url ..." and names no address. */
        record Refused(String reason) implements Verdict {}

        /** The host does not resolve: a network failure like any other. */
        record Unresolved() implements Verdict {}
    }

    private final List<String> allowedHosts;
    private final List<Cidr> allowedCidrs;
    private final boolean loopbackAllowed;
    private final Set<String> plainHttpHosts;

    @Inject
    public BaseUrlPolicy(SyncConfig config) {
        this(
                config.baseUrl().allowedHosts().orElse(List.of()),
                config.baseUrl().allowedCidrs().orElse(List.of()),
                loopbackAllowed(config.baseUrl().allowLoopback()),
                config.baseUrl().plainHttpHosts().orElse(List.of()));
    }

    /** For tests and tools. */
    public BaseUrlPolicy(
            List<String> allowedHosts, List<String> allowedCidrs, boolean loopbackAllowed, List<String> plainHttp) {
        this.allowedHosts = allowedHosts.stream().map(BaseUrlPolicy::hostKey).toList();
        this.allowedCidrs = allowedCidrs.stream().map(Cidr::parse).toList();
        this.loopbackAllowed = loopbackAllowed;
        this.plainHttpHosts = plainHttp.stream().map(BaseUrlPolicy::hostKey).collect(Collectors.toSet());
    }

    private static boolean loopbackAllowed(boolean configured) {
        if (configured && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("pulse.sync.base-url.allow-loopback is ignored outside the dev and test profiles");
            return false;
        }
        return configured;
    }

    /** The scheme rule alone (no name lookup): https, or http for a listed host. */
    public Optional<String> schemeProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && plainHttpHosts.contains(hostKey(uri.getHost())))) {
            return Optional.empty();
        }
        return Optional.of("must use https");
    }

    /** The full check: scheme, allowlist and the host's addresses. Looks the name up, so it may block. */
    public Verdict check(URI uri) {
        Optional<String> scheme = schemeProblem(uri);
        if (scheme.isPresent()) {
            return new Verdict.Refused(scheme.get());
        }
        String host = hostKey(uri.getHost());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Verdict.Unresolved();
        }
        return check(host, List.of(addresses));
    }

    /** The address rules for a host and what it resolved to. */
    Verdict check(String host, List<InetAddress> addresses) {
        boolean restricted = !allowedHosts.isEmpty() || !allowedCidrs.isEmpty();
        boolean hostListed = allowedHosts.stream().anyMatch(allowed -> matches(allowed, host));
        for (InetAddress address : addresses) {
            boolean inAllowedRange = allowedCidrs.stream().anyMatch(c -> c.contains(address));
            if (in(LOOPBACK, address)) {
                if (!loopbackAllowed) {
                    return internal();
                }
                continue;
            }
            if (in(INTERNAL, address) && !inAllowedRange) {
                return internal();
            }
            if (restricted && !hostListed && !inAllowedRange) {
                return new Verdict.Refused("is not on this server's list of allowed source hosts");
            }
        }
        return new Verdict.Allowed();
    }

    private static Verdict internal() {
        return new Verdict.Refused("points at an internal address (loopback, link-local or metadata, private network)"
                + " that this server does not connect to");
    }

    private static boolean matches(String allowed, String host) {
        if (allowed.startsWith("*.")) {
            return host.endsWith(allowed.substring(1));
        }
        return allowed.equals(host);
    }

    private static boolean in(List<Cidr> ranges, InetAddress address) {
        return ranges.stream().anyMatch(c -> c.contains(address));
    }

    /** Lower case, without the brackets of an IPv6 literal. */
    private static String hostKey(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static List<Cidr> cidrs(String... ranges) {
        return Stream.of(ranges).map(Cidr::parse).toList();
    }
}
