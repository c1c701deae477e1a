package dev.offlineauth.autoconfigure;

import java.lang.System.Logger.Level;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.method.AuthorizationAdvisor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Warns once at startup when the application guards a method with {@code @offlineAuth} in
 * {@code @PreAuthorize} or {@code @PostAuthorize} but method security is off ({@code @EnableMethodSecurity}
 * missing, or {@code @EnableReactiveMethodSecurity} in a reactive application): Spring then ignores the
 * annotation silently, and a token in grace reaches a method meant for fresh tokens only. Only the application's own beans (those in its auto-configuration packages) are looked
 * at, once, after every singleton exists.
 *
 * <p>Runs once, on the thread that refreshes the context.
 */
final class MethodSecurityOffWarning implements SmartInitializingSingleton {

	private static final System.Logger logger = System.getLogger(MethodSecurityOffWarning.class.getName());

	private static final Pattern USES_OFFLINE_AUTH = Pattern.compile("@offlineAuth\\b");

	private static final int MAX_NAMED = 5;

	private final ConfigurableListableBeanFactory beanFactory;

	/** The annotation that enables method security on this stack, as the warning tells it. */
	private final String enablingAnnotation;

	MethodSecurityOffWarning(ConfigurableListableBeanFactory beanFactory) {
		this(beanFactory, "@EnableMethodSecurity");
	}

	/**
	 * @param beanFactory the application's beans
	 * @param enablingAnnotation {@code @EnableMethodSecurity}, or {@code @EnableReactiveMethodSecurity} in a
	 * reactive application
	 */
	MethodSecurityOffWarning(ConfigurableListableBeanFactory beanFactory, String enablingAnnotation) {
		this.beanFactory = beanFactory;
		this.enablingAnnotation = enablingAnnotation;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!AutoConfigurationPackages.has(this.beanFactory)) {
			return;
		}
		List<String> packages = AutoConfigurationPackages.get(this.beanFactory);
		List<PointcutAdvisor> advisors = this.beanFactory.getBeanProvider(AuthorizationAdvisor.class)
			.stream()
			.filter(PointcutAdvisor.class::isInstance)
			.map(PointcutAdvisor.class::cast)
			.toList();
		List<String> unguarded = new ArrayList<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null && inPackages(ClassUtils.getUserClass(type), packages)) {
				collectUnguarded(ClassUtils.getUserClass(type), advisors, unguarded);
			}
		}
		if (!unguarded.isEmpty()) {
			logger.log(Level.WARNING, "@offlineAuth in @PreAuthorize or @PostAuthorize on {0} has no effect: method "
					+ "security is not enabled, so Spring ignores those annotations and a token in grace is not refused "
					+ "there; add " + this.enablingAnnotation + " to a configuration class", describe(unguarded));
		}
	}

	private static boolean inPackages(Class<?> type, List<String> packages) {
		String name = type.getPackageName();
		return packages.stream().anyMatch((base) -> name.equals(base) || name.startsWith(base + "."));
	}

	private static void collectUnguarded(Class<?> type, List<PointcutAdvisor> advisors, List<String> unguarded) {
		boolean classUsesIt = usesOfflineAuth(type);
		ReflectionUtils.doWithMethods(type, (method) -> {
			if ((classUsesIt || usesOfflineAuth(method)) && !guarded(method, type, advisors)) {
				unguarded.add(type.getSimpleName() + "." + method.getName() + "()");
			}
		}, (method) -> !method.isSynthetic() && method.getDeclaringClass() != Object.class);
	}

	private static boolean usesOfflineAuth(AnnotatedElement element) {
		MergedAnnotations annotations = MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY);
		return uses(annotations.get(PreAuthorize.class)) || uses(annotations.get(PostAuthorize.class));
	}

	private static boolean uses(MergedAnnotation<?> annotation) {
		return annotation.isPresent() && USES_OFFLINE_AUTH.matcher(annotation.getString("value")).find();
	}

	private static boolean guarded(Method method, Class<?> type, List<PointcutAdvisor> advisors) {
		return advisors.stream().anyMatch((advisor) -> AopUtils.canApply(advisor.getPointcut(), type)
				&& advisor.getPointcut().getMethodMatcher().matches(method, type));
	}

	private static String describe(List<String> methods) {
		List<String> named = methods.stream().distinct().limit(MAX_NAMED).toList();
		int more = (int) methods.stream().distinct().count() - named.size();
		return String.join(", ", named) + ((more > 0) ? " and " + more + " more" : "");
	}

}
