package dev.offlineauth.revocation.redis;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.offlineauth.revocation.Cutoff;
import dev.offlineauth.revocation.CutoffStore;
import dev.offlineauth.revocation.CutoffTable;

/**
 * Cutoffs shared by every instance through Redis, over Spring Boot's connection. The instance that receives
 * an event writes its cutoff (one key per scope, merged to the latest in one script, expiring with it) and
 * publishes it in the same script; every instance subscribes and applies what is published, and loads every
 * cutoff under the prefix when it starts and whenever Redis comes back ({@link RedisCutoffSubscriber}).
 * Requests never wait on Redis: they read the local table.
 *
 * <p>Redis is checked every interval. A cutoff that cannot be written is still applied locally, kept, and
 * written once Redis answers again; the webhook answers 503 meanwhile. Each change of reachability is
 * logged once (WARN going away, INFO coming back). Thread-safe.
 */
public final class RedisCutoffStore implements CutoffStore {

	private static final System.Logger logger = System.getLogger(RedisCutoffStore.class.getName());

	/** Cutoffs kept for Redis while it is away; more are still applied locally, just not kept. */
	private static final int MAX_KEPT = 10_000;

	/**
	 * Merges to the later cutoff and the longer life (the key's remaining time to live counts, so a cutoff
	 * never ends earlier than it was written to), sets it, and announces the merged value.
	 * KEYS[1] key; ARGV: at, expiresAt, time to live in ms, channel, message prefix.
	 */
	private static final RedisScript<String> MERGE = RedisScript.of("""
			local at, expiresAt, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
			local current = redis.call('GET', KEYS[1])
			if current then
			  local sep = string.find(current, ':', 1, true)
			  if sep then
			    local currentAt = tonumber(string.sub(current, 1, sep - 1))
			    local currentExpiresAt = tonumber(string.sub(current, sep + 1))
			    if currentAt and currentAt > at then at = currentAt end
			    if currentExpiresAt and currentExpiresAt > expiresAt then expiresAt = currentExpiresAt end
			  end
			  local remaining = redis.call('PTTL', KEYS[1])
			  if remaining > ttl then ttl = remaining end
			end
			local value = string.format('%.0f:%.0f', at, expiresAt)
			redis.call('SET', KEYS[1], value, 'PX', string.format('%.0f', ttl))
			redis.call('PUBLISH', ARGV[4], ARGV[5] .. value)
			return value
			""", String.class);

	private enum State {

		UNKNOWN, REACHABLE, UNREACHABLE

	}

	private final StringRedisTemplate redis;

	private final RedisCutoffFormat format;

	private final Clock clock;

	private final Duration checkInterval;

	private final RedisCutoffSubscriber subscriber;

	private final Map<String, Cutoff> kept = new ConcurrentHashMap<>();

	private final AtomicReference<State> state = new AtomicReference<>(State.UNKNOWN);

	private ScheduledExecutorService scheduler;

	/**
	 * @param connectionFactory Spring Boot's Redis connection
	 * @param keyPrefix what keys and the channel start with
	 * @param table this instance's cutoffs, which every published or loaded cutoff is applied to
	 * @param clock the wall clock cutoffs expire by
	 * @param checkInterval how often Redis is checked
	 */
	public RedisCutoffStore(RedisConnectionFactory connectionFactory, String keyPrefix, CutoffTable table, Clock clock,
			Duration checkInterval) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.format = new RedisCutoffFormat(keyPrefix);
		this.clock = Objects.requireNonNull(clock, "clock");
		this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
		this.subscriber = new RedisCutoffSubscriber(connectionFactory, this.redis, this.format, table,
				this::scheduleLoad, this::unreachable);
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Boolean reachable() {
		return this.state.get() == State.REACHABLE;
	}

	@Override
	public boolean share(Cutoff cutoff) {
		if (this.state.get() == State.UNREACHABLE) {
			keep(cutoff);
			return false;
		}
		try {
			write(cutoff);
			return true;
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			keep(cutoff);
			return false;
		}
	}

	/** Subscribes and starts checking Redis, in the background: startup never waits for Redis. */
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "offline-auth-redis");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.execute(this.subscriber::start);
		this.scheduler.scheduleWithFixedDelay(this::check, 0, this.checkInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whether this instance hears what the others publish. */
	boolean isSubscribed() {
		return this.subscriber.isSubscribed();
	}

	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
			this.subscriber.stop();
		}
	}

	/** One check: on the way back (or at the first answer), write what was kept, then load everything. */
	void check() {
		try {
			this.redis.execute((RedisCallback<String>) RedisConnection::ping);
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return;
		}
		State before = this.state.getAndSet(State.REACHABLE);
		if (before != State.REACHABLE) {
			if (before == State.UNREACHABLE) {
				logger.log(Level.INFO, "Redis is reachable again: revocation cutoffs are shared again");
			}
			writeKept();
			this.subscriber.loadAll();
		}
		this.subscriber.ensureSubscribed();
	}

	private void write(Cutoff cutoff) {
		long timeToLive = cutoff.expiresAt() - this.clock.millis();
		if (timeToLive <= 0) {
			return;
		}
		this.redis.execute(MERGE, List.of(this.format.key(cutoff)), Long.toString(cutoff.at()),
				Long.toString(cutoff.expiresAt()), Long.toString(timeToLive), this.format.channel(),
				this.format.messagePrefix(cutoff));
	}

	private void writeKept() {
		for (Cutoff cutoff : List.copyOf(this.kept.values())) {
			try {
				write(cutoff);
				this.kept.remove(cutoff.scope(), cutoff);
			}
			catch (RuntimeException ex) {
				unreachable(ex);
				return;
			}
		}
	}

	private void keep(Cutoff cutoff) {
		if (this.kept.size() < MAX_KEPT || this.kept.containsKey(cutoff.scope())) {
			this.kept.merge(cutoff.scope(), cutoff, Cutoff::mergedWith);
		}
	}

	private void scheduleLoad() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.execute(this.subscriber::loadAll);
		}
	}

	private void unreachable(RuntimeException ex) {
		if (this.state.getAndSet(State.UNREACHABLE) != State.UNREACHABLE) {
			logger.log(Level.WARNING, "Redis is unreachable ({0}): revocation cutoffs are applied on this instance "
					+ "only, and shared once it is back", ex.getClass().getSimpleName());
		}
	}

}
