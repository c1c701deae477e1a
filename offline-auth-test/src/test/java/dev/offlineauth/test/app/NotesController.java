package dev.offlineauth.test.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.offlineauth.web.OfflineAuthenticationToken;

/** Notes to read and write, and who the caller is as offline-auth saw the token. */
@RestController
public class NotesController {

	private final List<String> notes = new CopyOnWriteArrayList<>();

	@GetMapping("/api/notes")
	List<String> notes() {
		return this.notes;
	}

	@PostMapping("/api/notes")
	@ResponseStatus(HttpStatus.CREATED)
	String add(@RequestBody String note) {
		this.notes.add(note);
		return note;
	}

	@GetMapping("/api/me")
	Map<String, Object> me(OfflineAuthenticationToken authentication) {
		return Map.of("sub", authentication.getName(), "tokenStatus", authentication.getTokenStatus().value(),
				"keySource", authentication.getKeySource().value(), "authorities",
				authentication.getAuthorities().stream().map(Object::toString).toList());
	}

}
