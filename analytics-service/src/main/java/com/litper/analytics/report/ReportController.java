package com.litper.analytics.report;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/analytics/reports}: a store's users (any role) request reports of their own store and
 * follow them; operators name the store. The file itself is downloaded from a short-lived signed
 * link, which is its own credential ({@link ReportLinks}).
 */
@RestController
@RequestMapping("/api/analytics/reports")
class ReportController {

    private final ReportRequests requests;
    private final ReportKinds kinds;
    private final ReportLinks links;
    private final ReportProperties properties;
    private final JdbcTemplate jdbc;

    ReportController(ReportRequests requests, ReportKinds kinds, ReportLinks links, ReportProperties properties, DataSource dataSource) {
        this.requests = requests;
        this.kinds = kinds;
        this.links = links;
        this.properties = properties;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * A report request.
     *
     * @param kind ORDERS, KPIS, COD_RECONCILIATION or SUMMARY
     * @param format CSV or XLSX (ORDERS, KPIS, COD_RECONCILIATION); HTML (SUMMARY)
     * @param from first day, included (America/Bogota)
     * @param to last day, included
     * @param storeId the store, for operators only; a store's users get their own store's
     */
    record ReportRequest(String kind, String format, LocalDate from, LocalDate to, UUID storeId) {
    }

    record Accepted(UUID id, String status, String statusUrl) {
    }

    record Download(String url, Instant expiresAt) {
    }

    record ReportView(UUID id, UUID storeId, String kind, String format, LocalDate from, LocalDate to, String status, String reason,
            Instant requestedAt, Instant readyAt, Download download) {
    }

    @PostMapping
    ResponseEntity<Accepted> request(@RequestBody ReportRequest body, @AuthenticationPrincipal LitperPrincipal caller) {
        if (body == null) {
            throw Problems.invalidBody("The request needs a JSON body: {kind, format, from, to}.", List.of());
        }
        UUID store = storeOf(caller, body.storeId());
        List<Map<String, String>> errors = new ArrayList<>();
        ReportKind kind = kinds.named(body.kind()).orElse(null);
        if (kind == null) {
            errors.add(error("kind", "must be one of " + kinds.names()));
        }
        ReportFormat format = null;
        try {
            format = body.format() == null ? null : ReportFormat.valueOf(body.format().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (format == null) {
            errors.add(error("format", "must be one of " + List.of(ReportFormat.values())));
        } else if (kind != null && !kind.formats().contains(format)) {
            errors.add(error("format", kind.name() + " reports are built as " + kind.formats() + ", not " + format));
        }
        if (body.from() == null) {
            errors.add(error("from", "must be a date (YYYY-MM-DD)"));
        }
        if (body.to() == null) {
            errors.add(error("to", "must be a date (YYYY-MM-DD)"));
        }
        if (body.from() != null && body.to() != null) {
            if (body.to().isBefore(body.from())) {
                errors.add(error("to", "must not be before from (" + body.from() + ")"));
            } else if (ChronoUnit.DAYS.between(body.from(), body.to()) + 1 > properties.maxPeriodDays()) {
                errors.add(error("to", "the period may cover at most " + properties.maxPeriodDays() + " days"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidBody("The report request is not valid: " + errors.stream().map(e -> e.get("field") + " " + e.get("message"))
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        UUID id = requests.request(store, kind, format, body.from(), body.to());
        String statusUrl = "/api/analytics/reports/" + id;
        return ResponseEntity.accepted().location(URI.create(statusUrl)).body(new Accepted(id, "REQUESTED", statusUrl));
    }

    @GetMapping("/{id}")
    ReportView status(@PathVariable UUID id, @AuthenticationPrincipal LitperPrincipal caller) {
        UUID store = caller.hasRole(Role.OPERATOR) ? null : caller.requireStore();
        ReportRequests.Report report = requests.find(id, store).orElseThrow(() -> notFound(id));
        Download download = null;
        if ("READY".equals(report.status())) {
            ReportLinks.Link link = links.linkTo(report.id());
            download = new Download(link.url(), link.expiresAt());
        }
        return new ReportView(report.id(), report.storeId(), report.kind(), report.format(), report.from(), report.to(), report.status(),
                report.failureReason(), report.requestedAt(), report.readyAt(), download);
    }

    /** The file, for a valid signed link (no token: the link is the credential). */
    @GetMapping("/{id}/file")
    void file(@PathVariable UUID id, @RequestParam(required = false) Long expires, @RequestParam(required = false) String signature,
            HttpServletResponse response) throws IOException {
        if (expires == null || signature == null) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "This download link is incomplete: it needs its expires and signature"
                    + " parameters. Ask for a new link with GET /api/analytics/reports/" + id + ".");
        }
        switch (links.check(id, expires, signature)) {
            case BAD_SIGNATURE -> throw new ApiProblemException(HttpStatus.FORBIDDEN,
                    "This download link's signature does not match it. Ask for a new link with GET /api/analytics/reports/" + id + ".");
            case EXPIRED -> throw new ApiProblemException(HttpStatus.FORBIDDEN, "This download link expired at "
                    + Instant.ofEpochSecond(expires) + ". Ask for a new link with GET /api/analytics/reports/" + id + ".");
            case VALID -> {
            }
        }
        ReportRequests.Report report = requests.find(id, null).filter(r -> "READY".equals(r.status())).orElseThrow(() -> notFound(id));
        ReportKind kind = kinds.named(report.kind()).orElse(null);
        String stem = kind == null ? report.kind().toLowerCase(Locale.ROOT) : kind.fileStem();
        ReportFormat format = ReportFormat.valueOf(report.format());
        String fileName = "litper-" + stem + "-" + report.from() + "-a-" + report.to() + "." + format.extension();
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(report.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        jdbc.query("SELECT content FROM analytics.report_file WHERE id = ?", rs -> {
            try (InputStream in = rs.getBinaryStream("content"); OutputStream out = response.getOutputStream()) {
                if (in != null) {
                    in.transferTo(out);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, id);
    }

    /** The store the caller acts on: its own, or the one an operator names. */
    private static UUID storeOf(LitperPrincipal caller, UUID named) {
        if (caller.hasRole(Role.OPERATOR)) {
            if (named == null) {
                throw Problems.invalidBody("An operator names the store: storeId is required.",
                        List.of(error("storeId", "must be the store's id")));
            }
            return named;
        }
        UUID own = caller.requireStore();
        if (named != null && !named.equals(own)) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "A store's users request reports of their own store only; leave storeId out.");
        }
        return own;
    }

    private static ApiProblemException notFound(UUID id) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "No report " + id + " for this caller (reports are kept "
                + "for a limited time, see docs/analytics.md).");
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }
}
