-- headline_figures
-- A few headline figures per city, each with its source and quote: the latest population,
-- the latest yearly budget and the latest actual capacity figure.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: city_id, figure, name_nl, name_fr, name_en, value, value_qualifier, unit, ref_date, date_precision,
--   statement_kind, source_id, quote, quote_en, quote_nl, quote_fr

with

population_latest as (
    select
        city_id,
        'population' as figure,
        null as name_nl,
        null as name_fr,
        null as name_en,
        inhabitants::double as value,
        value_qualifier,
        'persons' as unit,
        reference_date as ref_date,
        date_precision,
        statement_kind,
        source_id,
        quote,
        quote_en,
        quote_nl,
        quote_fr
    from population
    where list_contains($cities, city_id)
    qualify row_number() over (partition by city_id order by reference_date desc, population_id asc) = 1
),

budget_latest as (
    select
        city_id,
        'budget' as figure,
        title_nl as name_nl,
        title_fr as name_fr,
        title_en as name_en,
        amount_eur as value,
        value_qualifier,
        'eur_per_year' as unit,
        period_start as ref_date,
        period_precision as date_precision,
        statement_kind,
        source_id,
        quote,
        quote_en,
        quote_nl,
        quote_fr
    from budgets
    where list_contains($cities, city_id) and amount_basis = 'per_year'
    qualify row_number() over (partition by city_id order by period_start desc, amount_eur desc) = 1
),

capacity_latest as (
    select
        capacity.city_id,
        'capacity' as figure,
        indicators.name_nl,
        indicators.name_fr,
        indicators.name_en,
        capacity.value,
        capacity.value_qualifier,
        indicators.unit,
        capacity.reference_date as ref_date,
        capacity.date_precision,
        capacity.statement_kind,
        capacity.source_id,
        capacity.quote,
        capacity.quote_en,
        capacity.quote_nl,
        capacity.quote_fr
    from capacity
    inner join indicators on capacity.indicator_id = indicators.indicator_id
    where capacity.value_kind = 'actual' and capacity.city_id in (select unnest($cities))
    qualify row_number() over (
        partition by capacity.city_id order by capacity.reference_date desc, capacity.capacity_id asc
    ) = 1
),

final as (
    select * from population_latest
    union all
    select * from budget_latest
    union all
    select * from capacity_latest
)

select * from final
order by city_id, figure
