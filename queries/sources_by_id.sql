-- sources_by_id
-- The sources with the given ids, for captions and footers.
-- params:
--   $source_ids  VARCHAR[]  source ids
-- returns: source_id, title, publisher, document_kind, published_date, published_precision, url, language

select source_id, title, publisher, document_kind, published_date, published_precision, url, language
from sources
where list_contains($source_ids, source_id)
order by published_date nulls last, source_id
