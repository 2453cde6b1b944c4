package dev.freshness.monitor;


import java.util.List;

/** The JSON bodies the webhook and Slack notifiers post; written by hand, the JDK has no JSON writer. */
final class Json {

    private Json() {
    }

    /** The webhook body of {@code delivery}, as the README documents it. */
    static String webhookBody(Delivery delivery) {
        StringBuilder json = new StringBuilder(256 * delivery.changes().size());
        json.append("{\"type\":").append(string(delivery.digest() ? "digest" : "change"))
                .append(",\"id\":").append(string(delivery.id()))
                .append(",\"count\":").append(delivery.changes().size())
                .append(",\"changes\":[");
        List<Change> changes = delivery.changes();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"kind\":").append(string(change.kind().name()))
                    .append(",\"page\":").append(string(change.pageKey()))
                    .append(",\"scope\":").append(change.scope().tenantId().map(Json::string).orElse("null"))
                    .append(",\"global\":").append(change.scope().isGlobal())
                    .append(",\"previousSeverity\":").append(string(change.previous().name()))
                    .append(",\"severity\":").append(string(change.current().name()))
                    .append(",\"sentence\":").append(string(change.sentence()))
                    .append(",\"at\":").append(string(change.at().toString()))
                    .append('}');
        }
        return json.append("]}").toString();
    }

    /** A JSON object with one string member. */
    static String object(String name, String value) {
        return "{" + string(name) + ":" + string(value) + "}";
    }

    /** {@code value} as a JSON string, quoted and escaped. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
