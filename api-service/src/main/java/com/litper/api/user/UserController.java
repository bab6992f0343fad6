package com.litper.api.user;

import com.litper.api.store.AuthenticatedStore;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An owner invites users to its store, lists and disables them; invited users set their password. */
@RestController
class UserController {

    private final StoreUsers users;

    UserController(StoreUsers users) {
        this.users = users;
    }

    /**
     * @param email the person's email, which they sign in with
     * @param role OWNER, SUPPORT or VIEWER
     */
    record InviteRequest(@NotBlank @Email @Size(max = 254) String email, @NotNull Role role) {
    }

    /**
     * @param token the invitation token the owner passed on
     * @param password the new password, at least 12 characters
     */
    record AcceptRequest(@NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 200) String password) {
    }

    @PostMapping("/api/users")
    ResponseEntity<StoreUsers.Invitation> invite(AuthenticatedStore store, @Valid @RequestBody InviteRequest request) {
        StoreUsers.Invitation invitation = users.invite(store.id(), request.email(), request.role());
        return ResponseEntity.created(URI.create("/api/users/" + invitation.id())).body(invitation);
    }

    @GetMapping("/api/users")
    List<StoreUsers.User> list(AuthenticatedStore store) {
        return users.users(store.id());
    }

    @PostMapping("/api/users/{id}/disable")
    ResponseEntity<Void> disable(AuthenticatedStore store, @PathVariable UUID id) {
        if (!users.disable(store.id(), id)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "Your store has no user " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    /** Public: the invitation token is the credential. */
    @PostMapping("/api/auth/invitations/accept")
    ResponseEntity<Void> accept(@Valid @RequestBody AcceptRequest request) {
        users.acceptInvitation(request.token(), request.password());
        return ResponseEntity.noContent().build();
    }
}
