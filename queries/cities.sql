-- cities
-- Every city with its names, level, region and own model (has_own_model false: none of its own, shown on the
-- five pillars), and what its record rests on: its drug-specific measures, the distinct sources they come from,
-- the year of the latest of those sources, and its general-security measures counted apart.
-- returns: city_id, name_nl, name_fr, name_en, level, region, own_model_id, has_own_model, note_en, note_nl,
--   note_fr, measure_count, source_count, latest_source_year, other_measure_count

with

record as (
    select
        measures.city_id,
        count(*) filter (where measures.drug_specific) as measure_count,
        count(distinct measures.source_id) filter (where measures.drug_specific) as source_count,
        max(year(sources.published_date)) filter (where measures.drug_specific) as latest_source_year,
        count(*) filter (where not measures.drug_specific) as other_measure_count
    from measures
    inner join sources on measures.source_id = sources.source_id
    group by measures.city_id
)

select
    cities.city_id,
    cities.name_nl,
    cities.name_fr,
    cities.name_en,
    cities.level,
    cities.region,
    cities.own_model_id,
    cities.has_own_model,
    cities.note_en,
    cities.note_nl,
    cities.note_fr,
    coalesce(record.measure_count, 0) as measure_count,
    coalesce(record.source_count, 0) as source_count,
    record.latest_source_year,
    coalesce(record.other_measure_count, 0) as other_measure_count
from cities
left join record on cities.city_id = record.city_id
order by cities.city_id
