package dev.offlineauth.autoconfigure;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;

/**
 * The threads offline-auth talks to FusionAuth on: key fetches and probes, never a request thread. Two,
 * so that a slow probe never delays a key fetch. Held in a type of its own so that no application
 * injection point or scheduler ever picks it up by accident.
 */
final class OfflineAuthThreads implements DisposableBean {

	private final ScheduledExecutorService scheduler;

	OfflineAuthThreads() {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(runnable, "offline-auth-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		this.scheduler = Executors.newScheduledThreadPool(2, factory);
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
