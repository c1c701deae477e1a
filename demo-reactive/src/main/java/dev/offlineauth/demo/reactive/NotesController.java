package dev.offlineauth.demo.reactive;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notes, kept in memory: reading is allowed in grace, writing is not. Nothing here waits, so the handlers
 * return plain values on the event loop.
 */
@RestController
@RequestMapping("/api/notes")
class NotesController {

	private final List<Note> notes = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong();

	@GetMapping
	List<Note> notes() {
		return this.notes;
	}

	@PostMapping
	ResponseEntity<Note> add(@RequestBody NewNote request, Authentication authentication) {
		if (request == null || !StringUtils.hasText(request.text())) {
			return ResponseEntity.badRequest().build();
		}
		Note note = new Note(this.ids.incrementAndGet(), request.text(), authentication.getName(), Instant.now());
		this.notes.add(note);
		return ResponseEntity.created(URI.create("/api/notes/" + note.id())).body(note);
	}

	/**
	 * The body of {@code POST /api/notes}.
	 *
	 * @param text what the note says
	 */
	record NewNote(String text) {
	}

}
