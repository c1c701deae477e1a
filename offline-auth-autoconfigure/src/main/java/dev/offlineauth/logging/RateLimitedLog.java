package dev.offlineauth.logging;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs a line at most once per interval for each key (a reason, a listener), however often it happens, so
 * that something that goes wrong on every request or every fetch says so without flooding the log. How
 * many times it happened meanwhile is told with the next line.
 *
 * <p>Thread-safe. Keys are few and fixed (reasons, beans); they are never taken from outside.
 */
public final class RateLimitedLog {

	private final System.Logger logger;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * @param logger where lines go
	 * @param interval the least time between two lines of one key
	 * @param nanoTime a monotonic clock, as {@link System#nanoTime()}
	 */
	public RateLimitedLog(System.Logger logger, Duration interval, LongSupplier nanoTime) {
		this.logger = Objects.requireNonNull(logger, "logger");
		this.intervalNanos = interval.toNanos();
		this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
	}

	/** At most once a minute per key, by {@link System#nanoTime()}. */
	public static RateLimitedLog perMinute(System.Logger logger) {
		return new RateLimitedLog(logger, Duration.ofMinutes(1), System::nanoTime);
	}

	/**
	 * Logs the message unless this key was logged less than the interval ago.
	 * @param level the level
	 * @param key what the line is about; a fixed, small set of values
	 * @param message builds the line, called only when it is logged; outside values in it must be escaped
	 * @param thrown a throwable to log with it, or {@code null}
	 * @return whether the line was logged
	 */
	public boolean log(Level level, String key, Supplier<String> message, Throwable thrown) {
		if (!this.logger.isLoggable(level)) {
			return false;
		}
		long now = this.nanoTime.getAsLong();
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window());
		long suppressed;
		synchronized (window) {
			if (window.logged && now - window.lastNanos < this.intervalNanos) {
				window.suppressed++;
				return false;
			}
			suppressed = window.suppressed;
			window.logged = true;
			window.lastNanos = now;
			window.suppressed = 0;
		}
		String line = message.get() + ((suppressed > 0) ? " (and " + suppressed + " more times since the last such line)" : "");
		if (thrown != null) {
			this.logger.log(level, line, thrown);
		}
		else {
			this.logger.log(level, line);
		}
		return true;
	}

	/** Forgets what was logged: the next line of every key is logged at once. */
	public void reset() {
		this.windows.clear();
	}

	private static final class Window {

		boolean logged;

		long lastNanos;

		long suppressed;

	}

}
