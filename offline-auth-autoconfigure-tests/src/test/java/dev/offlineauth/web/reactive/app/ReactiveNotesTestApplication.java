package dev.offlineauth.web.reactive.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.offlineauth.web.OfflineAuthenticationToken;

/**
 * A small WebFlux application that uses offline-auth the way a user's would: it only adds endpoints. Its
 * tests run it with {@code spring.main.web-application-type=reactive}, as Spring MVC is on this module's
 * classpath too.
 */
@SpringBootApplication
@EnableReactiveMethodSecurity
public class ReactiveNotesTestApplication {

	@RestController
	static class NotesController {

		private final List<String> notes = new CopyOnWriteArrayList<>(List.of("first note"));

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

		@PutMapping("/api/notes")
		List<String> replace(@RequestBody String note) {
			this.notes.clear();
			this.notes.add(note);
			return this.notes;
		}

		@PatchMapping("/api/notes")
		List<String> append(@RequestBody String note) {
			this.notes.add(note);
			return this.notes;
		}

		@DeleteMapping("/api/notes")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void clear() {
			this.notes.clear();
		}

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			Map<String, Object> me = new LinkedHashMap<>();
			me.put("sub", authentication.getName());
			me.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
			if (authentication instanceof OfflineAuthenticationToken token) {
				me.put("tokenStatus", token.getTokenStatus().value());
				me.put("keySource", (token.getKeySource() != null) ? token.getKeySource().value() : null);
			}
			me.put("thread", Thread.currentThread().getName());
			return me;
		}

		/** Reactive method security needs a reactive return type. */
		@GetMapping("/api/export")
		@PreAuthorize("@offlineAuth.fresh(authentication)")
		Mono<List<String>> export() {
			return Mono.just(this.notes);
		}

		@GetMapping("/public/ping")
		String ping() {
			return "pong";
		}

	}

}
