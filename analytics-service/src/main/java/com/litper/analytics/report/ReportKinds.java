package com.litper.analytics.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every {@link ReportKind} bean, by name. */
@Component
class ReportKinds {

    private final Map<String, ReportKind> byName = new TreeMap<>();

    ReportKinds(List<ReportKind> kinds) {
        for (ReportKind kind : kinds) {
            if (byName.put(kind.name(), kind) != null) {
                throw new IllegalStateException("Two report kinds are named " + kind.name());
            }
        }
    }

    Optional<ReportKind> named(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toUpperCase(Locale.ROOT)));
    }

    /** The names, sorted, for error messages and docs. */
    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
