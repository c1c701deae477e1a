package dev.offlineauth.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.LogRecord;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.offlineauth.test.CapturedLog;
import dev.offlineauth.test.TestKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SnapshotFileTests {

	private static final TestKey KEY = TestKey.rsa("snapshot-key");

	private static final Instant REFRESH = Instant.parse("2030-01-01T10:00:00Z");

	private static final Instant SERVER_TIME = Instant.parse("2030-01-01T10:00:02Z");

	private static final Instant FLOOR = Instant.parse("2030-01-01T09:59:30Z");

	private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

	private final JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256));

	@RegisterExtension
	final CapturedLog log = CapturedLog.of(SnapshotFile.class, java.util.logging.Level.WARNING);

	private final List<LogRecord> warnings = this.log.records();

	@TempDir
	Path directory;

	private SnapshotFile.Snapshot snapshot(TestKey key, Instant refreshed) throws JwksException {
		return new SnapshotFile.Snapshot(this.reader.read(TestKey.jwks(key), KeySource.REMOTE), refreshed, SERVER_TIME,
				FLOOR);
	}

	/** A snapshot written as this service writes it, dated as if written at {@link #NOW}. */
	private Path written(SnapshotFile file) throws Exception {
		file.write(snapshot(KEY, REFRESH));
		Files.setLastModifiedTime(file.path(), FileTime.from(NOW));
		return file.path();
	}

	@Test
	void whatIsWrittenIsReadBackAsLastKnownGood() throws Exception {
		SnapshotFile file = new SnapshotFile(this.directory.resolve("snapshot.json"));
		written(file);

		SnapshotFile.Snapshot snapshot = file.read(this.reader, NOW).orElseThrow();

		assertThat(snapshot.ring().kids()).containsExactly("snapshot-key");
		assertThat(snapshot.ring().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
		assertThat(snapshot.lastKeyRefresh()).isEqualTo(REFRESH);
		assertThat(snapshot.serverTime()).isEqualTo(SERVER_TIME);
		assertThat(snapshot.issuedAtFloor()).isEqualTo(FLOOR);
	}

	@Test
	void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
		Path path = this.directory.resolve("snapshot.json");

		new SnapshotFile(path).write(snapshot(KEY, REFRESH));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		try (var files = Files.list(this.directory)) {
			assertThat(files).containsExactly(path);
		}
	}

	@Test
	void aNewSnapshotReplacesTheOldOneWhole() throws Exception {
		SnapshotFile file = new SnapshotFile(this.directory.resolve("snapshot.json"));
		TestKey rotated = TestKey.rsa("rotated");

		file.write(snapshot(KEY, REFRESH));
		file.write(snapshot(rotated, REFRESH.plusSeconds(900)));
		Files.setLastModifiedTime(file.path(), FileTime.from(NOW));

		SnapshotFile.Snapshot snapshot = file.read(this.reader, NOW).orElseThrow();
		assertThat(snapshot.ring().kids()).containsExactly("rotated");
		assertThat(snapshot.lastKeyRefresh()).isEqualTo(REFRESH.plusSeconds(900));
	}

	@Test
	void aVersionOneSnapshotIsStillRead() throws IOException {
		Optional<SnapshotFile.Snapshot> read = readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":1,"
				+ "\"lastContact\":\"2030-01-01T10:00:00Z\",\"serverTime\":\"2030-01-01T10:00:02Z\",\"jwks\":"
				+ TestKey.jwks(KEY) + "}");

		assertThat(read).get().satisfies((snapshot) -> {
			assertThat(snapshot.lastKeyRefresh()).isEqualTo(REFRESH);
			assertThat(snapshot.issuedAtFloor()).isNull();
		});
	}

	@Test
	void aMissingFileIsNoSnapshot() {
		assertThat(new SnapshotFile(this.directory.resolve("absent.json")).read(this.reader, NOW)).isEmpty();
		assertThat(this.warnings).isEmpty();
	}

	@Nested
	class Damaged {

		@Test
		void anEmptyFileIsIgnored() throws IOException {
			assertThat(readFrom("")).isEmpty();
		}

		@Test
		void aTruncatedFileIsIgnored() throws Exception {
			Path path = this.written();
			String whole = Files.readString(path);

			assertThat(readFrom(whole.substring(0, whole.length() / 2))).isEmpty();
		}

		private Path written() throws Exception {
			return SnapshotFileTests.this.written(new SnapshotFile(SnapshotFileTests.this.directory.resolve("snapshot.json")));
		}

		@Test
		void randomBytesAreIgnored() throws IOException {
			byte[] noise = new byte[4096];
			new java.util.Random(42).nextBytes(noise);
			Path path = Files.write(SnapshotFileTests.this.directory.resolve("snapshot.json"), noise);

			assertThat(new SnapshotFile(path).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
		}

		@Test
		void aJsonNullIsIgnored() throws IOException {
			// Found by fuzzing: Nimbus parses "null" (and "null{") to no object at all.
			assertThat(readFrom("null")).isEmpty();
			assertThat(readFrom("null{")).isEmpty();
		}

		@Test
		void aForeignJsonFileIsIgnored() throws IOException {
			assertThat(readFrom(TestKey.jwks(KEY))).isEmpty();
			assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":3,\"lastKeyRefresh\":"
					+ "\"2030-01-01T00:00:00Z\",\"jwks\":" + TestKey.jwks(KEY) + "}")).isEmpty();
			assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":2,\"jwks\":" + TestKey.jwks(KEY)
					+ "}")).isEmpty();
			assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":2,\"lastKeyRefresh\":\"yesterday\","
					+ "\"jwks\":" + TestKey.jwks(KEY) + "}")).isEmpty();
		}

		@Test
		void aSnapshotWithPrivateKeysIsIgnored() throws Exception {
			RSAKey privateKey = new RSAKeyGenerator(2048).keyID("leaked").generate();

			assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":2,\"lastKeyRefresh\":"
					+ "\"2030-01-01T00:00:00Z\",\"jwks\":{\"keys\":[" + privateKey.toJSONString() + "]}}")).isEmpty();
		}

		@Test
		void instantsOutsideASaneRangeAreIgnoredNotFatal() throws IOException {
			for (String member : List.of("\"lastContact\":\"1700-01-01T00:00:00Z\"", "\"lastKeyRefresh\":\"+100000-01-01T00:00:00Z\"",
					"\"lastKeyRefresh\":\"2030-01-01T00:00:00Z\",\"serverTime\":\"+100000-01-01T00:00:00Z\"",
					"\"lastKeyRefresh\":\"2030-01-01T00:00:00Z\",\"issuedAtFloor\":\"-1000000000-01-01T00:00:00Z\"",
					"\"lastKeyRefresh\":\"2030-01-01T00:00:00Z\",\"serverTime\":12")) {
				int version = member.contains("lastContact") ? 1 : 2;
				assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":" + version + "," + member
						+ ",\"jwks\":" + TestKey.jwks(KEY) + "}")).as(member).isEmpty();
			}
			assertThat(SnapshotFileTests.this.warnings).hasSize(5)
				.allSatisfy((record) -> assertThat(message(record)).containsAnyOf("outside", "cannot be read"));
		}

	}

	@Nested
	class NotARegularFile {

		@Test
		void aSymbolicLinkIsNotFollowed() throws Exception {
			Path target = SnapshotFileTests.this.written(new SnapshotFile(SnapshotFileTests.this.directory.resolve("real.json")));
			Path link = Files.createSymbolicLink(SnapshotFileTests.this.directory.resolve("snapshot.json"), target);

			assertThat(new SnapshotFile(link).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
			assertThat(SnapshotFileTests.this.warnings).singleElement()
				.satisfies((record) -> assertThat(message(record)).contains("symbolic link"));
		}

		@Test
		void aLinkToDevZeroNeitherHangsNorExhaustsMemory() throws Exception {
			assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this platform");
			Path link = Files.createSymbolicLink(SnapshotFileTests.this.directory.resolve("snapshot.json"),
					Path.of("/dev/zero"));

			assertThat(new SnapshotFile(link).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
		}

		@Test
		@Timeout(10)
		void aPipeIsNeverOpened() throws Exception {
			Path fifo = SnapshotFileTests.this.directory.resolve("snapshot.json");
			assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
					"mkfifo is not available on this platform");

			assertThat(new SnapshotFile(fifo).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
			assertThat(SnapshotFileTests.this.warnings).singleElement()
				.satisfies((record) -> assertThat(message(record)).contains("not a regular file"));
		}

		@Test
		void aDirectoryIsIgnored() throws Exception {
			Path directory = Files.createDirectory(SnapshotFileTests.this.directory.resolve("snapshot.json"));

			assertThat(new SnapshotFile(directory).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
		}

		@Test
		void aFileLargerThanAnySnapshotIsIgnoredAfterCountingBytes() throws Exception {
			Path path = SnapshotFileTests.this.directory.resolve("snapshot.json");
			Files.write(path, new byte[SnapshotFile.MAX_BYTES + 10]);

			assertThat(new SnapshotFile(path).read(SnapshotFileTests.this.reader, NOW)).isEmpty();
			assertThat(SnapshotFileTests.this.warnings).singleElement()
				.satisfies((record) -> assertThat(message(record)).contains("larger"));
		}

	}

	@Nested
	class Trust {

		@Test
		void aSnapshotOthersMayWriteIsIgnored() throws Exception {
			SnapshotFile file = new SnapshotFile(SnapshotFileTests.this.directory.resolve("snapshot.json"));
			for (String mode : List.of("rw--w----", "rw-rw-rw-", "rw-----w-")) {
				Files.setPosixFilePermissions(SnapshotFileTests.this.written(file), PosixFilePermissions.fromString(mode));

				assertThat(file.read(SnapshotFileTests.this.reader, NOW)).as(mode).isEmpty();
			}
			assertThat(SnapshotFileTests.this.warnings).hasSize(3)
				.allSatisfy((record) -> assertThat(message(record)).contains("chmod 600"));
		}

		@Test
		void aSnapshotReadableByOthersButWritableOnlyByItsOwnerIsRead() throws Exception {
			SnapshotFile file = new SnapshotFile(SnapshotFileTests.this.directory.resolve("snapshot.json"));
			Files.setPosixFilePermissions(SnapshotFileTests.this.written(file), PosixFilePermissions.fromString("rw-r--r--"));

			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isPresent();
		}

		@Test
		void aSnapshotOwnedByAnotherUserIsIgnored() throws Exception {
			SnapshotFile file = new SnapshotFile(SnapshotFileTests.this.directory.resolve("snapshot.json"));
			file.checkWritable();
			Path path = SnapshotFileTests.this.written(file);
			Process chown = new ProcessBuilder("chown", "65534", path.toString()).redirectErrorStream(true).start();
			assumeTrue(chown.waitFor() == 0, "giving a file to another user needs root: this test runs as root in CI");

			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isEmpty();
			assertThat(SnapshotFileTests.this.warnings).singleElement()
				.satisfies((record) -> assertThat(message(record)).contains("owned by"));
		}

		@Test
		void withASecretOnlyASnapshotWithAValidMacIsRead() throws Exception {
			Path path = SnapshotFileTests.this.directory.resolve("snapshot.json");
			SnapshotFile file = new SnapshotFile(path, "an-environment-secret");
			SnapshotFileTests.this.written(file);
			assertThat(Files.readString(path)).contains("\"mac\":\"");
			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isPresent();

			// The same content, one key swapped in by someone without the secret.
			String original = Files.readString(path);
			String tampered = original.replace(KEY.publicJwk().toPublicJWK().toJSONObject().get("n").toString(),
					TestKey.rsa("attacker").publicJwk().toJSONObject().get("n").toString());
			assertThat(tampered).isNotEqualTo(original);
			Files.writeString(path, tampered);
			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isEmpty();

			Files.writeString(path, original.replaceFirst(",\"mac\":\"[^\"]+\"", ""));
			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isEmpty();

			new SnapshotFile(path, "another-secret").write(snapshot(KEY, REFRESH));
			assertThat(file.read(SnapshotFileTests.this.reader, NOW)).isEmpty();
			assertThat(SnapshotFileTests.this.warnings).hasSize(3)
				.allSatisfy((record) -> assertThat(message(record)).contains("MAC"));
		}

		@Test
		void theLastKeyRefreshIsNeverLaterThanTheFileOrNow() throws Exception {
			SnapshotFile file = new SnapshotFile(SnapshotFileTests.this.directory.resolve("snapshot.json"));
			file.write(snapshot(KEY, NOW.plus(Duration.ofDays(30))));
			Instant modified = NOW.minus(Duration.ofHours(1));
			Files.setLastModifiedTime(file.path(), FileTime.from(modified));

			assertThat(file.read(SnapshotFileTests.this.reader, NOW).orElseThrow().lastKeyRefresh()).isEqualTo(modified);
			Files.setLastModifiedTime(file.path(), FileTime.from(NOW.plus(Duration.ofDays(40))));
			assertThat(file.read(SnapshotFileTests.this.reader, NOW).orElseThrow().lastKeyRefresh()).isEqualTo(NOW);
		}

	}

	@Test
	void aDirectoryThatCannotBeWrittenIsReportedByTheCheck() throws IOException {
		Path aFile = Files.writeString(this.directory.resolve("not-a-directory"), "x");

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new SnapshotFile(aFile.resolve("snapshot.json")).checkWritable());
	}

	@Test
	void aMissingDirectoryIsCreatedByTheCheck() throws IOException {
		Path nested = this.directory.resolve("a/b/snapshot.json");

		new SnapshotFile(nested).checkWritable();

		assertThat(nested.getParent()).isDirectory();
	}

	@Test
	void aFailedWriteIsNotFatal() throws Exception {
		Path aFile = Files.writeString(this.directory.resolve("not-a-directory"), "x");
		SnapshotFile file = new SnapshotFile(aFile.resolve("snapshot.json"));

		file.write(snapshot(KEY, REFRESH));
		file.write(snapshot(KEY, REFRESH));

		assertThat(file.read(this.reader, NOW)).isEmpty();
	}

	private static String message(LogRecord record) {
		return new java.util.logging.SimpleFormatter().formatMessage(record);
	}

	private Optional<SnapshotFile.Snapshot> readFrom(String content) throws IOException {
		Path path = Files.writeString(this.directory.resolve("snapshot.json"), content, StandardCharsets.UTF_8);
		Files.setLastModifiedTime(path, FileTime.from(NOW));
		return new SnapshotFile(path).read(this.reader, NOW);
	}

}
