-- Customer metrics and the at-risk score (issue 16). Keep in step with
-- migrations/sqlite/0027_customer_risk.sql.

-- The score a customer must reach to be "at risk" (a post-sale setting).
ALTER TABLE post_sale_settings ADD COLUMN at_risk_threshold BIGINT NOT NULL DEFAULT 50;

-- Each customer's last computed score, the signals behind it (JSON) and
-- since when they are at risk: a crossing (not at risk → at risk) raises
-- one alert; clearing resets `since`.
CREATE TABLE customer_risk (
    customer_id UUID PRIMARY KEY REFERENCES customers (id),
    score       BIGINT NOT NULL,
    at_risk     BOOLEAN NOT NULL,
    reasons     TEXT NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    since       TIMESTAMPTZ
);
CREATE INDEX customer_risk_at_risk ON customer_risk (at_risk, score);

INSERT INTO daily_jobs (name, due_at) VALUES ('customer_risk', '1970-01-01T00:00:00Z');
