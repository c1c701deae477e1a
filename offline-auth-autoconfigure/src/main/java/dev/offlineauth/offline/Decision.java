package dev.offlineauth.offline;

/**
 * The offline policy's answer for one token: accepted with a status, or refused with a reason.
 *
 * @param status how the token is accepted, or {@code null} when refused
 * @param refusal why it is refused, or {@code null} when accepted
 */
public record Decision(TokenStatus status, Refusal refusal) {

	static final Decision FRESH = new Decision(TokenStatus.FRESH, null);

	static final Decision GRACE = new Decision(TokenStatus.GRACE, null);

	static Decision refused(Refusal refusal) {
		return new Decision(null, refusal);
	}

	public boolean accepted() {
		return this.refusal == null;
	}

}
