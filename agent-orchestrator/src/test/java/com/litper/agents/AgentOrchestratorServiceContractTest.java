package com.litper.agents;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;
import org.springframework.test.annotation.DirtiesContext;

/** Its context (and its worker on the agents queue, with no model to call) ends with the class, so it never takes another class's tasks. */
@DirtiesContext
class AgentOrchestratorServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "agent-orchestrator";
    }

    @Override
    protected String ownedSchema() {
        return "agents";
    }

    @Override
    protected List<String> ownedTables() {
        return List.of("agent_run", "transcript_entry", "agent_settings", "agent_episode");
    }
}
