-- Freshness monitor, schema version 1, for MySQL 8.0.19 or later and MariaDB 10.5 or later.
-- Creates the tables freshness_monitor_state and freshness_monitor_delivery.
-- Ready to run: the default table prefix freshness_, in the connection's schema.
-- Instants are milliseconds since 1970-01-01T00:00:00Z; every statement is idempotent.

-- The severity last notified per (page, scope); a row only while it is WARNING or CRITICAL.
CREATE TABLE IF NOT EXISTS freshness_monitor_state (
    page_key      VARCHAR(100) NOT NULL,
    scope_key     VARCHAR(200) NOT NULL,
    severity      VARCHAR(8) NOT NULL,
    changed_at_ms BIGINT NOT NULL,
    PRIMARY KEY (page_key, scope_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The outbox: each change waiting for a channel, until the channel took it.
CREATE TABLE IF NOT EXISTS freshness_monitor_delivery (
    id                BIGINT NOT NULL AUTO_INCREMENT,
    channel           VARCHAR(100) NOT NULL,
    page_key          VARCHAR(100) NOT NULL,
    scope_key         VARCHAR(200) NOT NULL,
    previous_severity VARCHAR(8) NOT NULL,
    severity          VARCHAR(8) NOT NULL,
    sentence          VARCHAR(4000) NOT NULL,
    changed_at_ms     BIGINT NOT NULL,
    attempts          INT NOT NULL DEFAULT 0,
    next_attempt_ms   BIGINT NOT NULL,
    claim_token       VARCHAR(36) NULL,
    claimed_until_ms  BIGINT NULL,
    PRIMARY KEY (id),
    -- A channel's due deliveries, oldest first.
    KEY freshness_monitor_delivery_due (channel, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
