package dev.offlineauth.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @SpringBootTest} or a {@code @WebMvcTest}: starts a {@link FakeFusionAuth} on a loopback
 * port for the test's context and points offline-auth at it, so that the service's own tests go through
 * the real token path (decoder, offline policy, problem answers) with tokens from
 * {@link FakeFusionAuth#token()}.
 *
 * <ul>
 * <li>{@code offline-auth.fusionauth.base-url} and {@code offline-auth.jwks.uri} point at the fake, whatever
 * the application configures; {@code offline-auth.jwks.bundled} and {@code offline-auth.jwks.snapshot} are
 * cleared (unless {@link #bundledJwks()}), so every key comes from the fake and no test writes the
 * service's snapshot file.</li>
 * <li>{@code offline-auth.issuer} and {@code offline-auth.audiences} stay as the application configures
 * them (the fake's tokens carry them); when it configures none, the fake's own are used.</li>
 * <li>The {@link FakeFusionAuth} and its {@link ManualClock} are beans; the clock is the service's
 * {@code TimeSource}, so {@code clock().advance(...)} moves the service's time.</li>
 * <li>Before each test the fake is online again, serving its clock's {@code Date}, the wall clock is in step
 * again, and the service has seen all that; time advanced and keys rotated stay.</li>
 * </ul>
 *
 * <p>The fake is started as the context is prepared, before its configuration is read (a Spring test
 * {@code ContextCustomizer}, as for {@code @DynamicPropertySource}), and closed with the context. The
 * annotation is part of the context cache key: test classes with the same configuration share a context,
 * and so its fake.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureFakeFusionAuth {

	/**
	 * Whether the application's bundled JWKS ({@code offline-auth.jwks.bundled}) stays configured; by default
	 * it is cleared, so that only the fake's keys are known.
	 * @return whether to keep the bundled JWKS
	 */
	boolean bundledJwks() default false;

}
