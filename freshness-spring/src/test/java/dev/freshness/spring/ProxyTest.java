package dev.freshness.spring;

import dev.freshness.DatasetFreshness;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/** Which proxy a tracked bean gets, and where the annotation may be declared. */
class ProxyTest {

    /** A job behind an interface that declares the annotation. */
    public interface Refresher {
        @RefreshesDataset(value = "scorecard", scope = "#tenant")
        String refresh(String tenant);
    }

    public static class DefaultRefresher implements Refresher {
        @Override
        public String refresh(String tenant) {
            return "refreshed " + tenant;
        }
    }

    /** An application's own annotation, meta-annotated: the datasets said once. */
    @Retention(RetentionPolicy.RUNTIME)
    @RefreshesDataset(value = {"ad_assets", "ad_thumbnails"}, job = "asset_sync")
    public @interface RefreshesAssets {
    }

    public static class AssetJobs {
        @RefreshesAssets
        public void sync() {
        }
    }

    @Configuration
    @EnableFreshnessTracking
    static class InterfaceProxies {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }

        @Bean
        Refresher refresher() {
            return new DefaultRefresher();
        }

        @Bean
        AssetJobs assetJobs() {
            return new AssetJobs();
        }
    }

    @Configuration
    @EnableFreshnessTracking(proxyTargetClass = true)
    static class ClassProxies {
        static final RecordedEvents EVENTS = new RecordedEvents();

        @Bean(destroyMethod = "close")
        DatasetFreshness freshness() {
            return EVENTS.freshness();
        }

        @Bean
        Refresher refresher() {
            return new DefaultRefresher();
        }
    }

    @Test
    void aBeanWithInterfacesGetsAnInterfaceProxyByDefaultAndTheInterfacesAnnotationCounts() {
        try (var context = new AnnotationConfigApplicationContext(InterfaceProxies.class)) {
            Refresher refresher = context.getBean(Refresher.class);

            assertThat(AopUtils.isJdkDynamicProxy(refresher)).isTrue();
            assertThat(refresher.refresh("brand-1")).isEqualTo("refreshed brand-1");
            assertThat(InterfaceProxies.EVENTS.take()).containsExactly("brand-1 scorecard run1 STARTED job=null",
                    "brand-1 scorecard run1 SUCCEEDED records=0");
        }
    }

    @Test
    void proxyTargetClassGivesAClassProxyInjectableByItsClass() {
        try (var context = new AnnotationConfigApplicationContext(ClassProxies.class)) {
            DefaultRefresher refresher = context.getBean(DefaultRefresher.class);

            assertThat(AopUtils.isCglibProxy(refresher)).isTrue();
            refresher.refresh("brand-2");
            assertThat(ClassProxies.EVENTS.take()).containsExactly("brand-2 scorecard run1 STARTED job=null",
                    "brand-2 scorecard run1 SUCCEEDED records=0");
        }
    }

    @Test
    void anAnnotationMetaAnnotatedWithRefreshesDatasetTracksLikeIt() {
        try (var context = new AnnotationConfigApplicationContext(InterfaceProxies.class)) {
            context.getBean(AssetJobs.class).sync();

            assertThat(InterfaceProxies.EVENTS.take()).containsExactly(
                    "* ad_assets run1 STARTED job=asset_sync", "* ad_thumbnails run1 STARTED job=asset_sync",
                    "* ad_thumbnails run1 SUCCEEDED records=0", "* ad_assets run1 SUCCEEDED records=0");
        }
    }
}
