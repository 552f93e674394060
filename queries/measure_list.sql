-- measure_list
-- Every measure of the given cities on the chosen model ('own' = each city in its own model): one row per
-- measure and pillar, and one row with pillar_id null for a measure that fits no pillar of the model
-- (governance). The city profile lists one city on its own model; Compare and the workbooks keep the
-- drug-specific measures (drug_specific).
-- pillar_count is the number of the model's pillars the measure sits in; spans_pillars is true when that is
-- more than one, or when the crosswalk could not decide between pillars.
-- params:
--   $cities  VARCHAR[]  city ids
--   $model   VARCHAR    three_track, five_pillars or own
-- returns: city_id, model_id, pillar_id, sort_order, pillar_name_nl, pillar_name_fr, pillar_name_en, pillar_count,
--   spans_pillars, measure_id, title_nl, title_fr, title_en, instrument_id, instrument_name_nl, instrument_name_fr,
--   instrument_name_en, status, statement_kind, government_level, period_start, period_end, period_precision,
--   inspired_by_city_id, drug_specific, quantity, quantity_qualifier, quantity_unit_nl, quantity_unit_fr,
--   quantity_unit_en, note_en, note_nl, note_fr, source_id, source_title, quote, quote_en, quote_nl, quote_fr

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
),

placed as (
    select
        city_measures.measure_id,
        city_measures.model_id,
        measure_on_model.pillar_id,
        count(measure_on_model.pillar_id) over (partition by city_measures.measure_id) as pillar_count,
        coalesce(measure_on_model.spans_pillars, false) as crosswalk_spans
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
        pillars.name_nl as pillar_name_nl,
        pillars.name_fr as pillar_name_fr,
        pillars.name_en as pillar_name_en,
        placed.pillar_count,
        placed.pillar_count > 1
        or bool_or(placed.crosswalk_spans) over (partition by placed.measure_id) as spans_pillars,
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
        city_measures.period_start,
        city_measures.period_end,
        city_measures.period_precision,
        city_measures.inspired_by_city_id,
        city_measures.drug_specific,
        city_measures.quantity,
        city_measures.quantity_qualifier,
        city_measures.quantity_unit_nl,
        city_measures.quantity_unit_fr,
        city_measures.quantity_unit_en,
        city_measures.note_en,
        city_measures.note_nl,
        city_measures.note_fr,
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
order by city_id, sort_order, pillar_id, period_start nulls last, measure_id
