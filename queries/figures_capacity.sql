-- figures_capacity
-- Personnel and care capacity of the given cities: every figure with its indicator; whether it is the latest
-- of its kind; for the latest actual figure, the latest requirement or target and the gap to it; and the figure
-- per 100,000 inhabitants, using the population row nearest in date. per_capita_basis says whether a figure
-- can be divided by the city's population: 'divided'; 'share' (a percentage, never divided); 'wider_service'
-- (a federal service, or a regional one shown under a municipality, serves more than the city); 'not_city_zone'
-- (a police zone figure where the city does not have exactly one zone, e.g. one of Brussels' six). Divided
-- figures without a known population get a null value_per_100k ("no data", never zero); per_capita_qualifier
-- is the qualifier the division gives (a figure divided by "more than 261,000" inhabitants is "less than").
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: capacity_id, city_id, indicator_id, name_nl, name_fr, name_en, unit, caveat_nl, caveat_fr, caveat_en,
--   value_kind, value, value_qualifier, reference_date, date_precision, government_level, source_id, source_title,
--   statement_kind, quote, quote_en, quote_nl, quote_fr, includes_en, includes_nl, includes_fr, excludes_en,
--   excludes_nl, excludes_fr, note_en, note_nl, note_fr, figure_caveat_nl, figure_caveat_fr, figure_caveat_en,
--   date_count, is_latest, per_capita_basis, reference_value, reference_kind, reference_qualifier, gap,
--   population_id, inhabitants, population_date, population_precision, population_qualifier,
--   population_includes_en, population_includes_nl, population_includes_fr, population_source_id,
--   population_source_title, population_zone_number, population_days_apart, per_capita_qualifier, value_per_100k

with

in_scope as (
    select * from capacity
    where list_contains($cities, city_id)
),

zone_counts as (
    select
        cities.city_id,
        cities.level,
        count(police_zones.zone_number) as zone_count
    from cities
    left join police_zones on cities.city_id = police_zones.city_id
    group by cities.city_id, cities.level
),

figures as (
    select
        capacity.capacity_id,
        capacity.city_id,
        capacity.indicator_id,
        indicators.name_nl,
        indicators.name_fr,
        indicators.name_en,
        indicators.unit,
        indicators.caveat_nl,
        indicators.caveat_fr,
        indicators.caveat_en,
        capacity.value_kind,
        capacity.value,
        capacity.value_qualifier,
        capacity.reference_date,
        capacity.date_precision,
        capacity.government_level,
        capacity.source_id,
        sources.title as source_title,
        capacity.statement_kind,
        capacity.quote,
        capacity.quote_en,
        capacity.quote_nl,
        capacity.quote_fr,
        capacity.includes_en,
        capacity.includes_nl,
        capacity.includes_fr,
        capacity.excludes_en,
        capacity.excludes_nl,
        capacity.excludes_fr,
        capacity.note_en,
        capacity.note_nl,
        capacity.note_fr,
        capacity.caveat_nl as figure_caveat_nl,
        capacity.caveat_fr as figure_caveat_fr,
        capacity.caveat_en as figure_caveat_en,
        count(distinct capacity.reference_date) over (
            partition by capacity.city_id, capacity.indicator_id
        ) as date_count,
        row_number() over (
            partition by capacity.city_id, capacity.indicator_id, capacity.value_kind
            order by capacity.reference_date desc, capacity.capacity_id asc
        ) = 1 as is_latest,
        case
            when indicators.unit = 'percent' then 'share'
            when capacity.government_level = 'federal' then 'wider_service'
            when capacity.government_level = 'regional' and zone_counts.level != 'region' then 'wider_service'
            when capacity.government_level = 'police_zone' and zone_counts.zone_count != 1 then 'not_city_zone'
            else 'divided'
        end as per_capita_basis
    from in_scope as capacity
    inner join indicators on capacity.indicator_id = indicators.indicator_id
    inner join sources on capacity.source_id = sources.source_id
    inner join zone_counts on capacity.city_id = zone_counts.city_id
),

latest_reference as (
    select
        city_id,
        indicator_id,
        value as reference_value,
        value_kind as reference_kind,
        value_qualifier as reference_qualifier
    from figures
    where value_kind in ('required', 'target') and is_latest
    qualify row_number() over (
        partition by city_id, indicator_id order by reference_date desc, value_kind asc
    ) = 1
),

nearest_population as (
    select * exclude (figure_table, city_id) from figure_population
    where figure_table = 'capacity' and list_contains($cities, city_id)
),

final as (
    select
        figures.*,
        latest_reference.reference_value,
        latest_reference.reference_kind,
        latest_reference.reference_qualifier,
        case
            when figures.value_kind = 'actual' and figures.is_latest
                then latest_reference.reference_value - figures.value
        end as gap,
        nearest_population.* exclude (nearest_population.figure_id),
        case
            when figures.per_capita_basis = 'divided'
                then round(figures.value * 100000 / nearest_population.inhabitants, 1)
        end as value_per_100k
    from figures
    left join latest_reference
        on
            figures.city_id = latest_reference.city_id
            and figures.indicator_id = latest_reference.indicator_id
    left join nearest_population on figures.capacity_id = nearest_population.figure_id
)

select * from final
order by city_id, indicator_id, reference_date, value_kind, capacity_id
