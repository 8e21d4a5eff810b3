package io.pulse.common.events;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the wire shape of every event: consumers and downstream tools depend on these field names and formats. A
 * change that breaks this test needs a new schema version, not an edit of the expected JSON.
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30.123456Z"), ZoneOffset.UTC);
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID ITEM = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    @Test
    void evidenceEventShape() throws Exception {
        EventEnvelope e = EventCodec.envelope(
                EventType.EVIDENCE_CREATED,
                USER,
                new EvidencePayload(
                        ITEM,
                        3,
                        "manual",
                        "Shipped search",
                        "feature",
                        List.of("search", "api"),
                        Instant.parse("2026-02-27T09:00:00Z")),
                CLOCK);
        JsonNode json = JSON.readTree(EventCodec.toJson(e));

        assertThat(fieldNames(json))
                .containsExactly("eventId", "type", "schemaVersion", "occurredAt", "userId", "payload");
        assertThat(json.get("eventId").asText()).isEqualTo(e.eventId().toString());
        assertThat(json.get("type").asText()).isEqualTo("evidence.created");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-03-01T10:15:30.123456Z");
        assertThat(json.get("userId").asText()).isEqualTo(USER.toString());
        assertThat(json.get("payload")).isEqualTo(JSON.readTree("""
                {"evidenceId":"00000000-0000-0000-0000-0000000000bb","version":3,"source":"manual",
                 "title":"Shipped search","category":"feature","tags":["search","api"],
                 "occurredAt":"2026-02-27T09:00:00.000000Z"}"""));
    }

    @Test
    void insightRequestAndInsightAndSyncShapes() throws Exception {
        assertThat(payloadJson(
                        EventType.INSIGHTS_REQUESTED,
                        new InsightsRequestedPayload(
                                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-31"), "api")))
                .isEqualTo(JSON.readTree("""
                        {"periodStart":"2026-01-01","periodEnd":"2026-03-31","reason":"api"}"""));
        assertThat(payloadJson(
                        EventType.INSIGHT_CREATED,
                        new InsightPayload(ITEM, "strength", "Reliable reviewer", 0.8, List.of(ITEM), false, false)))
                .isEqualTo(JSON.readTree("""
                        {"insightId":"00000000-0000-0000-0000-0000000000bb","type":"strength","title":"Reliable reviewer",
                         "confidenceScore":0.8,"evidenceIds":["00000000-0000-0000-0000-0000000000bb"],
                         "validated":false,"rejected":false}"""));
        assertThat(payloadJson(
                        EventType.INSIGHT_GENERATION_UPDATED,
                        new InsightGenerationPayload(
                                ITEM,
                                "completed",
                                "api",
                                LocalDate.parse("2026-01-01"),
                                LocalDate.parse("2026-03-31"),
                                "evidence-semantic-v2(llm-unavailable)",
                                true,
                                "llm_unavailable",
                                "5xx",
                                3,
                                0,
                                1,
                                List.of(USER))))
                .isEqualTo(JSON.readTree("""
                        {"requestId":"00000000-0000-0000-0000-0000000000bb","status":"completed","trigger":"api",
                         "periodStart":"2026-01-01","periodEnd":"2026-03-31",
                         "generator":"evidence-semantic-v2(llm-unavailable)","fallback":true,
                         "reason":"llm_unavailable","llmError":"5xx","insightsCreated":3,"insightsUpdated":0,
                         "insightsRetired":1,"retiredInsightIds":["00000000-0000-0000-0000-0000000000aa"]}"""));
        assertThat(payloadJson(
                        EventType.SYNC_REQUESTED,
                        new SyncRequestedPayload(ITEM, "gitlab", Instant.parse("2026-01-01T00:00:00Z"))))
                .isEqualTo(JSON.readTree("""
                        {"jobId":"00000000-0000-0000-0000-0000000000bb","source":"gitlab","since":"2026-01-01T00:00:00.000000Z"}"""));
        assertThat(payloadJson(
                        EventType.SYNC_JOB_UPDATED,
                        new SyncJobPayload(
                                ITEM, "jira", "completed", 12, 5, null, Instant.parse("2026-01-02T00:00:00Z"))))
                .isEqualTo(JSON.readTree("""
                        {"jobId":"00000000-0000-0000-0000-0000000000bb","source":"jira","status":"completed",
                         "itemsProcessed":12,"itemsCreated":5,"errorMessage":null,"lastSyncAt":"2026-01-02T00:00:00.000000Z"}"""));
    }

    @Test
    void topicsAndWireNamesAreStable() {
        assertThat(EventType.EVIDENCE_ENRICHED.topic()).isEqualTo("pulse.evidence-events");
        assertThat(EventType.INSIGHTS_REQUESTED.topic()).isEqualTo("pulse.insight-requests");
        assertThat(EventType.INSIGHT_UPDATED.topic()).isEqualTo("pulse.insight-events");
        assertThat(EventType.INSIGHT_GENERATION_UPDATED.topic()).isEqualTo("pulse.insight-events");
        assertThat(EventType.SYNC_REQUESTED.topic()).isEqualTo("pulse.sync-requests");
        assertThat(EventType.SYNC_JOB_UPDATED.topic()).isEqualTo("pulse.sync-job-events");
        assertThat(EventType.SHARE_GRANTED.topic()).isEqualTo("pulse.share-events");
        assertThat(EventType.SHARE_REVOKED.topic()).isEqualTo("pulse.share-events");
        assertThat(EventType.PROFILE_ERASED.topic()).isEqualTo("pulse.profile-events");
        assertThat(List.of(EventType.values()).stream().map(EventType::wireName))
                .containsExactly(
                        "evidence.created",
                        "evidence.updated",
                        "evidence.deleted",
                        "evidence.enriched",
                        "insights.requested",
                        "insight.created",
                        "insight.updated",
                        "insight-generation.updated",
                        "sync.requested",
                        "sync-job.updated",
                        "share.granted",
                        "share.revoked",
                        "profile.erased");
    }

    @Test
    void roundTripsAndToleratesNewFieldsButNotGarbage() {
        EventEnvelope e = EventCodec.envelope(
                EventType.EVIDENCE_DELETED, USER, new EvidencePayload(ITEM, 2, "jira", null, null, null, null), CLOCK);
        String json = EventCodec.toJson(e).replace("\"payload\"", "\"addedLater\":1,\"payload\"");
        EventEnvelope back = EventCodec.fromJson(json);
        assertThat(EventCodec.toJson(back)).isEqualTo(EventCodec.toJson(e));
        assertThat(EventCodec.payload(back, EvidencePayload.class).evidenceId()).isEqualTo(ITEM);
        assertThatThrownBy(() -> EventCodec.fromJson("{\"type\":\"evidence.created\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.fromJson("not json"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void everyInstantHasSixFractionalDigits() throws Exception {
        Instant nanos = Instant.parse("2026-02-27T09:00:00.123456789Z");
        JsonNode json = JSON.readTree(EventCodec.toJson(EventCodec.envelope(
                EventType.SYNC_JOB_UPDATED,
                USER,
                new SyncJobPayload(ITEM, "jira", "completed", 1, 1, null, nanos),
                Clock.fixed(nanos, java.time.ZoneOffset.UTC))));
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-02-27T09:00:00.123456Z");
        assertThat(json.get("payload").get("lastSyncAt").asText()).isEqualTo("2026-02-27T09:00:00.123456Z");
    }

    @Test
    void schemaVersionsArePerTypeAndEnrichedCarriesTheResults() throws Exception {
        assertThat(EventType.EVIDENCE_CREATED.schemaVersion()).isEqualTo(1);
        assertThat(EventType.EVIDENCE_ENRICHED.schemaVersion()).isEqualTo(2);
        EventEnvelope enriched = EventCodec.envelope(
                EventType.EVIDENCE_ENRICHED,
                USER,
                new EvidenceEnrichedPayload(
                        ITEM,
                        3,
                        "manual",
                        "Shipped search",
                        "feature",
                        List.of("search"),
                        Instant.parse("2026-02-27T09:00:00Z"),
                        "Shipped semantic search.",
                        List.of("feature", "performance"),
                        List.of("semantic search"),
                        0.4,
                        "extractive-v1+all-minilm-l6-v2"),
                CLOCK);
        JsonNode json = JSON.readTree(EventCodec.toJson(enriched));
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(json.get("payload").has("embedding")).isFalse();
        assertThat(json.get("payload").get("keyPhrases").get(0).asText()).isEqualTo("semantic search");
    }

    @Test
    void oldAndNewConsumersReadEachOthersEnrichedEvents() {
        // A consumer written for version 1 (EvidencePayload) reads a version 2 event: the additions are ignored.
        String v2 = EventCodec.toJson(EventCodec.envelope(
                EventType.EVIDENCE_ENRICHED,
                USER,
                new EvidenceEnrichedPayload(
                        ITEM, 3, "manual", "t", null, List.of(), null, "s", List.of("feature"), List.of(), null, "m"),
                CLOCK));
        EvidencePayload asV1 = EventCodec.payload(EventCodec.fromJson(v2), EvidencePayload.class);
        assertThat(asV1.evidenceId()).isEqualTo(ITEM);
        assertThat(asV1.version()).isEqualTo(3);
        // A version 1 event, as producers before the change wrote it, read by today's consumer: additions absent.
        String v1 = v2.replace("\"schemaVersion\":2", "\"schemaVersion\":1")
                .replaceAll(",\"summary\".*?\"model\":\"m\"", "");
        EvidenceEnrichedPayload asV2 = EventCodec.payload(EventCodec.fromJson(v1), EvidenceEnrichedPayload.class);
        assertThat(asV2.evidenceId()).isEqualTo(ITEM);
        assertThat(asV2.summary()).isNull();
        assertThat(asV2.categories()).isEmpty();
    }

    @Test
    void refusesAPayloadOfTheWrongType() {
        assertThatThrownBy(() -> EventCodec.envelope(
                        EventType.SYNC_REQUESTED, USER, new InsightsRequestedPayload(null, null, "api")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyContractClassIsKeptForReflectionInNativeExecutables() {
        List<Class<?>> registered = List.of(
                EventContracts.class.getAnnotation(RegisterForReflection.class).targets());
        assertThat(registered).contains(EventEnvelope.class);
        assertThat(registered)
                .containsAll(Arrays.stream(EventType.values())
                        .map(EventType::payloadType)
                        .toList());
    }

    private static JsonNode payloadJson(EventType type, EventPayload payload) throws Exception {
        return JSON.readTree(EventCodec.toJson(EventCodec.envelope(type, USER, payload, CLOCK)))
                .get("payload");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
