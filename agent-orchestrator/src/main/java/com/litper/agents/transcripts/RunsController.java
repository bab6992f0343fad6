package com.litper.agents.transcripts;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The store's agent runs and transcripts, for every store role: {@code GET /agents/runs} (newest first,
 * keyset-paginated, by conversation, outcome and kind) and {@code GET /agents/runs/{id}}. Read-only
 * transactions, so with replicas configured they read a replica (docs/database.md); a run that just
 * finished may show a moment later there.
 */
@RestController
class RunsController {

    private final RunViews views;
    private final TransactionTemplate reads;

    RunsController(RunViews views, PlatformTransactionManager transactions) {
        this.views = views;
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
    }

    @GetMapping("/agents/runs")
    RunViews.Page list(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam(required = false) UUID conversationId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) Boolean tryIt,
            @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "25") int limit) {
        if (limit < 1 || limit > 100) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "'limit' must be between 1 and 100, not " + limit + ".");
        }
        if (outcome != null && !RunViews.STATUSES.contains(outcome)) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "'outcome' must be one of " + RunViews.STATUSES + ".");
        }
        return reads.execute(tx -> views.list(caller.requireStore(), conversationId, outcome, tryIt, cursor, limit));
    }

    @GetMapping("/agents/runs/{id}")
    RunViews.RunDetail run(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID id) {
        return reads.execute(tx -> views.run(caller.requireStore(), id)).orElseThrow(() ->
                new ApiProblemException(HttpStatus.NOT_FOUND, "This store has no agent run " + id + "."));
    }
}
