-- population_counts
-- The population counts recorded for the given cities, each city's newest first, each with its source and
-- quote. The first row of a city is its latest count (the overview's card of inhabitants).
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: population_id, city_id, reference_date, date_precision, inhabitants, value_qualifier,
--   statement_kind, includes_en, includes_nl, includes_fr, note_en, note_nl, note_fr, source_id, source_title,
--   quote, quote_en, quote_nl, quote_fr

with

city_rows as (
    select * from population
    where list_contains($cities, city_id)
),

final as (
    select
        city_rows.population_id,
        city_rows.city_id,
        city_rows.reference_date,
        city_rows.date_precision,
        city_rows.inhabitants,
        city_rows.value_qualifier,
        city_rows.statement_kind,
        city_rows.includes_en,
        city_rows.includes_nl,
        city_rows.includes_fr,
        city_rows.note_en,
        city_rows.note_nl,
        city_rows.note_fr,
        city_rows.source_id,
        sources.title as source_title,
        city_rows.quote,
        city_rows.quote_en,
        city_rows.quote_nl,
        city_rows.quote_fr
    from city_rows
    inner join sources on city_rows.source_id = sources.source_id
)

select * from final
order by city_id asc, reference_date desc, population_id asc
