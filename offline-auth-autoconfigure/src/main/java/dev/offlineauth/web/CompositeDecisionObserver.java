package dev.offlineauth.web;

import java.lang.System.Logger.Level;
import java.util.List;

import dev.offlineauth.logging.RateLimitedLog;
import dev.offlineauth.offline.Refusal;
import dev.offlineauth.offline.TokenStatus;

/**
 * Tells every observer of the application (metrics, audit, its own) each decision, in order. An observer
 * that throws never changes the answer a client gets, nor keeps the others from being told; its failure is
 * logged at most once a minute.
 *
 * <p>Immutable and thread-safe if the observers are.
 */
public final class CompositeDecisionObserver implements DecisionObserver {

	private static final RateLimitedLog failures = RateLimitedLog
		.perMinute(System.getLogger(CompositeDecisionObserver.class.getName()));

	private final DecisionObserver[] observers;

	private CompositeDecisionObserver(List<DecisionObserver> observers) {
		this.observers = observers.toArray(DecisionObserver[]::new);
	}

	/**
	 * @param observers the observers, in order
	 * @return one observer telling them all; {@link DecisionObserver#NONE} for none
	 */
	public static DecisionObserver of(List<DecisionObserver> observers) {
		return observers.isEmpty() ? DecisionObserver.NONE : new CompositeDecisionObserver(observers);
	}

	private static void failed(DecisionObserver observer, RuntimeException ex) {
		// An observer's failure is the observer's; the decision stands.
		failures.log(Level.WARNING, observer.getClass().getName(),
				() -> "A DecisionObserver failed and was ignored: " + observer.getClass().getName(), ex);
	}

	@Override
	public void accepted(TokenStatus status) {
		for (DecisionObserver observer : this.observers) {
			try {
				observer.accepted(status);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

	@Override
	public void refused(Refusal refusal) {
		for (DecisionObserver observer : this.observers) {
			try {
				observer.refused(refusal);
			}
			catch (RuntimeException ex) {
				failed(observer, ex);
			}
		}
	}

}
