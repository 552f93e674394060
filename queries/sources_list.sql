-- sources_list
-- Every source document, with the number of rows of the data that cite it.
-- returns: source_id, title, publisher, document_kind, published_date, published_precision, url, language,
--   seed_file, note_en, note_nl, note_fr, cited_rows

with

citations as (
    select source_id from models
    union all
    select source_id from police_zones
    union all
    select source_id from population
    union all
    select source_id from measures
    union all
    select source_id from capacity
    union all
    select source_id from enforcement
    union all
    select source_id from budgets
),

cited as (
    select source_id, count(*) as cited_rows
    from citations
    where source_id is not null
    group by source_id
),

final as (
    select
        sources.source_id,
        sources.title,
        sources.publisher,
        sources.document_kind,
        sources.published_date,
        sources.published_precision,
        sources.url,
        sources.language,
        sources.seed_file,
        sources.note_en,
        sources.note_nl,
        sources.note_fr,
        coalesce(cited.cited_rows, 0) as cited_rows
    from sources
    left join cited on sources.source_id = cited.source_id
)

select * from final
order by published_date nulls last, source_id
