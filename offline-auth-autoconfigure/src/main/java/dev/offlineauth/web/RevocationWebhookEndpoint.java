package dev.offlineauth.web;

import java.util.Objects;

import dev.offlineauth.revocation.RevocationWebhook;

/**
 * What {@link OfflineAuthConfigurer} needs to answer FusionAuth's webhooks in a filter chain, prepared once
 * by the auto-configuration when revocation is enabled.
 *
 * @param webhook receives each event
 * @param path where FusionAuth posts events
 * @param maxBodyBytes the largest body accepted
 * @param retryAfterSeconds what {@code Retry-After} tells FusionAuth on a 503
 */
public record RevocationWebhookEndpoint(RevocationWebhook webhook, String path, long maxBodyBytes,
		long retryAfterSeconds) {

	public RevocationWebhookEndpoint {
		Objects.requireNonNull(webhook, "webhook");
		Objects.requireNonNull(path, "path");
		if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("maxBodyBytes must be positive and fit an array");
		}
	}

}
