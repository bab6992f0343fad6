/**
 * The task contracts: one record per task type, with its name, queue, priority, de-duplication
 * rule and the constraints of a valid payload. Each record's Javadoc names who produces it and who
 * consumes it, so a task type's whole path is one hop from its name. {@link com.litper.common.contracts.Contracts#ALL}
 * lists them; {@code docs/architecture.md} ("Where tasks run") is checked against that list by a test.
 */
package com.litper.common.contracts;
