package dev.offlineauth.offline;

import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The JDK HTTP client every contact with FusionAuth goes through: the connect timeout, the JVM's proxy and
 * trust store settings, HTTP/1.1 (no upgrade attempts to trip over proxies), and no redirects, so that
 * nothing on the network can send the service to another host. Also the rule of which FusionAuth URLs can
 * be believed about the time.
 */
public final class FusionAuthHttpClient {

	/** An IPv4 or IPv6 literal: only these are checked for loopback, never a name (no DNS at startup). */
	private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+\\]?");

	private FusionAuthHttpClient() {
	}

	/**
	 * @param connectTimeout the connect timeout
	 * @return a new client
	 */
	public static HttpClient create(Duration connectTimeout) {
		return HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.proxy(ProxySelector.getDefault())
			.build();
	}

	/**
	 * Whether a response from this URL can be believed about the time: over HTTPS, or from this host. A
	 * {@code Date} header over plain HTTP from elsewhere could come from anyone on the path.
	 * @param uri the URL
	 * @return whether its {@code Date} headers count
	 */
	public static boolean tellsTime(URI uri) {
		return "https".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri);
	}

	/**
	 * Whether the URL names this host: {@code localhost}, or a loopback IP literal. Other names are not
	 * resolved, so that no lookup can hang startup or be answered by a hostile resolver.
	 * @param uri the URL
	 * @return whether its host is a loopback address
	 */
	public static boolean isLoopback(URI uri) {
		String host = uri.getHost();
		if (host == null) {
			return false;
		}
		String lower = host.toLowerCase(Locale.ROOT);
		if (lower.equals("localhost") || lower.endsWith(".localhost")) {
			return true;
		}
		if (!IP_LITERAL.matcher(host).matches()) {
			return false;
		}
		try {
			// For a literal, getByName parses and never looks anything up.
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (UnknownHostException | RuntimeException ex) {
			return false;
		}
	}

}
