package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The service-level clocks count only the time a person controls a conversation; snoozed conversations wake on time. */
class ServiceLevelTest extends InboxTestSupport {

    @Autowired
    MeterRegistry registry;

    @Autowired
    SnoozeAlarm alarm;

    @Test
    void firstResponseAndResolutionCountOnlyHumanTimeAndAreTimers() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        UUID id = conversation(store, Instant.now());
        Timer firstResponse = registry.get("litper.chat.first_response").timer();
        Timer resolution = registry.get("litper.chat.resolution").timer();
        long responses = firstResponse.count();
        double responseSeconds = firstResponse.totalTime(TimeUnit.SECONDS);
        long resolutions = resolution.count();
        double resolutionSeconds = resolution.totalTime(TimeUnit.SECONDS);

        clock.freeze();
        clock.advance(Duration.ofMinutes(10));           // the AI's time: not counted
        assertThat(post(path(id, "/take-over"), agent(store, ana), null).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        assertThat(post(path(id, "/hand-back"), agent(store, ana), null).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));           // the AI's again
        assertThat(post(path(id, "/take-over"), agent(store, ana), null).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30));
        Http.Response replied = post(path(id, "/messages"), agent(store, ana), "{\"text\":\"Hola, soy Ana.\"}");
        assertThat(replied.status()).as(replied.body()).isEqualTo(202);
        JsonNode afterReply = replied.json().path("conversation").path("serviceLevel");
        assertThat(afterReply.path("firstResponseSeconds").asDouble()).isEqualTo(90.0);
        assertThat(firstResponse.count()).isEqualTo(responses + 1);
        assertThat(firstResponse.totalTime(TimeUnit.SECONDS) - responseSeconds).isCloseTo(90.0, org.assertj.core.data.Offset.offset(0.001));

        clock.advance(Duration.ofSeconds(30));
        Http.Response resolved = post(path(id, "/resolve"), agent(store, ana), null);
        JsonNode serviceLevel = resolved.json().path("serviceLevel");
        assertThat(serviceLevel.path("resolutionSeconds").asDouble()).isEqualTo(120.0);
        assertThat(serviceLevel.path("humanSeconds").asDouble()).isEqualTo(120.0);
        assertThat(serviceLevel.path("humanSince").isNull()).isTrue();
        assertThat(resolution.count()).isEqualTo(resolutions + 1);
        assertThat(resolution.totalTime(TimeUnit.SECONDS) - resolutionSeconds).isCloseTo(120.0, org.assertj.core.data.Offset.offset(0.001));

        // Resolving again measures nothing; the stored clocks are what the view shows.
        post(path(id, "/resolve"), agent(store, ana), null);
        assertThat(resolution.count()).isEqualTo(resolutions + 1);
        assertThat(row(id).get("resolution_millis")).isEqualTo(120_000L);
        assertThat(row(id).get("first_response_millis")).isEqualTo(90_000L);
        assertThat(get(path(id, ""), owner(store)).json().path("conversation").path("serviceLevel").path("firstResponseSeconds").asDouble())
                .isEqualTo(90.0);
    }

    @Test
    void aConversationOnlyTheAiAnsweredMeasuresNoResolution() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Timer resolution = registry.get("litper.chat.resolution").timer();
        long before = resolution.count();
        Http.Response resolved = post(path(id, "/resolve"), owner(store), null);
        assertThat(resolved.json().path("serviceLevel").path("resolutionSeconds").isNull()).isTrue();
        assertThat(resolution.count()).isEqualTo(before);
    }

    @Test
    void aSnoozedConversationOpensWhenItsTimeComes() {
        UUID store = UUID.randomUUID();
        UUID later = conversation(store, Instant.now());
        UUID sooner = conversation(store, Instant.now());
        assertThat(post(path(sooner, "/snooze"), owner(store), "{\"until\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\"}").status())
                .isEqualTo(200);
        assertThat(post(path(later, "/snooze"), owner(store), "{\"until\":\"" + Instant.now().plus(Duration.ofHours(3)) + "\"}").status())
                .isEqualTo(200);

        clock.advance(Duration.ofHours(2));
        alarm.wakeDue();
        assertThat(row(sooner).get("status")).isEqualTo("OPEN");
        assertThat(row(sooner).get("snoozed_until")).isNull();
        assertThat(row(later).get("status")).isEqualTo("SNOOZED");
    }

    private static String path(UUID conversation, String suffix) {
        return "/api/chat/conversations/" + conversation + suffix;
    }
}
