package dev.offlineauth.jwks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body, and gives up (cancelling the exchange) as soon as it grows past a limit, so
 * that an endless or huge response never costs more than the limit in memory.
 */
final class SizeLimitedBodySubscriber implements BodySubscriber<byte[]> {

	private final long limit;

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> result = new CompletableFuture<>();

	private Flow.Subscription subscription;

	SizeLimitedBodySubscriber(long limit) {
		this.limit = limit;
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.result;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (this.result.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (this.body.size() + (long) buffer.remaining() > this.limit) {
				this.subscription.cancel();
				this.result.completeExceptionally(
						new TooLargeException("The JWKS response is larger than " + this.limit + " bytes"));
				return;
			}
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			this.body.write(bytes, 0, bytes.length);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.result.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.result.complete(this.body.toByteArray());
	}

	/** The body passed the limit. */
	static final class TooLargeException extends IOException {

		TooLargeException(String message) {
			super(message);
		}

	}

}
