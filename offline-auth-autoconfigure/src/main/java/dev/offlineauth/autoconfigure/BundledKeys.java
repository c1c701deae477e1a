package dev.offlineauth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import dev.offlineauth.jwks.JwksException;
import dev.offlineauth.jwks.JwksReader;
import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.jwks.KeySource;

/**
 * Reads the JWKS bundled with the application at startup. It is checked like any fetched set, and a
 * bundle that cannot serve stops startup: a service that would only notice when FusionAuth is down
 * would notice too late.
 */
final class BundledKeys {

	static final String PROPERTY = "offline-auth.jwks.bundled";

	/** Far more than any JWKS; a bundled file this large is a mistake. */
	private static final int MAX_BYTES = 1024 * 1024;

	private BundledKeys() {
	}

	static KeyRing load(ResourceLoader resourceLoader, String location, JwksReader reader) {
		Resource resource = resourceLoader.getResource(location.trim());
		String json;
		try (InputStream in = resource.getInputStream()) {
			byte[] bytes = in.readNBytes(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				throw invalid(location, "it is larger than 1 MB: bundle the JWKS document only");
			}
			json = new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw invalid(location, "it cannot be read (" + ex.getMessage() + "): write a 'classpath:' or 'file:' "
					+ "location of a JWKS file, e.g. classpath:jwks.json");
		}
		try {
			return reader.read(json, KeySource.BUNDLED);
		}
		catch (JwksException ex) {
			throw invalid(location, switch (ex.reason()) {
				case PRIVATE_KEY -> "it holds private key material: bundle the public keys only, "
						+ "as served by FusionAuth at /.well-known/jwks.json";
				case NO_USABLE_KEYS -> "it holds no public signing key usable with offline-auth.algorithms: "
						+ "bundle FusionAuth's /.well-known/jwks.json";
				default -> "it is not a JWKS document (" + ex.getMessage() + "): "
						+ "bundle FusionAuth's /.well-known/jwks.json";
			});
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String location, String reason) {
		return new InvalidConfigurationPropertyValueException(PROPERTY, location, reason);
	}

}
