-- export_figures
-- Capacity, enforcement and budget figures of the given cities in one long table, for the data export.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: table_name, figure_id, city_id, indicator_id (null for budgets), what_nl, what_fr, what_en (the
--   indicator's name or the budget's title), value_kind, value, value_qualifier, unit, period_start, period_end,
--   precision, government_level, statement_kind, includes_en, includes_nl, includes_fr, excludes_en, excludes_nl,
--   excludes_fr, source_id, quote, quote_en, quote_nl, quote_fr, note_en, note_nl, note_fr

with

in_scope as (
    select city_id from cities
    where list_contains($cities, city_id)
),

capacity_rows as (
    select
        'capacity' as table_name,
        capacity.capacity_id as figure_id,
        capacity.city_id,
        capacity.indicator_id,
        indicators.name_nl as what_nl,
        indicators.name_fr as what_fr,
        indicators.name_en as what_en,
        capacity.value_kind,
        capacity.value,
        capacity.value_qualifier,
        indicators.unit,
        capacity.reference_date as period_start,
        null::date as period_end,
        capacity.date_precision as precision,
        capacity.government_level,
        capacity.statement_kind,
        capacity.includes_en,
        capacity.includes_nl,
        capacity.includes_fr,
        capacity.excludes_en,
        capacity.excludes_nl,
        capacity.excludes_fr,
        capacity.source_id,
        capacity.quote,
        capacity.quote_en,
        capacity.quote_nl,
        capacity.quote_fr,
        capacity.note_en,
        capacity.note_nl,
        capacity.note_fr
    from capacity
    inner join in_scope on capacity.city_id = in_scope.city_id
    inner join indicators on capacity.indicator_id = indicators.indicator_id
),

enforcement_rows as (
    select
        'enforcement' as table_name,
        enforcement.enforcement_id as figure_id,
        enforcement.city_id,
        enforcement.indicator_id,
        indicators.name_nl as what_nl,
        indicators.name_fr as what_fr,
        indicators.name_en as what_en,
        'count' as value_kind,
        enforcement.value,
        enforcement.value_qualifier,
        indicators.unit,
        enforcement.period_start,
        enforcement.period_end,
        enforcement.period_precision as precision,
        null::varchar as government_level,
        enforcement.statement_kind,
        enforcement.includes_en,
        enforcement.includes_nl,
        enforcement.includes_fr,
        enforcement.excludes_en,
        enforcement.excludes_nl,
        enforcement.excludes_fr,
        enforcement.source_id,
        enforcement.quote,
        enforcement.quote_en,
        enforcement.quote_nl,
        enforcement.quote_fr,
        enforcement.note_en,
        enforcement.note_nl,
        enforcement.note_fr
    from enforcement
    inner join in_scope on enforcement.city_id = in_scope.city_id
    inner join indicators on enforcement.indicator_id = indicators.indicator_id
),

budget_rows as (
    select
        'budgets' as table_name,
        budget_id as figure_id,
        city_id,
        null::varchar as indicator_id,
        title_nl as what_nl,
        title_fr as what_fr,
        title_en as what_en,
        amount_basis as value_kind,
        amount_eur as value,
        value_qualifier,
        'eur' as unit,
        period_start,
        period_end,
        period_precision as precision,
        government_level,
        statement_kind,
        includes_en,
        includes_nl,
        includes_fr,
        excludes_en,
        excludes_nl,
        excludes_fr,
        source_id,
        quote,
        quote_en,
        quote_nl,
        quote_fr,
        note_en,
        note_nl,
        note_fr
    from budgets
    where list_contains($cities, city_id)
),

final as (
    select * from capacity_rows
    union all
    select * from enforcement_rows
    union all
    select * from budget_rows
)

select * from final
order by table_name, city_id, figure_id
