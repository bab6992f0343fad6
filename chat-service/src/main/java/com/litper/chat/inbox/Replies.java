package com.litper.chat.inbox;

import com.litper.chat.config.InboxProperties;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.ConfirmOrderAction;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.contracts.WhatsappFailed;
import com.litper.common.contracts.WhatsappSent;
import com.litper.common.outbox.Outbox;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's replies to a buyer (docs/chat.md). A reply is recorded as an outbound message, PENDING,
 * in the same transaction as its {@code send_whatsapp} task in the outbox, so it is never accepted
 * and then lost; worker-service sends it and hands back {@code whatsapp_sent} with the reply's id
 * ({@code chatMessageId}), which gives the recorded message WhatsApp's id.
 *
 * <p>WhatsApp's rule: free text only inside the buyer's 24-hour customer-service window (the buyer
 * wrote less than 24 hours ago); outside it only an approved template, which may be sent at any time.
 */
@Component
public class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ConversationRows rows;
    private final Agents agents;
    private final Outbox outbox;
    private final ApprovedTemplates templates;
    private final MessageRows messages;
    private final InboxEvents events;
    private final ServiceLevelMetrics metrics;
    private final InboxProperties properties;
    private final Clock clock;

    Replies(JdbcClient jdbc, TransactionTemplate transactions, ConversationRows rows, Agents agents, Outbox outbox, ApprovedTemplates templates,
            MessageRows messages, InboxEvents events, ServiceLevelMetrics metrics, InboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rows = rows;
        this.agents = agents;
        this.outbox = outbox;
        this.templates = templates;
        this.messages = messages;
        this.events = events;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The reply as accepted.
     *
     * @param message the recorded message, PENDING until WhatsApp accepts it
     * @param conversation the conversation after the reply: a person controls it, and it waits for the buyer
     */
    record Accepted(MessageView message, ConversationView conversation) {
    }

    /** Records {@code author}'s reply in the store's conversation and its send in the outbox, or refuses it (422) as WhatsApp would. */
    Accepted reply(UUID storeId, UUID conversationId, String author, ReplyRequest request) {
        return transactions.execute(tx -> {
            Instant now = ConversationRows.now(clock);
            Conversation conversation = rows.lock(storeId, conversationId).orElseThrow(() -> Conversations.notFound(conversationId));
            UUID messageId = UUID.randomUUID();
            SendWhatsapp send;
            String type;
            String body;
            if (request.isFreeText()) {
                if (!conversation.windowOpen(now, properties.serviceWindow())) {
                    throw outsideWindow(conversation);
                }
                type = "text";
                body = request.text();
                send = new SendWhatsapp(conversation.buyerPhone(), null, null, null, body, null, null, null, true, storeId,
                        messageId.toString());
            } else {
                ApprovedTemplates.Template template = templates.find(request.template(), request.language())
                        .orElseThrow(() -> notApproved(request));
                List<String> values = request.templateParameters();
                if (values.size() != template.parameters().size()) {
                    throw Problems.invalidBody("Template " + template.name() + " (" + template.language() + ") takes "
                                    + template.parameters().size() + " parameters " + template.parameters() + ", the reply gave " + values.size() + ".",
                            List.of(Map.of("field", "parameters", "message", "must have " + template.parameters().size() + " values")));
                }
                type = "template";
                body = template.render(values);
                // sessionOpen false: the template is sent as it is, even inside the window.
                send = new SendWhatsapp(conversation.buyerPhone(), template.name(), template.language(), values, body, null, null, null,
                        false, storeId, messageId.toString());
            }
            jdbc.sql("""
                            INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, status_at, author,
                                created_at)
                            VALUES (:id, :conversation, 'OUTBOUND', NULL, :type, :body, 'PENDING', :now, :author, :now)""")
                    .param("id", messageId).param("conversation", conversationId).param("type", type).param("body", body)
                    .param("now", ConversationRows.utc(now)).param("author", author)
                    .update();
            outbox.add(send);
            agents.enrol(storeId, author);
            metrics.firstResponse(conversation.humanReplied(author, now));
            rows.save(conversation);
            MessageView message = new MessageView(messageId, "OUTBOUND", type, body, "PENDING", now, null, now, author, null, null);
            ConversationView view = ConversationView.of(conversation, now, properties.serviceWindow());
            events.message(storeId, conversationId, message);
            events.conversation(storeId, view);
            return new Accepted(message, view);
        });
    }

    /** The author of the support agent's replies in {@code chat.message}. */
    public static final String AGENT_AUTHOR = "agent";

    /** What became of one of the support agent's replies. */
    public enum AgentOutcome {
        /** Recorded as the agent's PENDING message, its send in the outbox. */
        SENT,
        /** A person controls the conversation: the buyer does not get it. */
        DISCARDED_HUMAN_CONTROLS,
        /** The buyer's 24-hour window closed: free text would be refused; a person takes the conversation. */
        DISCARDED_WINDOW_CLOSED,
        /** This run's reply was handled already (a repeated task). */
        REPEATED,
        /** The store has no such conversation. */
        UNKNOWN_CONVERSATION
    }

    /**
     * The support agent's reply ({@code agent_reply}): sent to the buyer as free text only while the AI
     * still controls the conversation and the buyer's 24-hour window is open, through the same path a
     * person's reply takes (an OUTBOUND message authored {@link #AGENT_AUTHOR}, PENDING, with its
     * {@code send_whatsapp} in the outbox). A person who took over meanwhile wins: the reply is recorded
     * as discarded in {@code chat.agent_answer}, never sent; except the goodbye of the run that handed the
     * conversation over itself ({@link #ownGoodbye}). Once per run.
     */
    public AgentOutcome agentReply(AgentReply reply) {
        return agentMessage(reply.storeId(), reply.conversationId(), reply.runId(), "REPLY", reply.text(), null, () -> ownGoodbye(reply));
    }

    /**
     * The support agent's request that the buyer confirm an action ({@code confirm_order_action}): sent
     * as an interactive message with reply buttons under the rules of {@link #agentReply} (the AI
     * controls the conversation, the window is open; a person who took over wins). Once per action.
     */
    public AgentOutcome agentConfirmation(ConfirmOrderAction confirmation) {
        return agentMessage(confirmation.storeId(), confirmation.conversationId(), confirmation.actionId(), "CONFIRMATION",
                confirmation.text(), confirmation.buttons(), () -> false);
    }

    private AgentOutcome agentMessage(UUID storeId, UUID conversationId, UUID runId, String kind, String text,
            List<SendWhatsapp.Button> buttons, java.util.function.BooleanSupplier ownGoodbye) {
        return transactions.execute(tx -> {
            Instant now = ConversationRows.now(clock);
            Optional<Conversation> locked = rows.lock(storeId, conversationId);
            if (locked.isEmpty()) {
                return AgentOutcome.UNKNOWN_CONVERSATION;
            }
            // After the lock: two deliveries of one run are decided one after the other.
            boolean repeated = jdbc.sql("SELECT EXISTS (SELECT 1 FROM chat.agent_answer WHERE run_id = :run AND kind = :kind)")
                    .param("run", runId).param("kind", kind).query(Boolean.class).single();
            if (repeated) {
                return AgentOutcome.REPEATED;
            }
            Conversation conversation = locked.get();
            if (conversation.controller() != Controller.AI && !ownGoodbye.getAsBoolean()) {
                answer(runId, kind, conversationId, "DISCARDED", "a person controls the conversation", null);
                return AgentOutcome.DISCARDED_HUMAN_CONTROLS;
            }
            if (!conversation.windowOpen(now, properties.serviceWindow())) {
                answer(runId, kind, conversationId, "DISCARDED", "the buyer's 24-hour window is closed", null);
                return AgentOutcome.DISCARDED_WINDOW_CLOSED;
            }
            UUID messageId = UUID.randomUUID();
            String type = buttons == null ? "text" : "interactive";
            jdbc.sql("""
                            INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, status_at, author,
                                created_at)
                            VALUES (:id, :conversation, 'OUTBOUND', NULL, :type, :body, 'PENDING', :now, :author, :now)""")
                    .param("id", messageId).param("conversation", conversation.id()).param("type", type).param("body", text)
                    .param("now", ConversationRows.utc(now)).param("author", AGENT_AUTHOR)
                    .update();
            outbox.add(new SendWhatsapp(conversation.buyerPhone(), null, null, null, text, null, null, null, true, storeId,
                    messageId.toString(), buttons));
            answer(runId, kind, conversationId, "SENT", null, messageId);
            conversation.agentReplied(now);
            rows.save(conversation);
            events.message(storeId, conversation.id(),
                    new MessageView(messageId, "OUTBOUND", type, text, "PENDING", now, null, now, AGENT_AUTHOR, null, null));
            events.conversation(storeId, ConversationView.of(conversation, now, properties.serviceWindow()));
            return AgentOutcome.SENT;
        });
    }

    /**
     * The reply of the run that handed this conversation over itself (its goodbye: "un asesor te
     * escribirá"), while no person has written in it since: a hand-over that chat-service handled before
     * the reply (the two tasks race) must not silence the run's own last words.
     */
    private boolean ownGoodbye(AgentReply reply) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM chat.agent_answer a WHERE a.run_id = :run AND a.kind = 'HANDOVER')
                            AND NOT EXISTS (SELECT 1 FROM chat.message m JOIN chat.agent_answer a ON a.run_id = :run AND a.kind = 'HANDOVER'
                                WHERE m.conversation_id = :conversation AND m.direction = 'OUTBOUND' AND m.author IS NOT NULL
                                    AND m.author <> :agent AND m.created_at >= a.created_at)""")
                .param("run", reply.runId()).param("conversation", reply.conversationId()).param("agent", AGENT_AUTHOR)
                .query(Boolean.class).single();
    }

    private void answer(UUID runId, String kind, UUID conversationId, String outcome, String detail, UUID messageId) {
        jdbc.sql("""
                        INSERT INTO chat.agent_answer (run_id, kind, conversation_id, outcome, detail, message_id)
                        VALUES (:run, :kind, :conversation, :outcome, :detail, :message)""")
                .param("run", runId).param("kind", kind).param("conversation", conversationId).param("outcome", outcome)
                .param("detail", detail, Types.VARCHAR).param("message", messageId, Types.OTHER)
                .update();
    }

    /**
     * WhatsApp accepted a reply: its recorded message gets WhatsApp's id and status. A status webhook
     * that came first created a message of its own under that id; its status (never older than "sent")
     * moves to the reply and it is removed, so one message remains. Answers false when the reply is not
     * there to fill in (unknown, or it has another WhatsApp id: the send was repeated and the buyer got it
     * twice), so the caller records the sent message on its own.
     */
    public boolean sent(WhatsappSent sent) {
        UUID replyId = UUID.fromString(sent.chatMessageId());
        Boolean filled = transactions.execute(tx -> {
            Optional<String> wamid = jdbc.sql("""
                            SELECT coalesce(whatsapp_message_id, '') FROM chat.message WHERE id = :id AND direction = 'OUTBOUND' FOR UPDATE""")
                    .param("id", replyId).query(String.class).optional();
            if (wamid.isEmpty()) {
                log.warn("WhatsApp message {} names chat message {}, which is not a reply of this service", sent.messageId(), replyId);
                return false;
            }
            if (wamid.get().equals(sent.messageId())) {
                return true; // a repeated task
            }
            if (!wamid.get().isEmpty()) {
                log.warn("Reply {} was sent twice: it is WhatsApp message {}, and {} is recorded as another message", replyId, wamid.get(),
                        sent.messageId());
                return false;
            }
            fill(replyId, sent);
            messages.find(replyId).ifPresent(m -> events.messageStatus(m.storeId(), m.conversationId(), m.message()));
            return true;
        });
        return Boolean.TRUE.equals(filled);
    }

    private void fill(UUID replyId, WhatsappSent sent) {
        Optional<StatusFirst> first = jdbc.sql("""
                        SELECT id, status, status_at, sent_at, error_code, error_title FROM chat.message
                        WHERE whatsapp_message_id = :wamid AND direction = 'OUTBOUND' FOR UPDATE""")
                .param("wamid", sent.messageId())
                .query((rs, n) -> new StatusFirst(rs.getObject("id", UUID.class), rs.getString("status"),
                        ConversationRows.instant(rs, "status_at"), ConversationRows.instant(rs, "sent_at"),
                        rs.getObject("error_code", Integer.class), rs.getString("error_title")))
                .optional();
        first.ifPresent(f -> jdbc.sql("DELETE FROM chat.message WHERE id = :id").param("id", f.id()).update());
        String status = first.map(StatusFirst::status).orElse("SENT");
        Instant statusAt = first.map(StatusFirst::statusAt).orElse(sent.sentAt());
        Instant sentAt = first.map(StatusFirst::sentAt).orElse(sent.sentAt());
        jdbc.sql("""
                        UPDATE chat.message SET whatsapp_message_id = :wamid, status = :status, status_at = :statusAt, sent_at = :sentAt,
                            error_code = :code, error_title = :title
                        WHERE id = :id""")
                .param("wamid", sent.messageId()).param("status", status).param("statusAt", ConversationRows.utc(statusAt))
                .param("sentAt", ConversationRows.utc(sentAt == null ? sent.sentAt() : sentAt))
                .param("code", first.map(StatusFirst::errorCode).orElse(null), Types.INTEGER)
                .param("title", first.map(StatusFirst::errorTitle).orElse(null), Types.VARCHAR)
                .param("id", replyId)
                .update();
    }

    /**
     * WhatsApp refused a reply for good ({@code whatsapp_failed}): its recorded message is FAILED with
     * WhatsApp's code and title. Answers false when there is no pending reply to mark (unknown, or it
     * was sent), so the caller records the failure as a message of its own; a repeated task is true.
     */
    public boolean failed(WhatsappFailed failed) {
        UUID replyId = UUID.fromString(failed.chatMessageId());
        Boolean marked = transactions.execute(tx -> {
            int updated = jdbc.sql("""
                            UPDATE chat.message SET status = 'FAILED', status_at = :at, error_code = :code, error_title = :title,
                                send_task_id = :task
                            WHERE id = :id AND direction = 'OUTBOUND' AND status = 'PENDING'""")
                    .param("at", ConversationRows.utc(failed.failedAt())).param("code", failed.errorCode(), Types.INTEGER)
                    .param("title", failed.errorTitle().length() <= 256 ? failed.errorTitle() : failed.errorTitle().substring(0, 256))
                    .param("task", failed.sendTaskId()).param("id", replyId)
                    .update();
            if (updated == 0) {
                return jdbc.sql("SELECT EXISTS (SELECT 1 FROM chat.message WHERE id = :id AND send_task_id = :task)")
                        .param("id", replyId).param("task", failed.sendTaskId()).query(Boolean.class).single();
            }
            messages.find(replyId).ifPresent(m -> events.messageStatus(m.storeId(), m.conversationId(), m.message()));
            return true;
        });
        return Boolean.TRUE.equals(marked);
    }

    /** What a status webhook that came before {@code whatsapp_sent} recorded under the message's WhatsApp id. */
    private record StatusFirst(UUID id, String status, Instant statusAt, Instant sentAt, Integer errorCode, String errorTitle) {
    }

    private ApiProblemException outsideWindow(Conversation conversation) {
        String since = conversation.lastInboundAt() == null ? "The buyer has never written"
                : "The buyer last wrote at " + conversation.lastInboundAt() + ", more than " + properties.serviceWindow().toHours() + " hours ago";
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, since
                + ": outside WhatsApp's 24-hour customer-service window a business may only send an approved template, not free text."
                + " Reply with one of the templates listed in 'templates' instead: {\"template\": <name>, \"language\": <language>,"
                + " \"parameters\": [one value per parameter]}.");
        problem.setTitle("Outside the 24-hour customer-service window");
        problem.setProperty("templates", templates.all());
        return new ApiProblemException(problem, Map.of());
    }

    private ApiProblemException notApproved(ReplyRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "'" + request.template() + "' in language '"
                + request.language() + "' is not an approved template of this store; use one of those listed in 'templates'.");
        problem.setTitle("Not an approved template");
        problem.setProperty("templates", templates.all());
        return new ApiProblemException(problem, Map.of());
    }
}
