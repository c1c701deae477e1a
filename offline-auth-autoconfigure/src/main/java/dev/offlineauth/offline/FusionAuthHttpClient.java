package dev.offlineauth.offline;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client every contact with FusionAuth goes through: the connect timeout, the JVM's proxy
 * settings, HTTP/1.1 (no upgrade attempts to trip over proxies), and no redirects, so that nothing on the
 * network can send the service to another host.
 */
public final class FusionAuthHttpClient {

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

}
