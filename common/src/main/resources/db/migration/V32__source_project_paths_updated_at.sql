-- Every table with updated_at keeps it true with the shared trigger (MigrationTest checks it); V31 lacked it.
create trigger source_project_paths_updated_at before update on source_project_paths
    for each row execute function set_updated_at();
