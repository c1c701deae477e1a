package dev.offlineauth.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.offlineauth.jwks.BackgroundContact;

/** Starts the first key fetch and the probe when the context starts, and stops them when it stops. */
final class BackgroundContactLifecycle implements SmartLifecycle {

	private final BackgroundContact contact;

	BackgroundContactLifecycle(BackgroundContact contact) {
		this.contact = contact;
	}

	@Override
	public void start() {
		this.contact.start();
	}

	@Override
	public void stop() {
		this.contact.stop();
	}

	@Override
	public boolean isRunning() {
		return this.contact.isRunning();
	}

}
