package com.litper.common.contracts;

import com.litper.common.task.TaskPayload;
import java.util.List;

/** Every task contract of Litper. A new task type is a record in this package, added here. */
public final class Contracts {

    /** E.164 with its plus sign, as every buyer phone travels: {@code +573001234567}. */
    public static final String E164 = "\\+[1-9][0-9]{7,14}";

    /** A UUID as text, for ids that travel as strings. */
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** Litper's shipment statuses (tracking-service's model), as status fields carry them. */
    public static final String SHIPMENT_STATUS = "CREATED|PICKED_UP|IN_TRANSIT|OUT_FOR_DELIVERY|DELIVERED|EXCEPTION|RETURNED|CANCELLED";

    public static final List<Class<? extends TaskPayload>> ALL = List.of(
            ProcessOrder.class,
            ShipmentBooked.class,
            CarrierEvent.class,
            UpdateTracking.class,
            ShipmentUpdate.class,
            NotifyBuyer.class,
            SendWhatsapp.class,
            WhatsappSent.class,
            WhatsappFailed.class,
            OrderMessage.class,
            OrderFailed.class,
            InboundMessage.class,
            AgentReply.class,
            AgentHandover.class,
            ConfirmOrderAction.class,
            ApplyOrderAction.class,
            OrderActionResult.class,
            Alert.class,
            ImportSettlement.class,
            GenerateReport.class,
            OrderPlaced.class,
            ShipmentChanged.class);

    private Contracts() {
    }
}
