package com.litper.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the context is what SIGTERM does (Spring Boot's shutdown hook): readiness must turn DOWN
 * first while the server still answers, and a request already running must complete.
 */
@ExtendWith(EmbeddedInfrastructure.class)
class GracefulShutdownTest {

    @Test
    void readinessGoesDownFirstAndInFlightRequestsFinish() throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--litper.web.drain-delay=2s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Http http = Http.localhost(port);
        assertThat(http.get("/ready").status()).isEqualTo(200);

        CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() -> http.get("/slow?millis=3000"));
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

        // During the drain the server still answers, and says it is not ready.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> http.get("/ready").status() == 503);

        Http.Response slow = inFlight.get();
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.json().path("sleptMillis").asLong()).isEqualTo(3000);
        closing.get();
        assertThat(context.isActive()).isFalse();
    }
}
