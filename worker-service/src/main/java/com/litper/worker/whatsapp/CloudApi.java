package com.litper.worker.whatsapp;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/** The WhatsApp Business Cloud API's send endpoint as a Spring HTTP interface ({@link CloudApiClient} builds it). */
@HttpExchange(accept = MediaType.APPLICATION_JSON_VALUE)
interface CloudApi {

    /**
     * Sends one message and returns WhatsApp's answer as it came. Raw text rather than a record: an
     * accepted message whose answer cannot be read is still sent, and must not look like a failure.
     */
    @PostExchange(url = "/{apiVersion}/{phoneNumberId}/messages", contentType = MediaType.APPLICATION_JSON_VALUE)
    String send(@PathVariable String apiVersion, @PathVariable String phoneNumberId, @RequestBody Map<String, Object> message);
}
