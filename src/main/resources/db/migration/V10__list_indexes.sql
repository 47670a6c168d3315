-- Indexes in the order the lists are read (newest first, ties by id), so the first page of a list
-- of 100,000 errors or 10,000 deployments is an index range read instead of a sort of every row.
-- PostgreSQL uses the (project, …) ones by itself. H2 only avoids a sort with an index whose
-- leading columns are the ORDER BY columns, and only when told to (USE INDEX in the store's and
-- the server's list queries): the (last_seen, id) and (started_at, id) ones are for it.
-- Plain CREATE INDEX with DESC columns: the same SQL on H2 2.x and PostgreSQL.
CREATE INDEX deployment_errors_project_seen_id ON deployment_errors (project, last_seen DESC, id DESC);
CREATE INDEX deployment_errors_seen_id ON deployment_errors (last_seen DESC, id DESC);
CREATE INDEX deployment_errors_project_status ON deployment_errors (project, status, severity);
CREATE INDEX deployments_project_started_id ON deployments (project, started_at DESC, id DESC);
CREATE INDEX deployments_started_id ON deployments (started_at DESC, id DESC);
