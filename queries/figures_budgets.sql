-- figures_budgets
-- Budgets of the given cities with what each includes and excludes, and the amount per inhabitant using the
-- population row nearest to the start of the period (null where no population is known), with the qualifier the
-- division gives (an amount divided by "more than 261,000" inhabitants is "less than" the quotient). Amounts of
-- different bases (per year, one-off, total for a period) are never added up.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: budget_id, city_id, title_nl, title_fr, title_en, amount_eur, amount_basis, value_qualifier,
--   period_start, period_end, period_precision, government_level, measure_id, source_id, source_title,
--   statement_kind, quote, quote_en, quote_nl, quote_fr, includes_en, includes_nl, includes_fr, excludes_en,
--   excludes_nl, excludes_fr, note_en, note_nl, note_fr, population_id, inhabitants, population_date,
--   population_precision, population_qualifier, population_includes_en, population_includes_nl,
--   population_includes_fr, population_source_id, population_source_title, population_zone_number,
--   population_days_apart, per_capita_basis, per_capita_qualifier, amount_per_inhabitant_eur

with

in_scope as (
    select * from budgets
    where list_contains($cities, city_id)
),

figures as (
    select
        budgets.budget_id,
        budgets.city_id,
        budgets.title_nl,
        budgets.title_fr,
        budgets.title_en,
        budgets.amount_eur,
        budgets.amount_basis,
        budgets.value_qualifier,
        budgets.period_start,
        budgets.period_end,
        budgets.period_precision,
        budgets.government_level,
        budgets.measure_id,
        budgets.source_id,
        sources.title as source_title,
        budgets.statement_kind,
        budgets.quote,
        budgets.quote_en,
        budgets.quote_nl,
        budgets.quote_fr,
        budgets.includes_en,
        budgets.includes_nl,
        budgets.includes_fr,
        budgets.excludes_en,
        budgets.excludes_nl,
        budgets.excludes_fr,
        budgets.note_en,
        budgets.note_nl,
        budgets.note_fr
    from in_scope as budgets
    inner join sources on budgets.source_id = sources.source_id
),

nearest_population as (
    select * exclude (figure_table, city_id) from figure_population
    where figure_table = 'budgets' and list_contains($cities, city_id)
),

final as (
    select
        figures.*,
        nearest_population.* exclude (nearest_population.figure_id, nearest_population.per_capita_qualifier),
        'divided' as per_capita_basis,
        nearest_population.per_capita_qualifier,
        round(figures.amount_eur / nearest_population.inhabitants, 2) as amount_per_inhabitant_eur
    from figures
    left join nearest_population on figures.budget_id = nearest_population.figure_id
)

select * from final
order by city_id, period_start, budget_id
