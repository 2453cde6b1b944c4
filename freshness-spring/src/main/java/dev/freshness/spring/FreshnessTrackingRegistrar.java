package dev.freshness.spring;

import dev.freshness.spring.internal.FreshnessTrackingPostProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

import java.util.Map;

/**
 * Registers the {@link FreshnessTrackingPostProcessor} that {@link EnableFreshnessTracking} asks for, telling it
 * which annotation to look for: the internal package never names the public one, so no cycle joins them.
 */
final class FreshnessTrackingRegistrar implements ImportBeanDefinitionRegistrar {

    /** The bean name of the post-processor: a second {@code @EnableFreshnessTracking} registers nothing more. */
    static final String POST_PROCESSOR_BEAN_NAME = "dev.freshness.spring.internal.freshnessTrackingPostProcessor";

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        if (registry.containsBeanDefinition(POST_PROCESSOR_BEAN_NAME)) {
            return;
        }
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableFreshnessTracking.class.getName());
        RootBeanDefinition definition = new RootBeanDefinition(FreshnessTrackingPostProcessor.class);
        definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, RefreshesDataset.class);
        definition.getPropertyValues().add("proxyTargetClass",
                attributes != null && Boolean.TRUE.equals(attributes.get("proxyTargetClass")));
        registry.registerBeanDefinition(POST_PROCESSOR_BEAN_NAME, definition);
    }
}
