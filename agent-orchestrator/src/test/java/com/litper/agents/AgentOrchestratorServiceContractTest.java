package com.litper.agents;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;

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
        return List.of("agent_run", "transcript_entry");
    }
}
