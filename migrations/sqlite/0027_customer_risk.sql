-- Customer metrics and the at-risk score (issue 16). Keep in step with
-- migrations/postgres/0027_customer_risk.sql.

-- The score a customer must reach to be "at risk" (a post-sale setting).
ALTER TABLE post_sale_settings ADD COLUMN at_risk_threshold INTEGER NOT NULL DEFAULT 50;

-- Each customer's last computed score, the signals behind it (JSON) and
-- since when they are at risk: a crossing (not at risk → at risk) raises
-- one alert; clearing resets `since`.
CREATE TABLE customer_risk (
    customer_id BLOB PRIMARY KEY REFERENCES customers (id),
    score       INTEGER NOT NULL,
    at_risk     INTEGER NOT NULL,
    reasons     TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    since       TEXT
);
CREATE INDEX customer_risk_at_risk ON customer_risk (at_risk, score);

INSERT INTO daily_jobs (name, due_at) VALUES ('customer_risk', '1970-01-01T00:00:00.000000+00:00');
