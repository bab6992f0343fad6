package com.litper.common.task;

import com.litper.common.queue.TaskPriority;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as the payload of one task type and says where that type goes: its name on the
 * wire, the named queue of the service that consumes it, and the priority it is sent with. Every
 * contract is listed in {@link com.litper.common.contracts.Contracts#ALL}; producers send the
 * record with {@link Tasks#send}, consumers implement a {@link ContractHandler} of it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskContract {

    /** The task type on the wire, e.g. {@code shipment_update}; letters, digits and {@code _ . : -}. */
    String name();

    /** The named queue of the consuming service, e.g. {@code api}; operators may override it per type. */
    String queue();

    /** The priority it is sent with unless the producer says otherwise. */
    TaskPriority priority();

    /**
     * The wire format's version. Bump it when a field is removed or renamed (which also needs a new
     * committed example, see {@code ContractExamplesTest}); adding an optional field keeps it.
     */
    int version() default 1;
}
