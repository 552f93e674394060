-- city_sources
-- Every source behind one city's rows (model, police zones, population, measures, budgets, capacity,
-- enforcement), with how many of the city's rows cite it.
-- params:
--   $city  VARCHAR  city id
-- returns: source_id, title, publisher, document_kind, published_date, published_precision, url, language,
--   row_count

with

city as (
    select own_model_id from cities
    where city_id = $city
),

model_source as (
    select models.source_id
    from city
    inner join models on city.own_model_id = models.model_id
    where models.source_id is not null
),

cited as (
    select source_id from model_source
    union all
    select source_id from police_zones
    where city_id = $city
    union all
    select source_id from population
    where city_id = $city
    union all
    select source_id from measures
    where city_id = $city
    union all
    select source_id from budgets
    where city_id = $city
    union all
    select source_id from capacity
    where city_id = $city
    union all
    select source_id from enforcement
    where city_id = $city
),

counted as (
    select source_id, count(*) as row_count
    from cited
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
        counted.row_count
    from counted
    inner join sources on counted.source_id = sources.source_id
)

select * from final
order by published_date nulls last, source_id
