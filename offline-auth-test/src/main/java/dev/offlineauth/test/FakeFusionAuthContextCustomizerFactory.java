package dev.offlineauth.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives each test context whose test class carries {@link AutoConfigureFakeFusionAuth} a
 * {@link FakeFusionAuthContextCustomizer}. A customizer rather than auto-configuration because the
 * properties must be in the environment before the context's configuration is parsed: offline-auth's
 * conditions (whether FusionAuth is contacted at all) read them then.
 *
 * <p>Stateless.
 */
final class FakeFusionAuthContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureFakeFusionAuth annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureFakeFusionAuth.class);
		return (annotation != null) ? new FakeFusionAuthContextCustomizer(annotation.bundledJwks()) : null;
	}

}
