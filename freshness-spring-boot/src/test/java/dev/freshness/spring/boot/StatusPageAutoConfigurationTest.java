package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.inmemory.InMemoryFreshnessStore;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.statuspage.StatusPageHandler;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of {@link FreshnessStatusPageAutoConfiguration}, in web and non-web application contexts. */
class StatusPageAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                    FreshnessStatusPageAutoConfiguration.class))
            .withBean("testStore", FreshnessStore.class, InMemoryFreshnessStore::new)
            .withPropertyValues("freshness.catalog.datasets.ad_classifications.title=Ad classifications",
                    "freshness.catalog.pages.hook_analysis.title=Hook analysis",
                    "freshness.catalog.pages.hook_analysis.needs.ad_classifications.warn-after=48h");

    private final WebApplicationContextRunner enabled = web.withPropertyValues("freshness.status-page.enabled=true");

    @Test
    void isOffByDefault() {
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StatusPageHandler.class)
                .doesNotHaveBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN));
    }

    @Test
    void whenEnabledIsServedAtTheDefaultPathOnTheApplicationsInstance() {
        enabled.run(context -> {
            assertThat(context).hasNotFailed();
            StatusPageHandler handler = context.getBean(StatusPageHandler.class);
            assertThat(handler.path()).isEqualTo(StatusPageHandler.DEFAULT_PATH);
            assertThat(handler.title()).isEqualTo(StatusPageHandler.DEFAULT_TITLE);
            assertThat(handler.pageSize()).isEqualTo(StatusPageHandler.DEFAULT_PAGE_SIZE);
            assertThat(handler.freshness()).isSameAs(context.getBean(DatasetFreshness.class));
            assertThat(registration(context.getBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN)).getUrlMappings())
                    .containsExactly("/freshness", "/freshness/*");
        });
    }

    @Test
    void theServletAnswersWithTheHandlersStatusHeadersAndBody() {
        enabled.withPropertyValues("freshness.status-page.path=/ops/freshness", "freshness.status-page.title=Acme data",
                "freshness.status-page.page-size=10").run(context -> {
            StatusPageHandler handler = context.getBean(StatusPageHandler.class);
            assertThat(handler.path()).isEqualTo("/ops/freshness");
            assertThat(handler.title()).isEqualTo("Acme data");
            assertThat(handler.pageSize()).isEqualTo(10);
            HttpServlet servlet = registration(context.getBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN)).getServlet();
            assertThat(registration(context.getBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN)).getUrlMappings())
                    .containsExactly("/ops/freshness", "/ops/freshness/*");

            MockHttpServletResponse html = serve(servlet, "GET", "/ops/freshness", null, null);
            assertThat(html.getStatus()).isEqualTo(200);
            assertThat(html.getContentType()).startsWith("text/html");
            assertThat(html.getHeader("Content-Security-Policy")).contains("default-src 'none'");
            assertThat(html.getContentAsString(StandardCharsets.UTF_8)).contains("Acme data", "Hook analysis");

            MockHttpServletResponse json = serve(servlet, "GET", "/ops/freshness", "/status.json", "tenant=acme");
            assertThat(json.getStatus()).isEqualTo(200);
            assertThat(json.getContentType()).startsWith("application/json");
            assertThat(json.getContentAsString(StandardCharsets.UTF_8)).contains("\"tenant\"", "acme");

            MockHttpServletResponse head = serve(servlet, "HEAD", "/ops/freshness", null, null);
            assertThat(head.getStatus()).isEqualTo(200);
            assertThat(head.getContentType()).startsWith("text/html");
            assertThat(head.getContentAsByteArray()).isEmpty();

            assertThat(serve(servlet, "GET", "/ops/freshness", "/other", null).getStatus()).isEqualTo(404);
            MockHttpServletResponse post = serve(servlet, "POST", "/ops/freshness", null, null);
            assertThat(post.getStatus()).isEqualTo(405);
            assertThat(post.getHeader("Allow")).isEqualTo("GET, HEAD");
        });
    }

    @Test
    void isLeftOutOfANonWebApplicationAndWithoutTheModule() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FreshnessAutoConfiguration.class,
                        FreshnessStatusPageAutoConfiguration.class))
                .withBean("testStore", FreshnessStore.class, InMemoryFreshnessStore::new)
                .withPropertyValues("freshness.status-page.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                        .doesNotHaveBean(StatusPageHandler.class));
        enabled.withClassLoader(new FilteredClassLoader(StatusPageHandler.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(DatasetFreshness.class)
                        .doesNotHaveBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN));
        enabled.withPropertyValues("freshness.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(StatusPageHandler.class));
    }

    @Test
    void theApplicationsOwnHandlerIsServedAtItsPath() {
        enabled.withBean("ownPage", StatusPageHandler.class,
                        () -> StatusPageHandler.builder(new InMemoryFreshnessStore(), dev.freshness.catalog.Catalog.builder().build())
                                .path("/admin/data").build())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(StatusPageHandler.class);
                    assertThat(context.getBean(StatusPageHandler.class).path()).isEqualTo("/admin/data");
                    assertThat(registration(context.getBean(FreshnessStatusPageAutoConfiguration.SERVLET_BEAN)).getUrlMappings())
                            .containsExactly("/admin/data", "/admin/data/*");
                });
    }

    @Test
    void aBadPropertyStopsTheStartNamingIt() {
        enabled.withPropertyValues("freshness.status-page.path=freshness").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.status-page.path")
                    .hasStackTraceContaining("was 'freshness'");
        });
        enabled.withPropertyValues("freshness.status-page.path=/").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.status-page.path")
                        .hasStackTraceContaining("every URL of the application"));
        enabled.withPropertyValues("freshness.status-page.page-size=0").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.status-page.page-size")
                        .hasStackTraceContaining("pageSize must be 1 to 1000, was 0"));
        enabled.withPropertyValues("freshness.status-page.titel=Typo").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining("freshness.status-page.titel"));
    }

    @SuppressWarnings("unchecked")
    private static ServletRegistrationBean<HttpServlet> registration(Object bean) {
        return (ServletRegistrationBean<HttpServlet>) bean;
    }

    private static MockHttpServletResponse serve(HttpServlet servlet, String method, String servletPath, String pathInfo,
                                                 String query) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, servletPath + (pathInfo == null ? "" : pathInfo));
        request.setServletPath(servletPath);
        request.setPathInfo(pathInfo);
        request.setQueryString(query);
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        return response;
    }
}
