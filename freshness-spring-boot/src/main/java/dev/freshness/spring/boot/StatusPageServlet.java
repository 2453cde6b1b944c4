package dev.freshness.spring.boot;

import dev.freshness.statuspage.StatusPageHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.Serial;

/** Hands each request to the status page's {@link StatusPageHandler#respond} and copies its response back. */
final class StatusPageServlet extends HttpServlet {

    @Serial
    private static final long serialVersionUID = 1L;

    // Servlets are never serialised by the embedded containers; the handler is rebuilt with the context.
    private final transient StatusPageHandler handler;

    StatusPageServlet(StatusPageHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestPath = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        StatusPageHandler.Response answer = handler.respond(request.getMethod(), request.getContextPath() + requestPath,
                request.getQueryString());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        byte[] body = answer.body();
        response.setContentLength(body.length);
        if (!"HEAD".equalsIgnoreCase(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }
}
