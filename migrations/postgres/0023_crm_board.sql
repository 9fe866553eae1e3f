-- The pipeline board shows the newest cards of each stage
-- (`ORDER BY updated_at DESC, id DESC LIMIT n` within one stage). Without
-- this index a stage with few opportunities made the query walk the whole
-- table through `crm_opportunities_page`; with it each column is one range
-- read (crmbench, 100,000 opportunities).
CREATE INDEX crm_opportunities_stage_page ON crm_opportunities (stage, updated_at, id);
