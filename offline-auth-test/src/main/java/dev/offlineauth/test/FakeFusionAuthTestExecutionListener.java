package dev.offlineauth.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Before each test method, puts the context's {@link FakeFusionAuth} (if it has one) back online and lets
 * the service see it, so that no test depends on what the one before it did to FusionAuth. Never loads a
 * context of its own accord.
 *
 * <p>Stateless.
 */
final class FakeFusionAuthTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// After dependency injection, like Spring Boot's reset of mock beans.
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(FakeFusionAuth.class).ifUnique(FakeFusionAuth::prepareForTest);
	}

}
