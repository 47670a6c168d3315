-- Indexes in the order the lists are read (newest first, ties by id), so the first page of a list
-- of 100,000 errors or 10,000 deployments is an index range read instead of a sort of every row.
-- Plain CREATE INDEX with DESC columns: the same SQL on H2 2.x and PostgreSQL.
CREATE INDEX deployment_errors_project_seen_id ON deployment_errors (project, last_seen DESC, id DESC);
CREATE INDEX deployment_errors_project_status ON deployment_errors (project, status, severity);
CREATE INDEX deployments_project_started_id ON deployments (project, started_at DESC, id DESC);
