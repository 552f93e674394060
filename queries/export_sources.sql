-- export_sources
-- Every source, for exports that list each row's source.
-- returns: source_id, title, publisher, document_kind, published_date, published_precision, url, language

select source_id, title, publisher, document_kind, published_date, published_precision, url, language
from sources
order by source_id
