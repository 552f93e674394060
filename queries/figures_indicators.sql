-- figures_indicators
-- The indicators of one domain (capacity or enforcement) that have figures, with their unit, caveats and
-- how many figures and cities each has; the most documented first.
-- params:
--   $domain  VARCHAR  capacity or enforcement
-- returns: indicator_id, name_nl, name_fr, name_en, unit, caveat_nl, caveat_fr, caveat_en, figure_count,
--   city_count

with

of_domain as (
    select * from indicators
    where domain = $domain
),

figures as (
    select
        indicator_id,
        city_id
    from capacity
    union all
    select
        indicator_id,
        city_id
    from enforcement
),

counted as (
    select
        indicator_id,
        count(*) as figure_count,
        count(distinct city_id) as city_count
    from figures
    group by indicator_id
),

final as (
    select
        indicators.indicator_id,
        indicators.name_nl,
        indicators.name_fr,
        indicators.name_en,
        indicators.unit,
        indicators.caveat_nl,
        indicators.caveat_fr,
        indicators.caveat_en,
        counted.figure_count,
        counted.city_count
    from of_domain as indicators
    inner join counted on indicators.indicator_id = counted.indicator_id
)

select * from final
order by figure_count desc, indicator_id asc
