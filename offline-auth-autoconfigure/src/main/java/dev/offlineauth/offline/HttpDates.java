package dev.offlineauth.offline;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the {@code Date} header of a response from FusionAuth. */
public final class HttpDates {

	private HttpDates() {
	}

	/**
	 * @param headers the response headers
	 * @return the instant of the {@code Date} header, or {@code null} if it is absent or not an HTTP date
	 */
	public static Instant serverTime(HttpHeaders headers) {
		return headers.firstValue("date").map(HttpDates::parse).orElse(null);
	}

	static Instant parse(String value) {
		try {
			return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
