package com.litper.chat.inbox;

import com.litper.common.security.LitperPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Live updates of the caller's store's inbox, as Server-Sent Events (docs/chat.md). */
@RestController
class EventsController {

    private final EventStreams streams;

    EventsController(EventStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/chat/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(@AuthenticationPrincipal LitperPrincipal caller,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        // nginx (the Ingress) would otherwise buffer the stream and deliver events late.
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(streams.open(caller.requireStore(), lastEventId));
    }
}
