package io.pulse.bench.baseline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint of the start-up baseline: the benchmark measures the time to its first answer. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}
