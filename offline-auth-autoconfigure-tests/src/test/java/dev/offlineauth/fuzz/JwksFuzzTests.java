package dev.offlineauth.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.offlineauth.jwks.JwksException;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeySource;
import dev.offlineauth.jwks.SnapshotFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what offline-auth reads as keys: a JWKS document (from FusionAuth, a bundle, a snapshot) and the
 * snapshot file. Whatever the bytes, the reader returns usable keys or a {@link JwksException}, and a
 * snapshot is read or ignored: any other exception is a finding.
 */
class JwksFuzzTests {

	private static final JwksReader READER = new JwksReader(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA));

	private static final Path SNAPSHOT = temporaryFile();

	/** Every rejected snapshot is logged; millions of them would drown the fuzzer's own output. */
	private static final Logger SNAPSHOT_LOGGER = Logger.getLogger(SnapshotFile.class.getName());

	private static Level snapshotLevel;

	@BeforeAll
	static void quiet() {
		snapshotLevel = SNAPSHOT_LOGGER.getLevel();
		SNAPSHOT_LOGGER.setLevel(Level.OFF);
	}

	@AfterAll
	static void loudAgain() {
		// Other tests in this JVM read the snapshot's warnings.
		SNAPSHOT_LOGGER.setLevel(snapshotLevel);
	}

	@FuzzTest(maxDuration = "2m")
	void anyJwksDocument(byte[] input) {
		try {
			KeyRing ring = READER.read(new String(input, StandardCharsets.UTF_8), KeySource.REMOTE);
			assertThat(ring.isEmpty()).isFalse();
			for (String kid : ring.kids()) {
				assertThat(ring.find(kid).algorithms()).isNotEmpty();
			}
		}
		catch (JwksException refused) {
			assertThat(refused.reason()).isNotNull();
		}
	}

	@FuzzTest(maxDuration = "2m")
	void anySnapshotFile(byte[] input) throws IOException {
		Files.write(SNAPSHOT, input);
		new SnapshotFile(SNAPSHOT).read(READER, Instant.parse("2030-01-01T00:00:00Z"))
			.ifPresent((snapshot) -> assertThat(snapshot.ring().source()).isEqualTo(KeySource.LAST_KNOWN_GOOD));
	}

	private static Path temporaryFile() {
		try {
			Path file = Files.createTempFile("offline-auth-fuzz-snapshot", ".json");
			file.toFile().deleteOnExit();
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
