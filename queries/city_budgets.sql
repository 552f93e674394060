-- city_budgets
-- The budgets recorded for one city, with what each includes and excludes, its source and quote.
-- params:
--   $city  VARCHAR  city id
-- returns: budget_id, city_id, title_nl, title_fr, title_en, amount_eur, amount_basis, value_qualifier,
--   period_start, period_end, period_precision, government_level, measure_id, statement_kind, includes,
--   excludes, note, source_id, source_title, quote, quote_en

with

city_rows as (
    select * from budgets
    where city_id = $city
),

final as (
    select
        city_rows.budget_id,
        city_rows.city_id,
        city_rows.title_nl,
        city_rows.title_fr,
        city_rows.title_en,
        city_rows.amount_eur,
        city_rows.amount_basis,
        city_rows.value_qualifier,
        city_rows.period_start,
        city_rows.period_end,
        city_rows.period_precision,
        city_rows.government_level,
        city_rows.measure_id,
        city_rows.statement_kind,
        city_rows.includes,
        city_rows.excludes,
        city_rows.note,
        city_rows.source_id,
        sources.title as source_title,
        city_rows.quote,
        city_rows.quote_en
    from city_rows
    inner join sources on city_rows.source_id = sources.source_id
)

select * from final
order by period_start, budget_id
