package io.pulse.evidence.stream.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.stream.service.StreamEvent;
import io.pulse.evidence.stream.service.StreamHub;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;

/** Server-Sent Events with the caller's own evidence, insight and sync-job changes. */
@Path("/api/v1/stream")
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Stream", description = "Server-sent events of the caller's changes")
public class StreamResource {

    private static final int MAX_LAST_EVENT_ID = 64;

    private final StreamHub hub;
    private final RequestUser caller;
    private final SecurityIdentity identity;
    private final EvidenceConfig config;

    public StreamResource(StreamHub hub, RequestUser caller, SecurityIdentity identity, EvidenceConfig config) {
        this.hub = hub;
        this.caller = caller;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(
            operationId = "streamEvents",
            summary = "Realtime stream of the caller's changes",
            description = "Each SSE event has id = event id, event = event type (evidence.created, evidence.updated,"
                    + " evidence.deleted, evidence.enriched, insight.created, insight.updated, insight-generation.updated,"
                    + " sync-job.updated, share.granted, share.revoked; a manager also receives the shares made to"
                    + " them) and"
                    + " data = the event envelope JSON. Comment heartbeats keep the connection alive; the stream ends"
                    + " when the token expires. Reconnect with Last-Event-ID to replay recent events (clients"
                    + " deduplicate by id).")
    @APIResponse(
            responseCode = "200",
            description = "An endless text/event-stream",
            content =
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = String.class)))
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "Id of the last event received, to replay what came after it")
                    @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
        Duration lifetime = lifetime();
        String resumeFrom = lastEventId == null || lastEventId.isBlank() || lastEventId.length() > MAX_LAST_EVENT_ID
                ? null
                : lastEventId.strip();
        UUID userId = caller.get().id();
        Multi<OutboundSseEvent> events = hub.subscribe(userId, resumeFrom).map(e -> toSse(sse, e));
        // The first heartbeat goes out at once: it flushes the headers and tells the client it is subscribed.
        // Ticks start at once, then every interval.
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom()
                .ticks()
                .every(config.stream().heartbeat())
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(events, heartbeats).select().first(lifetime);
    }

    /** Until the token expires: a stream must not outlive the credential that opened it. */
    private Duration lifetime() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            throw new UnauthorizedException();
        }
        Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(jwt.getExpirationTime()));
        if (left.isNegative() || left.isZero()) {
            throw new UnauthorizedException();
        }
        return left;
    }

    private static OutboundSseEvent toSse(Sse sse, StreamEvent event) {
        return sse.newEventBuilder()
                .id(event.id())
                .name(event.type())
                .data(String.class, event.json())
                .build();
    }
}
