package dev.offlineauth.jwks;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The last good JWKS and the last contact with FusionAuth, kept in a file across restarts, so that a
 * service restarted during an outage keeps keys rotated in after its bundle was built, and keeps counting
 * its time offline (and its trusted clock) from where it was.
 *
 * <p>Writes go to a temporary file in the same directory, readable by the owner only, which then replaces
 * the snapshot in one rename: a crash never leaves half a file. A file that is missing, unreadable or not
 * a snapshot is reported and ignored, never fatal; its keys pass the same checks as fetched ones.
 */
public final class SnapshotFile {

	private static final System.Logger logger = System.getLogger(SnapshotFile.class.getName());

	static final String FORMAT = "offline-auth-jwks-snapshot";

	static final int VERSION = 1;

	/** Far larger than any JWKS with its times; anything bigger is not a snapshot. */
	private static final int MAX_BYTES = 1024 * 1024;

	private final Path path;

	private volatile boolean lastWriteFailed;

	/** Members other parts of offline-auth keep in the snapshot (revocation cutoffs), by name. */
	private final Map<String, Supplier<Object>> members = new ConcurrentHashMap<>();

	/** What was last read or written, so that a member's change can be written without a fetch. */
	private volatile Snapshot last;

	public SnapshotFile(Path path) {
		this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
	}

	public Path path() {
		return this.path;
	}

	/**
	 * Makes sure the snapshot's directory exists and can be written, by creating it if needed and writing
	 * and deleting a probe file.
	 * @throws IOException if it cannot
	 */
	public void checkWritable() throws IOException {
		Path directory = this.path.getParent();
		Files.createDirectories(directory);
		Path probe = Files.createTempFile(directory, ".offline-auth-", ".probe", ownerOnly());
		Files.delete(probe);
	}

	/**
	 * Writes the snapshot, replacing the previous one atomically. A failure is logged (once until a write
	 * succeeds again) and otherwise ignored: the service keeps running on the keys in memory.
	 * @param ring the keys just fetched
	 * @param lastContact when FusionAuth last answered
	 * @param serverTime FusionAuth's time at that contact, or {@code null}
	 */
	public synchronized void write(KeyRing ring, Instant lastContact, Instant serverTime) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("format", FORMAT);
		document.put("version", VERSION);
		document.put("lastContact", lastContact.toString());
		if (serverTime != null) {
			document.put("serverTime", serverTime.toString());
		}
		try {
			document.put("jwks", JSONObjectUtils.parse(ring.jwksJson()));
			this.members.forEach((name, value) -> document.put(name, value.get()));
			this.last = new Snapshot(ring, lastContact, serverTime);
			Path temporary = Files.createTempFile(this.path.getParent(), ".offline-auth-", ".tmp", ownerOnly());
			try {
				Files.writeString(temporary, JSONObjectUtils.toJSONString(document), StandardCharsets.UTF_8);
				move(temporary);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
			if (this.lastWriteFailed) {
				logger.log(Level.INFO, "JWKS snapshot {0} written again", this.path);
			}
			this.lastWriteFailed = false;
		}
		catch (IOException | ParseException | RuntimeException ex) {
			if (!this.lastWriteFailed) {
				logger.log(Level.WARNING, "Could not write the JWKS snapshot {0}: {1}", this.path, ex.toString());
			}
			this.lastWriteFailed = true;
		}
	}

	/**
	 * Reads the snapshot.
	 * @param reader checks and prepares its keys, as for any fetched set
	 * @return its keys (as last-known-good) and times, or empty if there is no usable snapshot
	 */
	public Optional<Snapshot> read(JwksReader reader) {
		try {
			if (Files.size(this.path) > MAX_BYTES) {
				return ignored("it is larger than any snapshot");
			}
			Map<String, Object> document = JSONObjectUtils.parse(Files.readString(this.path, StandardCharsets.UTF_8));
			if (document == null) {
				// Nimbus answers a JSON null (even followed by garbage) with no map rather than an error.
				return ignored("it is not a JSON object");
			}
			if (!FORMAT.equals(document.get("format")) || !(document.get("version") instanceof Number version)
					|| version.intValue() != VERSION) {
				return ignored("it is not an offline-auth snapshot of version " + VERSION);
			}
			String lastContact = JSONObjectUtils.getString(document, "lastContact");
			String serverTime = JSONObjectUtils.getString(document, "serverTime");
			Map<String, Object> jwks = JSONObjectUtils.getJSONObject(document, "jwks");
			if (lastContact == null || jwks == null) {
				return ignored("it lacks the last contact or the JWKS");
			}
			KeyRing ring = reader.read(JSONObjectUtils.toJSONString(jwks), KeySource.LAST_KNOWN_GOOD);
			Map<String, Object> members = new LinkedHashMap<>(document);
			members.keySet().removeAll(List.of("format", "version", "lastContact", "serverTime", "jwks"));
			Snapshot snapshot = new Snapshot(ring, Instant.parse(lastContact),
					(serverTime != null) ? Instant.parse(serverTime) : null, members);
			this.last = snapshot;
			return Optional.of(snapshot);
		}
		catch (NoSuchFileException ex) {
			logger.log(Level.INFO, "No JWKS snapshot at {0} yet", this.path);
			return Optional.empty();
		}
		catch (JwksException ex) {
			return ignored("its keys are not acceptable (" + ex.reason().value() + ")");
		}
		catch (IOException | ParseException | DateTimeException ex) {
			return ignored("it cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		catch (RuntimeException ex) {
			// Whatever else a damaged file provokes in parsing: still a file to ignore, never a failed startup.
			return ignored("it cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Keeps a member in every snapshot written from now on, next to the keys. Its value is any JSON value
	 * (maps, lists, strings, numbers); whoever includes it checks it when reading it back.
	 * @param name the member's name
	 * @param value gives the member's current value at each write
	 */
	public void include(String name, Supplier<Object> value) {
		this.members.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
	}

	/**
	 * Writes the last snapshot read or written again, with the members' current values: for a member that
	 * changed between fetches. Does nothing before any snapshot exists (the next fetch writes one).
	 */
	public synchronized void rewrite() {
		Snapshot snapshot = this.last;
		if (snapshot != null) {
			write(snapshot.ring(), snapshot.lastContact(), snapshot.serverTime());
		}
	}

	/** The snapshot last read or written in this run, if any. */
	public Optional<Snapshot> last() {
		return Optional.ofNullable(this.last);
	}

	private Optional<Snapshot> ignored(String why) {
		logger.log(Level.WARNING, "Ignoring the JWKS snapshot {0}: {1}", this.path, why);
		return Optional.empty();
	}

	private void move(Path temporary) throws IOException {
		try {
			Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, this.path, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static FileAttribute<?>[] ownerOnly() {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) };
		}
		return new FileAttribute<?>[0];
	}

	/**
	 * What a snapshot holds.
	 *
	 * @param ring the keys, as last-known-good
	 * @param lastContact when FusionAuth last answered
	 * @param serverTime FusionAuth's time then, or {@code null}
	 * @param members the other members, by name, as JSON values (see {@link #include})
	 */
	public record Snapshot(KeyRing ring, Instant lastContact, Instant serverTime, Map<String, Object> members) {

		public Snapshot {
			members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
		}

		public Snapshot(KeyRing ring, Instant lastContact, Instant serverTime) {
			this(ring, lastContact, serverTime, Map.of());
		}

	}

}
