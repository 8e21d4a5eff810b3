-- The original design's column names for insights (content, confidence, validated), which its clients and the API
-- use; renaming keeps the constraints, indexes and row-level security policies, which follow the columns. The
-- design's default confidence applies to a row written without one.
alter table insights rename column description to content;
alter table insights rename column confidence_score to confidence;
alter table insights rename column is_validated to validated;
alter table insights alter column confidence set default 0.5;
