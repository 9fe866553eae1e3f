-- The CRM funnel and metrics read the stage history of every opportunity
-- in scope, in order. This index holds every column they read, so neither
-- the dashboard's funnel (the furthest stage per opportunity, aggregated in
-- the database) nor the metrics' walk through the history reads the table.
CREATE INDEX crm_stage_history_walk ON crm_stage_history (opportunity_id, at, id, to_stage);
-- It starts with the columns of the index it replaces.
DROP INDEX crm_stage_history_opportunity;
