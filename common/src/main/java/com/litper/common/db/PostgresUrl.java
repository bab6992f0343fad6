package com.litper.common.db;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code jdbc:postgresql://} URL the routing needs: hosts with ports, database and
 * query string. pgjdbc takes several hosts in one URL and chooses among them itself
 * ({@code targetServerType}, {@code loadBalanceHosts}); this builds such URLs from single ones.
 */
public record PostgresUrl(List<String> hosts, String database, String query) {

    /** How long pgjdbc keeps avoiding a host that refused a connection. */
    static final int HOST_RECHECK_SECONDS = 2;

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]*)(?:\\?(.*))?");

    public static PostgresUrl parse(String url) {
        Matcher m = URL.matcher(url.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host:port/database URL: " + url);
        }
        List<String> hosts = List.of(m.group(1).split(","))
                .stream().map(h -> h.contains(":") ? h : h + ":5432").toList();
        return new PostgresUrl(hosts, m.group(2), m.group(3) == null ? "" : m.group(3));
    }

    /**
     * One URL for the read pool over every replica: pgjdbc spreads connections over them
     * ({@code loadBalanceHosts}), skips one that refuses or does not answer within
     * {@code connectTimeout}, and never connects to a primary ({@code targetServerType=secondary},
     * so a replica promoted by a failover leaves the read pool). Falling back to the primary is the
     * read route's decision, not the pool's: a pooled fallback connection would keep serving reads
     * long after the replicas return.
     */
    public static String readUrl(List<PostgresUrl> replicas, PostgresUrl primary, long connectTimeoutSeconds) {
        List<String> hosts = new java.util.ArrayList<>();
        for (PostgresUrl replica : replicas) {
            if (!replica.database().equals(primary.database())) {
                throw new IllegalArgumentException("Replica database '" + replica.database()
                        + "' differs from the primary's '" + primary.database() + "'");
            }
            hosts.addAll(replica.hosts());
        }
        String query = (primary.query().isEmpty() ? "" : primary.query() + "&")
                + "targetServerType=secondary&loadBalanceHosts=true&hostRecheckSeconds=" + HOST_RECHECK_SECONDS
                + "&connectTimeout=" + Math.max(1, connectTimeoutSeconds);
        return "jdbc:postgresql://" + String.join(",", hosts) + "/" + primary.database() + "?" + query;
    }

    /** A single-host URL for {@code host}, for probing one server. */
    public String forHost(String host) {
        return "jdbc:postgresql://" + host + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }
}
