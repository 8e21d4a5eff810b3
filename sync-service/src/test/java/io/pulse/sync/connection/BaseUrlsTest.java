package io.pulse.sync.connection;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.pulse.sync.connection.service.BaseUrls;

import static org.assertj.core.api.Assertions.assertThat;

class BaseUrlsTest {

    private static Optional<URI> check(String url, String[] problem) {
        return BaseUrls.normalise(url, problem);
    }

    @Test
    void acceptsHttpAndHttpsAndNormalises() {
        String[] problem = new String[1];
        assertThat(check("https://GitLab.Example.com/gitlab/", problem))
                .contains(URI.create("https://gitlab.example.com/gitlab"));
        assertThat(check("http://127.0.0.1:8080", problem)).contains(URI.create("http://127.0.0.1:8080"));
        assertThat(check("http://localhost:9000/", problem)).contains(URI.create("http://localhost:9000"));
        // Whether plain http may be used for a host is the policy's decision (BaseUrlPolicyTest).
        assertThat(check("http://gitlab.example.com", problem)).contains(URI.create("http://gitlab.example.com"));
    }

    @Test
    void refusesOtherSchemesCredentialsQueriesAndRelativeUrls() {
        String[] problem = new String[1];
        assertThat(check("ftp://gitlab.example.com", problem)).isEmpty();
        assertThat(problem[0]).isEqualTo("must use https");
        assertThat(check("https://user:pw@gitlab.example.com", problem)).isEmpty();
        assertThat(problem[0]).isEqualTo("must not contain credentials");
        assertThat(check("https://gitlab.example.com/?private_token=x", problem))
                .isEmpty();
        assertThat(check("ftp://gitlab.example.com", problem)).isEmpty();
        assertThat(check("/api/v4", problem)).isEmpty();
        assertThat(check("", problem)).isEmpty();
    }
}
