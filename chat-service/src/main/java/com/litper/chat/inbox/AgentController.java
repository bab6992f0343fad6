package com.litper.chat.inbox;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The store's support agents: each says whether they take conversations from the round-robin, and how many at once. */
@RestController
@RequestMapping("/api/chat/agents")
class AgentController {

    private final Agents agents;

    AgentController(Agents agents) {
        this.agents = agents;
    }

    /**
     * {@code PUT /api/chat/agents/me}.
     *
     * @param available take new conversations from the round-robin
     * @param maxOpen at most this many open conversations at once (1 to 1000)
     */
    record Availability(@NotNull Boolean available, @NotNull @Min(1) @Max(1000) Integer maxOpen) {
    }

    @PutMapping("/me")
    Agents.Agent update(@AuthenticationPrincipal LitperPrincipal caller, @Valid @RequestBody Availability request) {
        return agents.update(caller.requireStore(), caller.subject(), request.available(), request.maxOpen());
    }

    @GetMapping("/me")
    Agents.Agent me(@AuthenticationPrincipal LitperPrincipal caller) {
        return agents.find(caller.requireStore(), caller.subject()).orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND,
                "You are not one of your store's support agents yet; join with PUT /api/chat/agents/me."));
    }

    @GetMapping
    List<Agents.Agent> all(@AuthenticationPrincipal LitperPrincipal caller) {
        return agents.all(caller.requireStore());
    }
}
