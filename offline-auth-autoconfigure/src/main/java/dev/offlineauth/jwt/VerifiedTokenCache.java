package dev.offlineauth.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import dev.offlineauth.jwks.KeyRing;
import dev.offlineauth.offline.TimeSource;

/**
 * Tokens already verified, so that a token presented again (a FusionAuth access token is reused for its
 * whole lifetime) is not parsed and its signature not checked again. Keyed by the exact token string: two
 * tokens that differ in any character, the signature included, never share an entry.
 *
 * <p>An entry is used only while the key that verified it is still in the current ring; it expires at
 * {@code exp + clock-skew + grace.period} by the monotonic clock, after which no request could accept the
 * token anyway. The cache never decides anything: the claim validators, the offline policy and every
 * later per-request check run on every request, hit or miss; and only accepted tokens are put in it.
 *
 * <p>Bounded in entries and in bytes at once: each entry weighs {@value #BYTES_PER_TOKEN_CHARACTER} bytes
 * per token character (the string and what was parsed from it), at least {@value #ENTRY_BYTES}, and the
 * cache holds at most {@code maximumEntries} × {@value #ENTRY_BYTES} bytes. FusionAuth's tokens of one or
 * two kilobytes fill it by count; a flood of 16 KB tokens fills it by size long before.
 *
 * <p>Thread-safe and lock-free on a hit (Caffeine); counters are {@link LongAdder}s.
 */
public final class VerifiedTokenCache {

	/** The weight of an entry for a token of up to {@code ENTRY_BYTES / BYTES_PER_TOKEN_CHARACTER} characters. */
	public static final int ENTRY_BYTES = 4096;

	/** The weight of an entry per character of its token. */
	public static final int BYTES_PER_TOKEN_CHARACTER = 4;

	/** No entry lives longer than this, whatever a token's {@code exp} says. */
	private static final Duration LONGEST = Duration.ofDays(365);

	private static final VerifiedTokenCache DISABLED = new VerifiedTokenCache();

	private final Cache<String, VerifiedToken> cache;

	private final Duration afterExpiry;

	private final TimeSource time;

	private final long maximumBytes;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	/**
	 * @param maximumEntries the most tokens held; {@code 0} holds none
	 * @param afterExpiry how long after a token's {@code exp} its entry lives: the clock skew plus the grace
	 * period
	 * @param time the monotonic clock that entries expire by
	 */
	public VerifiedTokenCache(int maximumEntries, Duration afterExpiry, TimeSource time) {
		if (maximumEntries < 0) {
			throw new IllegalArgumentException("maximumEntries must not be negative");
		}
		this.afterExpiry = afterExpiry;
		this.time = time;
		this.maximumBytes = (long) maximumEntries * ENTRY_BYTES;
		this.cache = (maximumEntries == 0) ? null : Caffeine.newBuilder()
			.maximumWeight(this.maximumBytes)
			.weigher((String token, VerifiedToken verified) -> weight(token.length()))
			.expireAfter(new UntilDeadline())
			.ticker(time.monotonicNanos()::getAsLong)
			// Eviction runs on the request thread that tips the balance, so the bounds hold without a pool.
			.executor(Runnable::run)
			.build();
	}

	private VerifiedTokenCache() {
		this.cache = null;
		this.afterExpiry = Duration.ZERO;
		this.time = null;
		this.maximumBytes = 0;
	}

	/** A cache that holds nothing. */
	public static VerifiedTokenCache disabled() {
		return DISABLED;
	}

	/** The weight of the entry for a token of this many characters. */
	static int weight(int tokenLength) {
		return Math.max(ENTRY_BYTES, BYTES_PER_TOKEN_CHARACTER * tokenLength);
	}

	/**
	 * The verified token for exactly this string, if the key that verified it is still in {@code ring}.
	 * @return the entry, or {@code null}: verify the token
	 */
	VerifiedToken find(String token, KeyRing ring) {
		if (this.cache == null) {
			return null;
		}
		VerifiedToken verified = this.cache.getIfPresent(token);
		if (verified != null && verified.trustedBy(ring)) {
			this.hits.increment();
			return verified;
		}
		this.misses.increment();
		return null;
	}

	/**
	 * Remembers an accepted token until {@code exp + afterExpiry}, as judged at {@code now}.
	 * @param token the token string
	 * @param verified what its verification established
	 * @param now the time the policy judged the token by
	 */
	void put(String token, VerifiedToken verified, Instant now) {
		if (this.cache == null) {
			return;
		}
		Duration left = Duration.between(now, verified.expiresAt()).plus(this.afterExpiry);
		if (left.isNegative() || left.isZero()) {
			return;
		}
		verified.deadlineNanos(this.time.nanoTime() + ((left.compareTo(LONGEST) > 0) ? LONGEST : left).toNanos());
		this.cache.put(token, verified);
	}

	/** Whether this cache holds anything at all. */
	public boolean isEnabled() {
		return this.cache != null;
	}

	/** Requests whose token was found, verified by a key still in the ring. */
	public long hits() {
		return this.hits.sum();
	}

	/** Requests whose token had to be verified. */
	public long misses() {
		return this.misses.sum();
	}

	/** Tokens held now (approximately, as Caffeine counts). */
	public long size() {
		return (this.cache != null) ? this.cache.estimatedSize() : 0;
	}

	/** The weight held now, in bytes as this cache estimates them. */
	public long weightedSize() {
		return (this.cache != null) ? this.cache.policy().eviction().orElseThrow().weightedSize().orElse(0) : 0;
	}

	/** The most weight this cache holds. */
	public long maximumBytes() {
		return this.maximumBytes;
	}

	/** Runs pending evictions and expirations now; only tests need it, every access does it too. */
	void cleanUp() {
		if (this.cache != null) {
			this.cache.cleanUp();
		}
	}

	/** Each entry lives until the deadline fixed when it was put; reads and writes do not extend it. */
	private static final class UntilDeadline implements Expiry<String, VerifiedToken> {

		@Override
		public long expireAfterCreate(String token, VerifiedToken verified, long currentTime) {
			return Math.max(0, verified.deadlineNanos() - currentTime);
		}

		@Override
		public long expireAfterUpdate(String token, VerifiedToken verified, long currentTime, long currentDuration) {
			return expireAfterCreate(token, verified, currentTime);
		}

		@Override
		public long expireAfterRead(String token, VerifiedToken verified, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
