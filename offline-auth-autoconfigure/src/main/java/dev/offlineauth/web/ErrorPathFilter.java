package dev.offlineauth.web;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.offlineauth.offline.Refusal;

/**
 * Keeps offline-auth's answers on the error path ({@code server.error.path}, {@code /error} by default):
 * <ul>
 * <li>a request for the error path itself gets 400 {@code invalid_request}: the path is where the container
 * renders errors of other requests, and asked for directly Spring Boot's error controller has no error to
 * render and answers 500;</li>
 * <li>the error dispatch of a 405 gets the same problem as a method the firewall refuses: the container
 * refuses some methods before any filter runs (Tomcat refuses {@code TRACE} itself), and tells the error
 * dispatch the status but not the method. An {@code Allow} header already set is kept.</li>
 * </ul>
 * Every other error dispatch passes, to be rendered by the application.
 *
 * <p>Thread-safe.
 */
public final class ErrorPathFilter extends OncePerRequestFilter {

	private final String errorPath;

	private final ProblemResponder responder;

	/**
	 * @param errorPath the error path, e.g. {@code /error}
	 * @param responder answers the refusal
	 */
	public ErrorPathFilter(String errorPath, ProblemResponder responder) {
		this.errorPath = Objects.requireNonNull(errorPath, "errorPath");
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			// The container tells the error dispatch the status, not always the method (Tomcat dispatches a
			// refused TRACE as a GET), so every 405 gets the same answer as a method the firewall refuses.
			if (Integer.valueOf(405).equals(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))) {
				this.responder.respond(response, Refusal.METHOD_NOT_ALLOWED);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.equals(this.errorPath) || path.startsWith(this.errorPath + "/")) {
			this.responder.respond(response, Refusal.INVALID_REQUEST);
			return;
		}
		chain.doFilter(request, response);
	}

}
