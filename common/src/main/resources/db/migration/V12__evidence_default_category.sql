-- The original design's evidence.category: never empty, 'general' unless something more specific is known. A
-- trigger rather than only a column default, because the one write path (EvidenceWriter) always names the column and
-- a caller may clear the category (PATCH with null): either way the row, and the event built from the row it
-- returns, say 'general'.
create function evidence_default_category() returns trigger
    language plpgsql
as $$
begin
    new.category := coalesce(new.category, 'general');
    return new;
end
$$;

create trigger evidence_default_category before insert or update on evidence
    for each row execute function evidence_default_category();

update evidence set category = 'general' where category is null;
alter table evidence alter column category set default 'general';
alter table evidence alter column category set not null;
