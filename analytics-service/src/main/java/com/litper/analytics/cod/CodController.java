package com.litper.analytics.cod;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Cash on delivery under {@code /api/analytics/cod} (docs/analytics.md, "Cash on delivery"). Store
 * users read their own store only; operators read every store and import settlement files and
 * record payouts ({@link CodAccessRules}).
 */
@RestController
@RequestMapping("/api/analytics/cod")
class CodController {

    private static final int MAX_DAYS = 366;

    private final SettlementImporter importer;
    private final CodReports reports;
    private final Payouts payouts;

    CodController(SettlementImporter importer, CodReports reports, Payouts payouts) {
        this.importer = importer;
        this.reports = reports;
        this.payouts = payouts;
    }

    /** A settlement file as the request body ({@code text/csv} or {@code text/plain}), its carrier in the query. */
    @PostMapping(path = "/settlements", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<SettlementImporter.Result> importText(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam String carrier,
            @RequestParam(required = false) String fileName, @RequestBody String content) {
        return importFile(caller, carrier, fileName, content);
    }

    /** A settlement file uploaded as the {@code file} part of a form, its carrier in the {@code carrier} part. */
    @PostMapping(path = "/settlements", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<SettlementImporter.Result> importUpload(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam String carrier,
            @RequestParam("file") MultipartFile file) throws IOException {
        return importFile(caller, carrier, file.getOriginalFilename(), new String(file.getBytes(), StandardCharsets.UTF_8));
    }

    private ResponseEntity<SettlementImporter.Result> importFile(LitperPrincipal caller, String carrier, String fileName, String content) {
        try {
            SettlementImporter.Result result = importer.importFile(carrier, fileName, content, caller.subject());
            return ResponseEntity.status(result.fileAlreadyImported() ? HttpStatus.OK : HttpStatus.CREATED).body(result);
        } catch (SettlementImporter.UnknownCarrierException e) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (SettlementParser.InvalidFileException e) {
            ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, e.getMessage());
            problem.setTitle("Invalid settlement file");
            problem.setProperty("errors", e.problems().stream().map(p -> Map.of("line", p.line(), "message", p.message())).toList());
            throw new ApiProblemException(problem, Map.of());
        }
    }

    @GetMapping("/reconciliation")
    CodReports.Reconciliation reconciliation(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam LocalDate from,
            @RequestParam LocalDate to, @RequestParam(required = false) String carrier, @RequestParam(required = false) CodReports.Flag flag,
            @RequestParam(required = false) UUID storeId) {
        if (to.isBefore(from)) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "'to' (" + to + ") is before 'from' (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "from..to spans more than " + MAX_DAYS + " days; ask for a shorter period");
        }
        return reports.reconciliation(scope(caller, storeId), from, to, carrier, flag);
    }

    @GetMapping("/aging")
    CodReports.Aging aging(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam(required = false) UUID storeId) {
        return reports.aging(scope(caller, storeId));
    }

    @GetMapping("/balance")
    CodReports.Balance balance(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam(required = false) UUID storeId,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000, was " + limit);
        }
        UUID store = scope(caller, storeId);
        if (store == null) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "An operator names the store: ?storeId=<uuid>");
        }
        return reports.balance(store, limit);
    }

    @GetMapping("/orders/{orderId}")
    CodReports.OrderCashPath order(@AuthenticationPrincipal LitperPrincipal caller, @PathVariable UUID orderId) {
        CodReports.OrderCashPath path = reports.order(caller.hasRole(Role.OPERATOR) ? null : caller.requireStore(), orderId);
        if (path == null) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "No cash-on-delivery order " + orderId + " of your store");
        }
        return path;
    }

    /**
     * @param storeId the store to pay
     * @param reference the payment's reference (a bank transfer's), unique per store: repeating it returns the same payout
     */
    record PayoutRequest(@NotNull UUID storeId, @NotBlank @Pattern(regexp = "[A-Za-z0-9._:-]{1,100}") String reference) {
    }

    @PostMapping("/payouts")
    ResponseEntity<Payouts.Payout> pay(@AuthenticationPrincipal LitperPrincipal caller, @Valid @RequestBody PayoutRequest request) {
        try {
            Payouts.Payout payout = payouts.pay(request.storeId(), request.reference(), caller.subject());
            return ResponseEntity.status(payout.alreadyMade() ? HttpStatus.OK : HttpStatus.CREATED).body(payout);
        } catch (Payouts.NothingToPayException e) {
            throw new ApiProblemException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    /** The store a read is for: the caller's own, or for an operator the one asked for (null: every store). */
    private static UUID scope(LitperPrincipal caller, UUID asked) {
        if (caller.hasRole(Role.OPERATOR)) {
            return asked;
        }
        UUID own = caller.requireStore();
        if (asked != null && !asked.equals(own)) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "A store's users see only their own store's cash");
        }
        return own;
    }

}
