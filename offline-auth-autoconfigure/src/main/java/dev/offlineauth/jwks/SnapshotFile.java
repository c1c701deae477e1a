package dev.offlineauth.jwks;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.offlineauth.logging.LogSafe;

/**
 * The last good JWKS, when it was fetched, and what the trusted clock knew, kept in a file across
 * restarts, so that a service restarted during an outage keeps keys rotated in after its bundle was built,
 * and keeps counting towards {@code max-offline} (and its trusted clock) from where it was.
 *
 * <p>Writes go to a temporary file in the same directory, readable by the owner only, which then replaces
 * the snapshot in one rename: a crash never leaves half a file.
 *
 * <p>Reading trusts nothing in the file: only a regular file is read (no symbolic link is followed, no
 * pipe or device opened), at most {@link #MAX_BYTES} bytes counted as they arrive, within a deadline; on
 * POSIX file systems a file that others could have written (group- or world-writable, or owned by another
 * user) is refused; with a secret, the file must carry a valid HMAC-SHA256; every instant must lie in a
 * sane range; and the keys pass the same checks as fetched ones. Anything else is ignored with one WARN
 * naming the file and the reason, never a failure or a hang.
 *
 * <p>Thread-safe: writes are serialized; reads happen at startup.
 */
public final class SnapshotFile {

	private static final System.Logger logger = System.getLogger(SnapshotFile.class.getName());

	static final String FORMAT = "offline-auth-jwks-snapshot";

	static final int VERSION = 2;

	/** Far larger than any JWKS with its times; anything bigger is not a snapshot. */
	static final int MAX_BYTES = 1024 * 1024;

	/** A file that takes longer than this to read is not a file this service wrote. */
	private static final Duration READ_DEADLINE = Duration.ofSeconds(2);

	/** Restored instants outside this range are not times this service wrote. */
	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private static final String MAC_MEMBER = ",\"mac\":\"";

	/** The members this class writes itself; any other top-level member is another part's. */
	private static final Set<String> CORE_MEMBERS = Set.of("format", "version", "lastKeyRefresh", "lastContact",
			"serverTime", "issuedAtFloor", "jwks", "mac");

	private final Path path;

	private final SnapshotMac mac;

	private volatile boolean lastWriteFailed;

	private volatile UserPrincipal processUser;

	/** Members other parts of offline-auth keep in the snapshot (revocation cutoffs), by name. */
	private final Map<String, Supplier<Object>> members = new ConcurrentHashMap<>();

	/** What was last read or written, so that a member's change can be written without a fetch. */
	private volatile Snapshot last;

	public SnapshotFile(Path path) {
		this(path, null);
	}

	/**
	 * @param path the file
	 * @param secret when not {@code null} nor empty, files are written with an HMAC-SHA256 under it, and a
	 * file without a valid one is ignored
	 */
	public SnapshotFile(Path path, String secret) {
		this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
		this.mac = (secret != null && !secret.isEmpty()) ? new SnapshotMac(secret) : null;
	}

	public Path path() {
		return this.path;
	}

	/**
	 * Makes sure the snapshot's directory exists and can be written, by creating it if needed and writing
	 * and deleting a probe file, whose owner is taken as this process's user.
	 * @throws IOException if it cannot
	 */
	public void checkWritable() throws IOException {
		Path directory = this.path.getParent();
		Files.createDirectories(directory);
		Path probe = Files.createTempFile(directory, ".offline-auth-", ".probe", ownerOnly());
		try {
			if (posix()) {
				this.processUser = Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
			}
		}
		finally {
			Files.delete(probe);
		}
	}

	/**
	 * Writes the snapshot, replacing the previous one atomically. A failure is logged (once until a write
	 * succeeds again) and otherwise ignored: the service keeps running on the keys in memory.
	 * @param snapshot what to keep
	 */
	public synchronized void write(Snapshot snapshot) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("format", FORMAT);
		document.put("version", VERSION);
		document.put("lastKeyRefresh", snapshot.lastKeyRefresh().toString());
		if (snapshot.serverTime() != null) {
			document.put("serverTime", snapshot.serverTime().toString());
		}
		if (snapshot.issuedAtFloor() != null) {
			document.put("issuedAtFloor", snapshot.issuedAtFloor().toString());
		}
		try {
			document.put("jwks", JSONObjectUtils.parse(snapshot.ring().jwksJson()));
			this.members.forEach((name, value) -> document.put(name, value.get()));
			this.last = snapshot;
			String content = JSONObjectUtils.toJSONString(document);
			if (this.mac != null) {
				// The MAC covers the exact bytes before it; it is the last member, so the file stays JSON.
				content = content.substring(0, content.length() - 1) + MAC_MEMBER + this.mac.of(content) + "\"}";
			}
			Path temporary = Files.createTempFile(this.path.getParent(), ".offline-auth-", ".tmp", ownerOnly());
			try {
				Files.writeString(temporary, content, StandardCharsets.UTF_8);
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
				logger.log(Level.WARNING, "Could not write the JWKS snapshot {0}: {1}", this.path, LogSafe.of(ex));
			}
			this.lastWriteFailed = true;
		}
	}

	/**
	 * Reads the snapshot.
	 * @param reader checks and prepares its keys, as for any fetched set
	 * @param now the time the restored instants are checked against
	 * @return its keys (as last-known-good) and times, or empty if there is no usable snapshot
	 */
	public Optional<Snapshot> read(JwksReader reader, Instant now) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(this.path, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			String untrusted = untrusted(attributes);
			if (untrusted != null) {
				return ignored(untrusted);
			}
			byte[] bytes = readAtMost(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				return ignored("it is larger than any snapshot (" + MAX_BYTES + " bytes)");
			}
			String text = new String(bytes, StandardCharsets.UTF_8);
			if (this.mac != null && !this.mac.verifies(text)) {
				return ignored("it carries no valid MAC for offline-auth.jwks.snapshot-secret");
			}
			return parse(text, reader, attributes.lastModifiedTime().toInstant(), now);
		}
		catch (NoSuchFileException ex) {
			logger.log(Level.INFO, "No JWKS snapshot at {0} yet", this.path);
			return Optional.empty();
		}
		catch (TimeoutException ex) {
			return ignored("it could not be read within " + READ_DEADLINE.toSeconds() + "s");
		}
		catch (IOException | ExecutionException ex) {
			return ignored("it cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ignored("reading it was interrupted");
		}
	}

	private Optional<Snapshot> parse(String text, JwksReader reader, Instant modified, Instant now) {
		try {
			Map<String, Object> document = JSONObjectUtils.parse(text);
			if (document == null) {
				// Nimbus answers a JSON null (even followed by garbage) with no map rather than an error.
				return ignored("it is not a JSON object");
			}
			if (!FORMAT.equals(document.get("format")) || !(document.get("version") instanceof Number version)
					|| (version.intValue() != VERSION && version.intValue() != 1) || version.doubleValue() % 1 != 0) {
				return ignored("it is not an offline-auth snapshot of version " + VERSION);
			}
			// Version 1 called the last key refresh "lastContact".
			String lastKeyRefresh = JSONObjectUtils.getString(document,
					(version.intValue() == 1) ? "lastContact" : "lastKeyRefresh");
			Map<String, Object> jwks = JSONObjectUtils.getJSONObject(document, "jwks");
			if (lastKeyRefresh == null || jwks == null) {
				return ignored("it lacks the last key refresh or the JWKS");
			}
			Instant refreshed = instant(lastKeyRefresh);
			Instant serverTime = instant(JSONObjectUtils.getString(document, "serverTime"));
			Instant floor = instant(JSONObjectUtils.getString(document, "issuedAtFloor"));
			if (refreshed == null || (serverTime == null) != (document.get("serverTime") == null)
					|| (floor == null) != (document.get("issuedAtFloor") == null)) {
				return ignored("it holds a time outside " + EARLIEST + " to " + LATEST);
			}
			KeyRing ring = reader.read(JSONObjectUtils.toJSONString(jwks), KeySource.LAST_KNOWN_GOOD);
			// Nobody refreshed keys after the file was last written, nor after now.
			Instant latest = (modified.isBefore(now)) ? modified : now;
			Map<String, Object> others = new LinkedHashMap<>(document);
			others.keySet().removeAll(CORE_MEMBERS);
			Snapshot snapshot = new Snapshot(ring, refreshed.isAfter(latest) ? latest : refreshed, serverTime, floor,
					others);
			this.last = snapshot;
			return Optional.of(snapshot);
		}
		catch (JwksException ex) {
			return ignored("its keys are not acceptable (" + ex.reason().value() + ")");
		}
		catch (ParseException | RuntimeException ex) {
			// Whatever else a damaged file provokes in parsing: still a file to ignore, never a failed startup.
			return ignored("it cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Keeps a member in every snapshot written from now on, next to the keys and inside the MAC. Its value
	 * is any JSON value (maps, lists, strings, numbers); whoever includes it checks it when reading it back.
	 * @param name the member's name, not one of this class's own
	 * @param value gives the member's current value at each write
	 */
	public void include(String name, Supplier<Object> value) {
		if (CORE_MEMBERS.contains(name)) {
			throw new IllegalArgumentException("The snapshot's own member: " + name);
		}
		this.members.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
	}

	/**
	 * Writes the last snapshot read or written again, with the members' current values: for a member that
	 * changed between fetches. Does nothing before any snapshot exists (the next fetch writes one).
	 */
	public synchronized void rewrite() {
		Snapshot snapshot = this.last;
		if (snapshot != null) {
			write(snapshot);
		}
	}

	/** The snapshot last read or written in this run, if any. */
	public Optional<Snapshot> last() {
		return Optional.ofNullable(this.last);
	}

	/** Why a file of these attributes could have been written by someone else, or {@code null}. */
	private String untrusted(BasicFileAttributes attributes) {
		if (!attributes.isRegularFile()) {
			return "it is not a regular file (" + (attributes.isSymbolicLink() ? "a symbolic link"
					: attributes.isDirectory() ? "a directory" : "a pipe, socket or device") + ")";
		}
		if (!posix()) {
			return null;
		}
		try {
			PosixFileAttributes posix = Files.readAttributes(this.path, PosixFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			Set<PosixFilePermission> permissions = posix.permissions();
			if (permissions.contains(PosixFilePermission.GROUP_WRITE)
					|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
				return "others may write it (" + PosixFilePermissions.toString(permissions)
						+ "): make it writable by its owner only (chmod 600), or delete it";
			}
			UserPrincipal user = this.processUser;
			if (user != null && !user.equals(posix.owner())) {
				return "it is owned by " + LogSafe.quoted(posix.owner().getName()) + ", not by this process's user "
						+ LogSafe.quoted(user.getName()) + ": delete it, or give it to that user";
			}
			return null;
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "its owner and permissions cannot be read (" + ex.getClass().getSimpleName() + ")";
		}
	}

	/**
	 * Reads at most {@code limit} bytes, counting them as they arrive (a size reported by the file system
	 * is not trusted), on a thread of its own so that a file that never ends or never answers cannot hold
	 * startup back.
	 */
	private byte[] readAtMost(int limit) throws InterruptedException, ExecutionException, TimeoutException {
		CompletableFuture<byte[]> result = new CompletableFuture<>();
		Thread reading = new Thread(() -> {
			try (SeekableByteChannel channel = Files.newByteChannel(this.path, StandardOpenOption.READ,
					LinkOption.NOFOLLOW_LINKS)) {
				ByteBuffer buffer = ByteBuffer.allocate(limit);
				while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
					// Keeps reading until the file ends or the limit is reached.
				}
				byte[] bytes = new byte[buffer.position()];
				buffer.flip().get(bytes);
				result.complete(bytes);
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, "offline-auth-snapshot-read");
		reading.setDaemon(true);
		reading.start();
		try {
			return result.get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			reading.interrupt();
		}
	}

	private static Instant instant(String text) {
		if (text == null || text.length() > 40) {
			return null;
		}
		try {
			Instant instant = Instant.parse(text);
			return (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) ? null : instant;
		}
		catch (DateTimeException ex) {
			return null;
		}
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

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static FileAttribute<?>[] ownerOnly() {
		if (posix()) {
			return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) };
		}
		return new FileAttribute<?>[0];
	}

	/**
	 * What a snapshot holds.
	 *
	 * @param ring the keys (as last-known-good when read)
	 * @param lastKeyRefresh when the keys were last refreshed from FusionAuth
	 * @param serverTime FusionAuth's adopted time then, or {@code null}
	 * @param issuedAtFloor the latest verified {@code iat} then, or {@code null}
	 * @param members the other parts' members, by name, as JSON values (see {@link #include})
	 */
	public record Snapshot(KeyRing ring, Instant lastKeyRefresh, Instant serverTime, Instant issuedAtFloor,
			Map<String, Object> members) {

		public Snapshot {
			Objects.requireNonNull(ring, "ring");
			Objects.requireNonNull(lastKeyRefresh, "lastKeyRefresh");
			members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
		}

		public Snapshot(KeyRing ring, Instant lastKeyRefresh, Instant serverTime, Instant issuedAtFloor) {
			this(ring, lastKeyRefresh, serverTime, issuedAtFloor, Map.of());
		}

	}

}
