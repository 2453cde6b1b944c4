-- An application's own first migration, beside which the Freshness migrations run.
CREATE TABLE app_orders (id INTEGER PRIMARY KEY);
