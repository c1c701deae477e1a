package dev.offlineauth.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What offline-auth logs, as the test sees it: the records of one logger (and those below it) at or above a
 * level, while a test runs. offline-auth logs through {@code System.Logger}, which without another backend
 * is {@code java.util.logging}, so the records are caught there.
 *
 * <pre>
 * &#64;RegisterExtension
 * final CapturedLog log = CapturedLog.of(SnapshotFile.class, Level.WARNING);
 * </pre>
 * Or, around part of a test: {@code try (CapturedLog log = CapturedLog.of(...).start()) { ... }}.
 *
 * <p>Thread-safe: records may come from any thread.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

	private final Logger logger;

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler;

	private CapturedLog(String loggerName, Level atLeast) {
		this.logger = Logger.getLogger(loggerName);
		this.handler = new Handler() {
			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().intValue() >= atLeast.intValue()) {
					CapturedLog.this.records.add(record);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
	}

	/** The records of the logger with this name (a class or a package), at or above {@code atLeast}. */
	public static CapturedLog of(String loggerName, Level atLeast) {
		return new CapturedLog(loggerName, atLeast);
	}

	/** The records of this class's logger, at or above {@code atLeast}. */
	public static CapturedLog of(Class<?> source, Level atLeast) {
		return of(source.getName(), atLeast);
	}

	/** Starts catching records; {@link #close()} stops. */
	public CapturedLog start() {
		this.logger.addHandler(this.handler);
		return this;
	}

	/** The records caught so far, in order: a live list. */
	public List<LogRecord> records() {
		return this.records;
	}

	/** The messages caught so far, formatted with their parameters, in order. */
	public List<String> messages() {
		SimpleFormatter formatter = new SimpleFormatter();
		return this.records.stream().map(formatter::formatMessage).toList();
	}

	/** Forgets the records caught so far. */
	public void clear() {
		this.records.clear();
	}

	@Override
	public void close() {
		this.logger.removeHandler(this.handler);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

}
