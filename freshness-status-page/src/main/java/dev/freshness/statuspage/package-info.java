/**
 * A status page to mount in an application: {@link dev.freshness.statuspage.StatusPageHandler} serves it on a
 * JDK {@code HttpServer}, and {@link dev.freshness.statuspage.StatusPageHandler#respond} answers one request for
 * any other server (a servlet, a Spring MVC controller).
 */
package dev.freshness.statuspage;
