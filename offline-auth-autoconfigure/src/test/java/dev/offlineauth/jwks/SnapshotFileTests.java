package dev.offlineauth.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.offlineauth.test.TestKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SnapshotFileTests {

	private static final TestKey KEY = TestKey.rsa("snapshot-key");

	private static final Instant CONTACT = Instant.parse("2030-01-01T10:00:00Z");

	private static final Instant SERVER_TIME = Instant.parse("2030-01-01T10:00:02Z");

	private final JwksReader reader = new JwksReader(Set.of(JWSAlgorithm.RS256));

	@TempDir
	Path directory;

	@Test
	void whatIsWrittenIsReadBackAsLastKnownGood() throws Exception {
		SnapshotFile file = new SnapshotFile(this.directory.resolve("snapshot.json"));

		file.write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, SERVER_TIME);
		SnapshotFile.Snapshot snapshot = file.read(this.reader).orElseThrow();

		assertThat(snapshot.ring().kids()).containsExactly("snapshot-key");
		assertThat(snapshot.ring().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD);
		assertThat(snapshot.lastContact()).isEqualTo(CONTACT);
		assertThat(snapshot.serverTime()).isEqualTo(SERVER_TIME);
	}

	@Test
	void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
		Path path = this.directory.resolve("snapshot.json");

		new SnapshotFile(path).write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, null);

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		try (var files = Files.list(this.directory)) {
			assertThat(files).containsExactly(path);
		}
	}

	@Test
	void aNewSnapshotReplacesTheOldOneWhole() throws Exception {
		SnapshotFile file = new SnapshotFile(this.directory.resolve("snapshot.json"));
		TestKey rotated = TestKey.rsa("rotated");

		file.write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, null);
		file.write(this.reader.read(TestKey.jwks(rotated), KeySource.REMOTE), CONTACT.plusSeconds(900), null);

		SnapshotFile.Snapshot snapshot = file.read(this.reader).orElseThrow();
		assertThat(snapshot.ring().kids()).containsExactly("rotated");
		assertThat(snapshot.lastContact()).isEqualTo(CONTACT.plusSeconds(900));
	}

	@Test
	void aMissingFileIsNoSnapshot() {
		assertThat(new SnapshotFile(this.directory.resolve("absent.json")).read(this.reader)).isEmpty();
	}

	@Test
	void anEmptyFileIsIgnored() throws IOException {
		assertThat(readFrom("")).isEmpty();
	}

	@Test
	void aTruncatedFileIsIgnored() throws Exception {
		Path path = this.directory.resolve("snapshot.json");
		SnapshotFile file = new SnapshotFile(path);
		file.write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, SERVER_TIME);
		String whole = Files.readString(path);

		assertThat(readFrom(whole.substring(0, whole.length() / 2))).isEmpty();
	}

	@Test
	void randomBytesAreIgnored() throws IOException {
		byte[] noise = new byte[4096];
		new java.util.Random(42).nextBytes(noise);
		Path path = Files.write(this.directory.resolve("snapshot.json"), noise);

		assertThat(new SnapshotFile(path).read(this.reader)).isEmpty();
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
		assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":2,\"lastContact\":\"2030-01-01T00:00:00Z\","
				+ "\"jwks\":" + TestKey.jwks(KEY) + "}")).isEmpty();
		assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":1,\"jwks\":" + TestKey.jwks(KEY) + "}"))
			.isEmpty();
		assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":1,\"lastContact\":\"yesterday\","
				+ "\"jwks\":" + TestKey.jwks(KEY) + "}")).isEmpty();
	}

	@Test
	void aSnapshotWithPrivateKeysIsIgnored() throws Exception {
		RSAKey privateKey = new RSAKeyGenerator(2048).keyID("leaked").generate();

		assertThat(readFrom("{\"format\":\"offline-auth-jwks-snapshot\",\"version\":1,\"lastContact\":\"2030-01-01T00:00:00Z\","
				+ "\"jwks\":{\"keys\":[" + privateKey.toJSONString() + "]}}")).isEmpty();
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

		file.write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, null);
		file.write(this.reader.read(TestKey.jwks(KEY), KeySource.REMOTE), CONTACT, null);

		assertThat(file.read(this.reader)).isEmpty();
	}

	private java.util.Optional<SnapshotFile.Snapshot> readFrom(String content) throws IOException {
		Path path = Files.writeString(this.directory.resolve("snapshot.json"), content, StandardCharsets.UTF_8);
		return new SnapshotFile(path).read(this.reader);
	}

}
