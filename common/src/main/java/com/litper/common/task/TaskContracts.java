package com.litper.common.task;

import com.litper.common.contracts.Contracts;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every task contract, looked up by payload type or by name. Names are unique: two records claiming
 * one task type fail at start-up rather than split its traffic.
 */
public final class TaskContracts {

    private final Map<Class<?>, Contract> byType = new LinkedHashMap<>();
    private final Map<String, Contract> byName = new LinkedHashMap<>();

    public TaskContracts(Collection<Class<? extends TaskPayload>> types) {
        for (Class<? extends TaskPayload> type : types) {
            Contract contract = Contract.of(type);
            Contract previous = byName.putIfAbsent(contract.name(), contract);
            if (previous != null && previous.type() != type) {
                throw new IllegalStateException("Task type '" + contract.name() + "' is claimed by both " + previous.type().getName()
                        + " and " + type.getName());
            }
            byType.put(type, contract);
        }
    }

    /** Litper's contracts: {@link Contracts#ALL}. */
    public static TaskContracts litper() {
        return new TaskContracts(Contracts.ALL);
    }

    /** The contract of a payload type; fails for a type that is not registered. */
    public Contract of(Class<?> type) {
        Contract contract = byType.get(type);
        if (contract == null) {
            throw new IllegalArgumentException(type.getName() + " is not a registered task contract (see Contracts.ALL)");
        }
        return contract;
    }

    /** The contract named {@code name}, if any. */
    public Optional<Contract> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Contract> all() {
        return List.copyOf(byName.values());
    }

    /** Task type to named queue, as the contracts say. */
    public Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        byName.forEach((name, contract) -> routes.put(name, contract.queue()));
        return routes;
    }
}
