package com.litper.chat.inbox;

import com.litper.chat.config.InboxProperties;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The support team's inbox (docs/chat.md): a store's conversations, listed and read by owners,
 * support agents and viewers, and worked on by owners and support agents ({@code InboxAccessRules}).
 */
@RestController
@RequestMapping("/api/chat/conversations")
class InboxController {

    /** {@code assignee=me}: the caller. */
    static final String ME = "me";
    /** {@code assignee=none}: nobody. */
    static final String NONE = "none";

    private final InboxQueries queries;
    private final Conversations conversations;
    private final InboxProperties properties;

    InboxController(InboxQueries queries, Conversations conversations, InboxProperties properties) {
        this.queries = queries;
        this.conversations = conversations;
        this.properties = properties;
    }

    @GetMapping
    InboxQueries.Page list(@AuthenticationPrincipal LitperPrincipal caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String label,
            @RequestParam(required = false) Boolean unread,
            @RequestParam(required = false) String controller,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int pageSize = limit == null ? properties.defaultPageSize() : limit;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw badRequest("Parameter 'limit' must be between 1 and " + properties.maxPageSize() + ", was " + pageSize + ".");
        }
        String wanted = blank(assignee) ? null : assignee.strip();
        InboxQueries.Filter filter = new InboxQueries.Filter(statuses(status),
                ME.equalsIgnoreCase(wanted) ? caller.subject() : NONE.equalsIgnoreCase(wanted) ? null : wanted,
                NONE.equalsIgnoreCase(wanted), blank(label) ? null : label.strip().toLowerCase(Locale.ROOT), unread, controller(controller));
        InboxCursor after = blank(cursor) ? null : InboxCursor.decode(cursor);
        return queries.list(caller.requireStore(), filter, after, pageSize);
    }

    @GetMapping("/{id}")
    ConversationDetails get(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return queries.find(caller.requireStore(), id).orElseThrow(() -> Conversations.notFound(id));
    }

    @PostMapping("/{id}/read")
    ConversationView markRead(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.markRead(caller.requireStore(), id);
    }

    @PutMapping("/{id}/assignee")
    ConversationView assign(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id,
            @Valid @RequestBody InboxRequests.Assign request) {
        if (request.assignee() != null && ME.equalsIgnoreCase(request.assignee())) {
            return conversations.assignToSelf(caller.requireStore(), id, caller.subject());
        }
        return conversations.assign(caller.requireStore(), id, request.assignee());
    }

    @PutMapping("/{id}/labels")
    ConversationView label(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id,
            @Valid @RequestBody InboxRequests.Labels request) {
        return conversations.label(caller.requireStore(), id, request.normalised());
    }

    @PutMapping("/{id}/priority")
    ConversationView prioritise(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id,
            @Valid @RequestBody InboxRequests.SetPriority request) {
        return conversations.prioritise(caller.requireStore(), id, request.priority());
    }

    @PostMapping("/{id}/snooze")
    ConversationView snooze(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id,
            @Valid @RequestBody InboxRequests.Snooze request) {
        return conversations.snooze(caller.requireStore(), id, request.until());
    }

    @PostMapping("/{id}/resolve")
    ConversationView resolve(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.resolve(caller.requireStore(), id);
    }

    @PostMapping("/{id}/reopen")
    ConversationView reopen(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.reopen(caller.requireStore(), id);
    }

    @PostMapping("/{id}/take-over")
    ConversationView takeOver(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.takeOver(caller.requireStore(), id, caller.subject());
    }

    @PostMapping("/{id}/hand-over")
    ConversationView handOver(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.handOver(caller.requireStore(), id);
    }

    @PostMapping("/{id}/hand-back")
    ConversationView handBack(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return conversations.handBack(caller.requireStore(), id);
    }

    /** {@code OPEN}, or several: {@code OPEN,PENDING}; any case. */
    private static Set<ConversationStatus> statuses(String status) {
        if (blank(status)) {
            return null;
        }
        Set<ConversationStatus> statuses = EnumSet.noneOf(ConversationStatus.class);
        for (String one : status.split(",")) {
            try {
                statuses.add(ConversationStatus.valueOf(one.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw badRequest("Parameter 'status' must be one or more (comma-separated) of "
                        + Arrays.toString(ConversationStatus.values()) + ", was '" + status + "'.");
            }
        }
        return statuses;
    }

    private static Controller controller(String controller) {
        if (blank(controller)) {
            return null;
        }
        try {
            return Controller.valueOf(controller.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badRequest("Parameter 'controller' must be one of " + Arrays.toString(Controller.values()) + ", was '" + controller + "'.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
