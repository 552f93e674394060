-- compare_measures
-- Every measure of the given cities on the chosen model ('own' = each city in its own model): one row
-- per measure and pillar, and one row with pillar_id null for a measure that fits no pillar of the model
-- (governance). Drug-specific measures only.
-- spans_pillars is true when the measure sits in more than one pillar of the model.
-- params:
--   $cities  VARCHAR[]  city ids
--   $model   VARCHAR    three_track, five_pillars or own
-- returns: city_id, model_id, pillar_id, sort_order, name_nl, name_fr, name_en, measure_id, title_nl, title_fr,
--   title_en, instrument_id, instrument_name_nl, instrument_name_fr, instrument_name_en, status,
--   statement_kind, government_level, spans_pillars, inspired_by_city_id, period_start, period_end,
--   period_precision, source_id, source_title, quote, quote_en, quote_nl, quote_fr

with

in_scope as (
    select city_id, case when $model = 'own' then own_model_id else $model end as model_id
    from cities
    where list_contains($cities, city_id)
),

city_measures as (
    select measure_labelled.*, in_scope.model_id
    from measure_labelled
    inner join in_scope on measure_labelled.city_id = in_scope.city_id
    where measure_labelled.drug_specific
),

placed as (
    select
        city_measures.measure_id,
        city_measures.model_id,
        measure_on_model.pillar_id,
        count(measure_on_model.pillar_id) over (partition by city_measures.measure_id) > 1
        or coalesce(measure_on_model.spans_pillars, false) as spans_pillars
    from city_measures
    left join measure_on_model
        on
            city_measures.measure_id = measure_on_model.measure_id
            and city_measures.model_id = measure_on_model.model_id
),

final as (
    select
        city_measures.city_id,
        placed.model_id,
        placed.pillar_id,
        coalesce(pillars.sort_order, 999) as sort_order,
        pillars.name_nl,
        pillars.name_fr,
        pillars.name_en,
        city_measures.measure_id,
        city_measures.title_nl,
        city_measures.title_fr,
        city_measures.title_en,
        city_measures.instrument_id,
        city_measures.instrument_name_nl,
        city_measures.instrument_name_fr,
        city_measures.instrument_name_en,
        city_measures.status,
        city_measures.statement_kind,
        city_measures.government_level,
        bool_or(placed.spans_pillars) over (partition by placed.measure_id) as spans_pillars,
        city_measures.inspired_by_city_id,
        city_measures.period_start,
        city_measures.period_end,
        city_measures.period_precision,
        city_measures.source_id,
        city_measures.source_title,
        city_measures.quote,
        city_measures.quote_en,
        city_measures.quote_nl,
        city_measures.quote_fr
    from placed
    inner join city_measures on placed.measure_id = city_measures.measure_id
    left join pillars on placed.pillar_id = pillars.pillar_id
)

select * from final
order by city_id, sort_order, pillar_id, measure_id
