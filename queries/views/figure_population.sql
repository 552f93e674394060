-- figure_population
-- For every capacity, enforcement and budget figure, the population row of its city nearest in date (capacity
-- by its reference date, enforcement by the middle of its period, budgets by the start of the period; the later
-- population on a tie) with its source, and per_capita_qualifier: the qualifier the division gives (a figure
-- divided by "more than 261,000" inhabitants is "less than" the quotient). A figure whose city has no population
-- row keeps its row, with null population columns. figure_table is 'capacity', 'enforcement' or 'budgets' and
-- figure_id that table's id. A table, not a view: the data do not change after loading, and computed once
-- here it costs each figures query a scan instead of the search (measured at bench scale 100).
-- A figure for a whole police zone (zone_number set) is divided by that zone's population, never by one city's;
-- a city's figure by the city's own population (a row without zone_number). population_days_apart says how far
-- the population's date lies from the figure's (the pages flag more than two years).
-- returns: figure_table, figure_id, city_id, population_id, inhabitants, population_date, population_precision,
--   population_qualifier, population_includes_en, population_includes_nl, population_includes_fr,
--   population_source_id, population_source_title, population_zone_number, population_days_apart,
--   per_capita_qualifier

create or replace table figure_population as

with

figures as (
    select
        'capacity' as figure_table,
        capacity_id as figure_id,
        city_id,
        zone_number,
        value_qualifier,
        reference_date as population_wanted
    from capacity
    union all
    select
        'enforcement' as figure_table,
        enforcement_id as figure_id,
        city_id,
        zone_number,
        value_qualifier,
        period_start + cast(date_diff('day', period_start, period_end) / 2 as integer) as population_wanted
    from enforcement
    union all
    select
        'budgets' as figure_table,
        budget_id as figure_id,
        city_id,
        null as zone_number,
        value_qualifier,
        period_start as population_wanted
    from budgets
),

sourced_population as (
    select
        population.*,
        sources.title as source_title
    from population
    inner join sources on population.source_id = sources.source_id
),

nearest as (
    select
        figures.figure_table,
        figures.figure_id,
        figures.city_id,
        figures.value_qualifier,
        population.population_id,
        population.inhabitants,
        population.reference_date as population_date,
        population.date_precision as population_precision,
        population.value_qualifier as population_qualifier,
        population.includes_en as population_includes_en,
        population.includes_nl as population_includes_nl,
        population.includes_fr as population_includes_fr,
        population.source_id as population_source_id,
        population.source_title as population_source_title,
        population.zone_number as population_zone_number,
        abs(date_diff('day', population.reference_date, figures.population_wanted)) as population_days_apart
    from figures
    left join sourced_population as population
        on
            (figures.zone_number is null and population.zone_number is null and figures.city_id = population.city_id)
            or figures.zone_number = population.zone_number
    qualify row_number() over (
        partition by figures.figure_table, figures.figure_id
        order by
            abs(date_diff('day', population.reference_date, figures.population_wanted)) asc,
            population.reference_date desc
    ) = 1
),

final as (
    select
        figure_table,
        figure_id,
        city_id,
        population_id,
        inhabitants,
        population_date,
        population_precision,
        population_qualifier,
        population_includes_en,
        population_includes_nl,
        population_includes_fr,
        population_source_id,
        population_source_title,
        population_zone_number,
        population_days_apart,
        case
            when population_qualifier = 'exact' then value_qualifier
            when population_qualifier = 'about' or value_qualifier = 'about' then 'about'
            -- dividing by a lower bound of the population gives an upper bound, and the reverse
            when
                value_qualifier in ('exact', 'less_than', 'at_most')
                and population_qualifier in ('more_than', 'at_least')
                then
                    case
                        when value_qualifier = 'less_than' or population_qualifier = 'more_than' then 'less_than'
                        else 'at_most'
                    end
            when
                value_qualifier in ('exact', 'more_than', 'at_least')
                and population_qualifier in ('less_than', 'at_most')
                then
                    case
                        when value_qualifier = 'more_than' or population_qualifier = 'less_than' then 'more_than'
                        else 'at_least'
                    end
        end as per_capita_qualifier
    from nearest
)

select * from final
