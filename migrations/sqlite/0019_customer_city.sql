-- Issue 14 (CRM): the customer's city, for the directory's advanced search
-- and its exports. `city_key` is the lower-cased city (lowered in Rust, so
-- accented letters match on both backends), searched by equality.
-- Same shape as migrations/postgres/0019_customer_city.sql.

ALTER TABLE customers ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN city_key TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_city ON customers (city_key, sort_name, id);
