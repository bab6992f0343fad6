package com.litper.chat.inbox;

import com.litper.common.security.LitperPrincipal;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A person's replies to a buyer, and the approved templates usable for them (docs/chat.md). */
@RestController
class ReplyController {

    private final Replies replies;
    private final ApprovedTemplates templates;

    ReplyController(Replies replies, ApprovedTemplates templates) {
        this.replies = replies;
        this.templates = templates;
    }

    /** 202: recorded and queued for sending; the message's status shows when WhatsApp took it. */
    @PostMapping("/api/chat/conversations/{id}/messages")
    ResponseEntity<Replies.Accepted> reply(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id,
            @Valid @RequestBody ReplyRequest request) {
        Replies.Accepted accepted = replies.reply(caller.requireStore(), id, caller.subject(), request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/chat/conversations/" + id)).body(accepted);
    }

    @GetMapping("/api/chat/templates")
    List<ApprovedTemplates.Template> templates() {
        return templates.all();
    }
}
