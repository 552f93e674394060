-- sources_list
-- The source documents with the number of rows of the data that cite them: every source, or, for the given
-- cities, the sources behind their rows (own model, police zones, population, measures, budgets, capacity,
-- enforcement) with the number of those rows.
-- params:
--   $cities  VARCHAR[]  city ids; null for every source
-- returns: source_id, title, publisher, document_kind, published_date, published_precision, url, language,
--   seed_file, note_en, note_nl, note_fr, cited_rows

with

citations as (
    select models.source_id, cities.city_id, 'models ' || models.model_id as row_key
    from models
    left join cities on models.model_id = cities.own_model_id
    union all
    select source_id, city_id, 'police_zones ' || city_id || ' ' || zone_number as row_key from police_zones
    union all
    select source_id, city_id, 'population ' || population_id as row_key from population
    union all
    select source_id, city_id, 'measures ' || measure_id as row_key from measures
    union all
    select source_id, city_id, 'capacity ' || capacity_id as row_key from capacity
    union all
    select source_id, city_id, 'enforcement ' || enforcement_id as row_key from enforcement
    union all
    select source_id, city_id, 'budgets ' || budget_id as row_key from budgets
),

cited as (
    select source_id, count(distinct row_key) as cited_rows
    from citations
    where source_id is not null and ($cities is null or list_contains($cities, city_id))
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
where $cities is null or cited_rows > 0
order by published_date nulls last, source_id
