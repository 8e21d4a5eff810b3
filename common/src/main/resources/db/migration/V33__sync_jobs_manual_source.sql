-- The original design's value set for sync_jobs.source includes 'manual' (a run started for hand-entered data, e.g. an
-- import); the API reports it as such. Connections still exist only for gitlab and jira.
alter table sync_jobs drop constraint sync_jobs_source_check;
alter table sync_jobs add constraint sync_jobs_source_check check (source in ('gitlab', 'jira', 'manual'));
