package dev.freshness.spring.boot;

import dev.freshness.DatasetFreshness;
import dev.freshness.statuspage.StatusPageHandler;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import static dev.freshness.spring.boot.FreshnessAutoConfiguration.property;

/**
 * The status page of {@code freshness-status-page} in a servlet web application, when
 * {@code freshness.status-page.enabled=true}: a {@link StatusPageHandler} on the application's
 * {@link DatasetFreshness}, served by a servlet at {@code freshness.status-page.path} (and its JSON at
 * {@code path/status.json}). The page has no login of its own: the application's security (Spring Security's
 * filter chain, say) guards it as any other URL. An application's own {@link StatusPageHandler} bean wins, served
 * at its own path (which includes the context path); so does its own bean named {@value #SERVLET_BEAN}.
 */
@AutoConfiguration(after = FreshnessAutoConfiguration.class)
@ConditionalOnClass({StatusPageHandler.class, HttpServlet.class, ServletRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(name = FreshnessProperties.PREFIX + ".status-page.enabled", havingValue = "true")
@EnableConfigurationProperties(FreshnessProperties.class)
// The bean methods carry the optional modules' types; users never call them.
@SuppressWarnings("exports")
public class FreshnessStatusPageAutoConfiguration {

    /** The name of the servlet's registration bean. */
    public static final String SERVLET_BEAN = "freshnessStatusPageServlet";

    /** Creates the auto-configuration; Spring Boot does. */
    public FreshnessStatusPageAutoConfiguration() {
    }

    /** The page, at the configured path under the servlet context path, unless the application has one. */
    @Bean
    @ConditionalOnMissingBean
    StatusPageHandler freshnessStatusPageHandler(DatasetFreshness freshness, FreshnessProperties properties,
                                                 ServletContext servletContext) {
        FreshnessProperties.StatusPage page = properties.getStatusPage();
        if ("/".equals(page.getPath())) {
            throw new InvalidConfigurationPropertyValueException(FreshnessProperties.PREFIX + ".status-page.path",
                    page.getPath(), "the status page would take every URL of the application; give it a path of its"
                    + " own, such as " + StatusPageHandler.DEFAULT_PATH);
        }
        StatusPageHandler.Builder builder = StatusPageHandler.builder(freshness);
        // The page's links are absolute, so the handler's path includes the context path.
        String contextPath = servletContext.getContextPath();
        property("status-page.path", page.getPath(), () -> builder.path(contextPath + page.getPath()));
        property("status-page.title", page.getTitle(), () -> builder.title(page.getTitle()));
        property("status-page.page-size", page.getPageSize(), () -> builder.pageSize(page.getPageSize()));
        return builder.build();
    }

    /** The servlet serving {@code handler} at its path and below, unless the application registers its own. */
    @Bean(SERVLET_BEAN)
    @ConditionalOnMissingBean(name = SERVLET_BEAN)
    ServletRegistrationBean<HttpServlet> freshnessStatusPageServlet(StatusPageHandler handler, ServletContext servletContext) {
        String contextPath = servletContext.getContextPath();
        if (!handler.path().startsWith(contextPath + "/") || handler.path().equals(contextPath + "/")) {
            throw new IllegalStateException("the status page's path " + handler.path() + " is not a path of its own under"
                    + " the servlet context path '" + contextPath + "': build the StatusPageHandler bean with the"
                    + " context path and a path after it, such as " + contextPath + StatusPageHandler.DEFAULT_PATH);
        }
        String mapping = handler.path().substring(contextPath.length());
        ServletRegistrationBean<HttpServlet> registration =
                new ServletRegistrationBean<>(new StatusPageServlet(handler), mapping, mapping + "/*");
        registration.setName("freshnessStatusPage");
        return registration;
    }
}
