package dev.offlineauth.jwt;

import java.security.Key;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.VerificationKey;
import dev.offlineauth.offline.Refusal;

/**
 * Spring Security's {@link NimbusJwtDecoder} bound to one immutable {@link KeyRing}. One is built per
 * ring (when keys change), so a decoded token is known to be verified by exactly that ring's keys, and
 * the ring's prepared keys and verifiers are only looked up, never created, per request.
 *
 * <p>Nimbus is given this class as its key selector and verifier factory: the header's {@code kid} and
 * {@code alg} select one prepared key, and nothing else in the header ({@code jku}, {@code x5u},
 * {@code jwk}, {@code x5c}) is ever read.
 */
final class RingDecoder implements JWSKeySelector<SecurityContext>, JWSVerifierFactory {

	/** {@code typ} must be {@code JWT}, or absent. */
	private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPE_VERIFIER = new DefaultJOSEObjectTypeVerifier<>(
			JOSEObjectType.JWT, null);

	private final KeyRing ring;

	private final Set<JWSAlgorithm> allowedAlgorithms;

	private final NimbusJwtDecoder nimbus;

	private final JCAContext jcaContext = new JCAContext();

	RingDecoder(KeyRing ring, Set<JWSAlgorithm> allowedAlgorithms, OAuth2TokenValidator<Jwt> validator) {
		this.ring = ring;
		this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
		DefaultJWTProcessor<SecurityContext> processor = new StrictClaimsJwtProcessor();
		processor.setJWSTypeVerifier(TYPE_VERIFIER);
		processor.setJWSKeySelector(this);
		processor.setJWSVerifierFactory(this);
		// Claims are checked by the Spring validators and, for time, by the offline policy.
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		this.nimbus = new NimbusJwtDecoder(processor);
		this.nimbus.setJwtValidator(validator);
	}

	KeyRing ring() {
		return this.ring;
	}

	/**
	 * Verifies the signature and the claims other than time.
	 * @throws UnknownKidException if the token names a key this ring lacks
	 * @throws OfflineAuthRefusalException if the token is not valid
	 */
	Jwt decode(String token) {
		try {
			return this.nimbus.decode(token);
		}
		catch (JwtException ex) {
			if (ex.getCause() instanceof UnknownKeyIdException unknown) {
				throw new UnknownKidException(unknown.kid());
			}
			throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			// Whatever a hostile token provokes in parsing is a bad token, never a server error.
			throw new OfflineAuthRefusalException(Refusal.INVALID_TOKEN, "Malformed token", ex);
		}
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws UnknownKeyIdException {
		// An algorithm that is not allowed never gets as far as a key lookup, let alone a fetch.
		if (!this.allowedAlgorithms.contains(header.getAlgorithm())) {
			return List.of();
		}
		String kid = header.getKeyID();
		if (kid == null || kid.isEmpty() || kid.length() > JwksReader.MAX_KID_LENGTH) {
			return List.of();
		}
		VerificationKey key = this.ring.find(kid);
		if (key == null) {
			throw new UnknownKeyIdException(kid);
		}
		return (key.verifierFor(header.getAlgorithm()) != null) ? key.asCandidates() : List.of();
	}

	@Override
	public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
		VerificationKey prepared = this.ring.find(header.getKeyID());
		if (prepared == null || prepared.publicKey() != key) {
			return null;
		}
		return prepared.verifierFor(header.getAlgorithm());
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return this.allowedAlgorithms;
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

	/** Thrown by {@link #decode} when the ring lacks the token's key. */
	static final class UnknownKidException extends RuntimeException {

		private final String kid;

		UnknownKidException(String kid) {
			super(null, null, false, false);
			this.kid = kid;
		}

		String kid() {
			return this.kid;
		}

	}

}
