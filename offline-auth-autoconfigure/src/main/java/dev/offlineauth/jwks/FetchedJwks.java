package dev.offlineauth.jwks;

import java.time.Instant;

/**
 * A JWKS document as FusionAuth served it.
 *
 * @param json the body
 * @param serverTime FusionAuth's time from the {@code Date} header, or {@code null} if it sent none or the
 * URL cannot be believed about the time
 */
public record FetchedJwks(String json, Instant serverTime) {
}
