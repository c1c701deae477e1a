package dev.offlineauth.revocation.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.offlineauth.revocation.Cutoff;
import dev.offlineauth.revocation.CutoffTable;

/**
 * Keeps the local table in step with Redis: applies every cutoff published on the channel, and loads every
 * cutoff key (SCAN, never KEYS) when asked, which is at each (re)subscription and whenever Redis comes
 * back. Subscribing first and loading after leaves no gap, and merging makes the overlap harmless.
 * Messages are applied on a thread of their own, never on the Redis client's I/O threads.
 */
final class RedisCutoffSubscriber implements MessageListener, SubscriptionListener {

	private static final System.Logger logger = System.getLogger(RedisCutoffSubscriber.class.getName());

	private static final int BATCH = 500;

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final RedisCutoffFormat format;

	private final CutoffTable table;

	private final Runnable subscribed;

	private final Consumer<RuntimeException> failed;

	private volatile RedisMessageListenerContainer container;

	private ExecutorService messages;

	/**
	 * @param subscribed told on each (re)subscription, to load everything off the subscription's thread
	 * @param failed told of a failed load
	 */
	RedisCutoffSubscriber(RedisConnectionFactory connectionFactory, StringRedisTemplate redis, RedisCutoffFormat format,
			CutoffTable table, Runnable subscribed, Consumer<RuntimeException> failed) {
		this.connectionFactory = connectionFactory;
		this.redis = redis;
		this.format = format;
		this.table = table;
		this.subscribed = subscribed;
		this.failed = failed;
	}

	/** Subscribes; may wait briefly for the subscription, so it is never called on a startup thread. */
	synchronized void start() {
		this.messages = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "offline-auth-redis-events");
			thread.setDaemon(true);
			return thread;
		});
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(this.connectionFactory);
		this.container.setTaskExecutor(this.messages);
		this.container.addMessageListener(this, new ChannelTopic(this.format.channel()));
		this.container.afterPropertiesSet();
		ensureSubscribed();
	}

	/**
	 * Subscribes again if the subscription is not established: a container whose first subscription failed
	 * (Redis away at startup) does not try again by itself. Once subscribed, the client resubscribes on its
	 * own after Redis comes back.
	 */
	synchronized void ensureSubscribed() {
		if (this.container == null || this.container.isListening()) {
			return;
		}
		try {
			if (this.container.isRunning()) {
				this.container.stop();
			}
			this.container.start();
		}
		catch (RuntimeException ex) {
			this.failed.accept(ex);
		}
	}

	synchronized void stop() {
		if (this.container != null) {
			try {
				this.container.stop();
				this.container.destroy();
			}
			catch (Exception ex) {
				logger.log(Level.DEBUG, "Stopping the Redis subscription failed", ex);
			}
			this.messages.shutdownNow();
			this.container = null;
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Cutoff cutoff = this.format.fromMessage(new String(message.getBody(), StandardCharsets.UTF_8));
		if (cutoff != null) {
			this.table.apply(cutoff);
		}
		else {
			logger.log(Level.DEBUG, "Ignoring a message on {0} that is not a cutoff", this.format.channel());
		}
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		logger.log(Level.DEBUG, "Subscribed to {0}: loading every cutoff", this.format.channel());
		this.subscribed.run();
	}

	/** Whether the subscription is established. */
	boolean isSubscribed() {
		RedisMessageListenerContainer container = this.container;
		return container != null && container.isListening();
	}

	/** Applies every cutoff under the prefix. */
	void loadAll() {
		ScanOptions options = ScanOptions.scanOptions().match(this.format.keyPattern()).count(BATCH).build();
		try (Cursor<String> keys = this.redis.scan(options)) {
			List<String> batch = new ArrayList<>(BATCH);
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == BATCH) {
					load(batch);
					batch.clear();
				}
			}
			load(batch);
		}
		catch (RuntimeException ex) {
			this.failed.accept(ex);
		}
	}

	private void load(List<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		List<String> values = this.redis.opsForValue().multiGet(keys);
		for (int i = 0; i < keys.size(); i++) {
			// A key may expire between SCAN and MGET: its value is then null and it is skipped.
			Cutoff cutoff = this.format.fromKey(keys.get(i), (values != null) ? values.get(i) : null);
			if (cutoff != null) {
				this.table.apply(cutoff);
			}
		}
	}

}
