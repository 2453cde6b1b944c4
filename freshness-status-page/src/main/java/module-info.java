/**
 * The Freshness status page: every page's scopes worst first, each dataset's verdict and recent runs, and the
 * catalog, as HTML and JSON, served by {@link dev.freshness.statuspage.StatusPageHandler}, a JDK
 * {@code HttpHandler}. No web framework. Only {@code dev.freshness.statuspage} is exported.
 */
module dev.freshness.statuspage {
    requires transitive dev.freshness.api;
    // The handler is a com.sun.net.httpserver.HttpHandler.
    requires transitive jdk.httpserver;
    requires org.slf4j;

    exports dev.freshness.statuspage;
}
