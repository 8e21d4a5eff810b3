package io.pulse.sync.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The source base URL policy against server-side request forgery (issue 10, defect 7). */
class BaseUrlPolicyTest {

    private static final BaseUrlPolicy PRODUCTION = new BaseUrlPolicy(List.of(), List.of(), false, List.of());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static BaseUrlPolicy.Verdict check(BaseUrlPolicy policy, String host, String... addresses) {
        return policy.check(
                host, List.of(addresses).stream().map(BaseUrlPolicyTest::ip).toList());
    }

    @Test
    void metadataLinkLocalLoopbackPrivateAndUnspecifiedAddressesAreRefusedByDefault() {
        for (String address : List.of(
                "169.254.169.254", // AWS, GCP, Azure instance metadata
                "fd00:ec2::254", // AWS metadata over IPv6
                "100.100.100.200", // Alibaba Cloud metadata (carrier-grade NAT range)
                "127.0.0.1",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "10.1.2.3",
                "172.20.0.5",
                "192.168.1.10",
                "0.0.0.0",
                "fe80::1",
                "224.0.0.1")) {
            assertThat(check(PRODUCTION, "gitlab.example.com", address))
                    .as(address)
                    .isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        }
        assertThat(check(PRODUCTION, "gitlab.example.com", "203.0.113.10"))
                .isInstanceOf(BaseUrlPolicy.Verdict.Allowed.class);
    }

    @Test
    void oneInternalAddressAmongPublicOnesIsEnoughToRefuse() {
        assertThat(check(PRODUCTION, "rebind.example.com", "203.0.113.10", "169.254.169.254"))
                .isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
    }

    @Test
    void anAllowedRangeAdmitsAnInternalServerButNeverLoopbackOrMetadataOutsideIt() {
        BaseUrlPolicy policy = new BaseUrlPolicy(List.of(), List.of("10.20.0.0/16"), false, List.of());
        assertThat(check(policy, "gitlab.corp", "10.20.3.4")).isInstanceOf(BaseUrlPolicy.Verdict.Allowed.class);
        assertThat(check(policy, "gitlab.corp", "10.21.3.4")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        assertThat(check(policy, "gitlab.corp", "169.254.169.254")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        // With an allowlist, a public host must be on it too.
        assertThat(check(policy, "gitlab.com", "203.0.113.10")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        BaseUrlPolicy loopbackRange = new BaseUrlPolicy(List.of(), List.of("127.0.0.0/8"), false, List.of());
        assertThat(check(loopbackRange, "localhost", "127.0.0.1")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
    }

    @Test
    void allowedHostsAcceptExactNamesAndSubdomainsOnPublicAddresses() {
        BaseUrlPolicy policy = new BaseUrlPolicy(List.of("gitlab.com", "*.atlassian.net"), List.of(), false, List.of());
        assertThat(check(policy, "gitlab.com", "203.0.113.10")).isInstanceOf(BaseUrlPolicy.Verdict.Allowed.class);
        assertThat(check(policy, "acme.atlassian.net", "203.0.113.11"))
                .isInstanceOf(BaseUrlPolicy.Verdict.Allowed.class);
        assertThat(check(policy, "evil.example.com", "203.0.113.12")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        // A listed name that resolves to an internal address is still refused.
        assertThat(check(policy, "gitlab.com", "10.0.0.1")).isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
    }

    @Test
    void loopbackAndPlainHttpOnlyWhereAllowed() {
        BaseUrlPolicy test = new BaseUrlPolicy(List.of(), List.of(), true, List.of("127.0.0.1", "localhost", "::1"));
        assertThat(check(test, "127.0.0.1", "127.0.0.1")).isInstanceOf(BaseUrlPolicy.Verdict.Allowed.class);
        assertThat(test.schemeProblem(URI.create("http://127.0.0.1:8080"))).isEmpty();
        assertThat(test.schemeProblem(URI.create("http://[::1]:8080"))).isEmpty();
        assertThat(test.schemeProblem(URI.create("http://gitlab.example.com"))).contains("must use https");
        assertThat(PRODUCTION.schemeProblem(URI.create("http://127.0.0.1:8080")))
                .contains("must use https");
        assertThat(PRODUCTION.schemeProblem(URI.create("https://gitlab.example.com")))
                .isEmpty();
        assertThat(PRODUCTION.check(URI.create("https://127.0.0.1:8443")))
                .isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
        assertThat(PRODUCTION.check(URI.create("https://[::ffff:a9fe:a9fe]/")))
                .isInstanceOf(BaseUrlPolicy.Verdict.Refused.class);
    }

    @Test
    void rangesParseAndMatchPerFamily() {
        Cidr v4 = Cidr.parse("192.168.0.0/16");
        assertThat(v4.contains(ip("192.168.255.1"))).isTrue();
        assertThat(v4.contains(ip("192.169.0.1"))).isFalse();
        assertThat(v4.contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(ip("fd12::1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.1").contains(ip("10.0.0.1"))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("gitlab.com/8"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
