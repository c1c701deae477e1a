package dev.offlineauth.jwks;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Set;

import com.nimbusds.jose.CriticalHeaderParamsAware;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * Verifies Ed25519 signatures ({@code alg} {@code Ed25519}, or the older {@code EdDSA}) with the JDK's own
 * Ed25519 implementation. Nimbus's {@code Ed25519Verifier} needs Google Tink; the JDK has had Ed25519 since
 * Java 15, so no extra crypto library is needed.
 */
final class JdkEd25519Verifier implements JWSVerifier, CriticalHeaderParamsAware {

	static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.Ed25519, JWSAlgorithm.EdDSA);

	private static final int SIGNATURE_LENGTH = 64;

	private final PublicKey publicKey;

	private final CriticalHeaderParamsDeferral critPolicy = new CriticalHeaderParamsDeferral();

	private final JCAContext jcaContext = new JCAContext();

	JdkEd25519Verifier(PublicKey publicKey) {
		this.publicKey = publicKey;
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		if (!ALGORITHMS.contains(header.getAlgorithm())) {
			throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm());
		}
		// Like Nimbus's own verifiers: a token naming a critical header we do not understand is not valid.
		if (!this.critPolicy.headerPasses(header)) {
			return false;
		}
		byte[] signatureBytes = signature.decode();
		if (signatureBytes.length != SIGNATURE_LENGTH) {
			return false;
		}
		try {
			// Signature objects are not thread-safe; a new one per verification is the JDK's intended use.
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(this.publicKey);
			verifier.update(signingInput);
			return verifier.verify(signatureBytes);
		}
		catch (SignatureException ex) {
			return false;
		}
		catch (InvalidKeyException ex) {
			throw new JOSEException("Invalid Ed25519 key", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new JOSEException("Ed25519 is not available in this JDK", ex);
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return ALGORITHMS;
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

	@Override
	public Set<String> getProcessedCriticalHeaderParams() {
		return this.critPolicy.getProcessedCriticalHeaderParams();
	}

	@Override
	public Set<String> getDeferredCriticalHeaderParams() {
		return this.critPolicy.getDeferredCriticalHeaderParams();
	}

}
