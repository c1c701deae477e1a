package dev.offlineauth.jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.security.oauth2.jwt.Jwt;

import dev.offlineauth.revocation.CutoffTable;

/**
 * Revocation by FusionAuth's cutoffs: a token is revoked when its {@code iat} is at or before a cutoff for
 * its user ({@code tid}, {@code sub}), its application ({@code applicationId}, and each {@code aud} value),
 * or its user in its application. A token without {@code iat} cannot show it came after a cutoff, so any
 * cutoff of its scope refuses it. Reads claims and the table only. Thread-safe.
 */
public final class CutoffTokenRevocation implements TokenRevocation {

	private final CutoffTable table;

	public CutoffTokenRevocation(CutoffTable table) {
		this.table = Objects.requireNonNull(table, "table");
	}

	@Override
	public boolean isRevoked(Jwt jwt) {
		Map<String, Object> claims = jwt.getClaims();
		String tenant = text(claims.get("tid"));
		String user = text(claims.get("sub"));
		Instant issuedAt = jwt.getIssuedAt();
		long issued = (issuedAt != null) ? issuedAt.toEpochMilli() : Long.MIN_VALUE;
		String application = text(claims.get("applicationId"));
		if (this.table.isRevoked(tenant, user, application, issued)) {
			return true;
		}
		Object audience = claims.get("aud");
		if (audience instanceof String single) {
			return !single.equals(application) && this.table.isRevoked(tenant, user, single, issued);
		}
		if (audience instanceof List<?> values) {
			for (int i = 0; i < values.size(); i++) {
				if (values.get(i) instanceof String value && !value.equals(application)
						&& this.table.isRevoked(tenant, user, value, issued)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String text(Object claim) {
		return (claim instanceof String value) ? value : null;
	}

}
