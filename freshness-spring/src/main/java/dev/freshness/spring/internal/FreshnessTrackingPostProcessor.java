package dev.freshness.spring.internal;

import dev.freshness.DatasetFreshness;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.function.SingletonSupplier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;

/**
 * Wraps each bean with {@code @RefreshesDataset} methods in a proxy that tracks them, after checking every such
 * method's annotation when the bean is created. Once every singleton exists, checks the datasets and job names
 * against the {@link DatasetFreshness} bean, so that a context with a bad annotation fails to start.
 */
public final class FreshnessTrackingPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
        implements SmartInitializingSingleton {

    private final Class<? extends Annotation> annotationType;
    private final TrackedMethods methods;
    private BeanFactory beanFactory;
    private SingletonSupplier<DatasetFreshness> freshness;

    /** Tracks the methods that carry {@code annotationType}: {@code RefreshesDataset}, named by its registrar. */
    public FreshnessTrackingPostProcessor(Class<? extends Annotation> annotationType) {
        this.annotationType = Objects.requireNonNull(annotationType, "annotationType must not be null");
        this.methods = new TrackedMethods(annotationType);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        this.beanFactory = beanFactory;
        this.freshness = SingletonSupplier.of(this::lookUpFreshness);
        TrackingInterceptor interceptor = new TrackingInterceptor(methods, freshness, new BeanFactoryResolver(beanFactory));
        this.advisor = new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, annotationType, true),
                interceptor);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (!AnnotationUtils.isCandidateClass(targetClass, annotationType)) {
            return super.postProcessAfterInitialization(bean, beanName);
        }
        Map<Method, AnnotationAttributes> annotated = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<AnnotationAttributes>) method ->
                        AnnotatedElementUtils.findMergedAnnotationAttributes(method, annotationType, false, false));
        annotated.forEach((method, attributes) -> methods.register(method, targetClass, attributes));
        return super.postProcessAfterInitialization(bean, beanName);
    }

    @Override
    public void afterSingletonsInstantiated() {
        methods.checkAgainst(freshness.obtain());
    }

    private DatasetFreshness lookUpFreshness() {
        try {
            return beanFactory.getBean(DatasetFreshness.class);
        } catch (NoUniqueBeanDefinitionException e) {
            throw new IllegalStateException("@EnableFreshnessTracking needs one DatasetFreshness bean, but the context"
                    + " has " + e.getNumberOfBeansFound() + ": " + e.getBeanNamesFound()
                    + "; mark the one to track with @Primary", e);
        } catch (NoSuchBeanDefinitionException e) {
            throw new IllegalStateException("@EnableFreshnessTracking needs a DatasetFreshness bean, and the context"
                    + " has none: define one, e.g. DatasetFreshness.using(store, catalog).build()", e);
        }
    }
}
