-- figures_enforcement
-- Enforcement counts of the given cities and indicators, one row per figure and period (never a total across
-- indicators), claims marked apart, and the count per 100,000 inhabitants using the population row nearest to
-- the middle of the period. per_capita_basis: 'divided', 'share' (a percentage) or 'quantity' (kilograms seized
-- in a port relate to trafficking flows, not to a city's inhabitants); divided figures without a known
-- population get a null value_per_100k; per_capita_qualifier is the qualifier the division gives.
-- params:
--   $cities      VARCHAR[]  city ids
--   $indicators  VARCHAR[]  indicator ids
-- returns: enforcement_id, city_id, indicator_id, name_nl, name_fr, name_en, unit, caveat_nl, caveat_fr, caveat_en,
--   value, value_qualifier, period_start, period_end, period_precision, period_days, source_id, source_title,
--   statement_kind, is_claim, quote, quote_en, quote_nl, quote_fr, includes_en, includes_nl, includes_fr,
--   excludes_en, excludes_nl, excludes_fr, note_en, note_nl, note_fr, figure_caveat_nl, figure_caveat_fr,
--   figure_caveat_en, per_capita_basis, population_id, inhabitants, population_date, population_precision,
--   population_qualifier, population_includes_en, population_includes_nl, population_includes_fr,
--   population_source_id, population_source_title, population_zone_number, population_days_apart,
--   per_capita_qualifier, value_per_100k

with

in_scope as (
    select * from enforcement
    where list_contains($cities, city_id) and list_contains($indicators, indicator_id)
),

figures as (
    select
        enforcement.enforcement_id,
        enforcement.city_id,
        enforcement.indicator_id,
        indicators.name_nl,
        indicators.name_fr,
        indicators.name_en,
        indicators.unit,
        indicators.caveat_nl,
        indicators.caveat_fr,
        indicators.caveat_en,
        enforcement.value,
        enforcement.value_qualifier,
        enforcement.period_start,
        enforcement.period_end,
        enforcement.period_precision,
        date_diff('day', enforcement.period_start, enforcement.period_end) + 1 as period_days,
        enforcement.source_id,
        sources.title as source_title,
        enforcement.statement_kind,
        enforcement.statement_kind = 'political_claim' as is_claim,
        enforcement.quote,
        enforcement.quote_en,
        enforcement.quote_nl,
        enforcement.quote_fr,
        enforcement.includes_en,
        enforcement.includes_nl,
        enforcement.includes_fr,
        enforcement.excludes_en,
        enforcement.excludes_nl,
        enforcement.excludes_fr,
        enforcement.note_en,
        enforcement.note_nl,
        enforcement.note_fr,
        enforcement.caveat_nl as figure_caveat_nl,
        enforcement.caveat_fr as figure_caveat_fr,
        enforcement.caveat_en as figure_caveat_en,
        case indicators.unit
            when 'percent' then 'share'
            when 'kg' then 'quantity'
            when 'eur' then 'quantity'
            else 'divided'
        end as per_capita_basis
    from in_scope as enforcement
    inner join indicators on enforcement.indicator_id = indicators.indicator_id
    inner join sources on enforcement.source_id = sources.source_id
),

nearest_population as (
    select * exclude (figure_table, city_id) from figure_population
    where figure_table = 'enforcement' and list_contains($cities, city_id)
),

final as (
    select
        figures.*,
        nearest_population.* exclude (nearest_population.figure_id),
        case
            when figures.per_capita_basis = 'divided'
                then round(figures.value * 100000 / nearest_population.inhabitants, 1)
        end as value_per_100k
    from figures
    left join nearest_population on figures.enforcement_id = nearest_population.figure_id
)

select * from final
order by indicator_id, city_id, period_start, period_end, enforcement_id
