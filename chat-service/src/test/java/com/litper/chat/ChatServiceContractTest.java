package com.litper.chat;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;

class ChatServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "chat-service";
    }

    @Override
    protected String ownedSchema() {
        return "chat";
    }

    @Override
    protected List<String> ownedTables() {
        return List.of("conversation", "message", "outbox", "buyer_order", "buyer_notification", "agent");
    }
}
