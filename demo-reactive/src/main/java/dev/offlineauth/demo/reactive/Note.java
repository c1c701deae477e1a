package dev.offlineauth.demo.reactive;

import java.time.Instant;

/**
 * A note.
 *
 * @param id its number
 * @param text what it says
 * @param author the subject of the token that wrote it
 * @param createdAt when
 */
public record Note(long id, String text, String author, Instant createdAt) {
}
