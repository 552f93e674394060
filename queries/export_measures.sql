-- export_measures
-- Every measure of the given cities with its pillars on the chosen model, for the data export.
-- params:
--   $cities  VARCHAR[]  city ids
--   $model   VARCHAR    three_track, five_pillars or own
-- returns: measure_id, city_id, model_id, pillar_ids, pillars_nl, pillars_fr, pillars_en (names, in the
--   model's order, '; ' between), title_nl, title_fr, title_en, instrument_id, instrument_nl, instrument_fr,
--   instrument_en, status, government_level, period_start, period_end, period_precision, inspired_by_city_id,
--   drug_specific, quantity, quantity_qualifier, quantity_unit_nl, quantity_unit_fr, quantity_unit_en,
--   statement_kind, source_id, quote, quote_en, quote_nl, quote_fr, note_en, note_nl, note_fr

with

city_model as (
    select
        city_id,
        case when $model = 'own' then own_model_id else $model end as model_id
    from cities
    where list_contains($cities, city_id)
),

in_scope as (
    select
        measures.*,
        city_model.model_id
    from measures
    inner join city_model on measures.city_id = city_model.city_id
),

placed as (
    select
        measure_on_model.measure_id,
        string_agg(measure_on_model.pillar_id, '; ' order by pillars.sort_order) as pillar_ids,
        string_agg(pillars.name_nl, '; ' order by pillars.sort_order) as pillars_nl,
        string_agg(pillars.name_fr, '; ' order by pillars.sort_order) as pillars_fr,
        string_agg(pillars.name_en, '; ' order by pillars.sort_order) as pillars_en
    from measure_on_model
    inner join in_scope
        on
            measure_on_model.measure_id = in_scope.measure_id
            and measure_on_model.model_id = in_scope.model_id
    inner join pillars on measure_on_model.pillar_id = pillars.pillar_id
    group by measure_on_model.measure_id
),

final as (
    select
        in_scope.measure_id,
        in_scope.city_id,
        in_scope.model_id,
        placed.pillar_ids,
        placed.pillars_nl,
        placed.pillars_fr,
        placed.pillars_en,
        in_scope.title_nl,
        in_scope.title_fr,
        in_scope.title_en,
        in_scope.instrument_id,
        instruments.name_nl as instrument_nl,
        instruments.name_fr as instrument_fr,
        instruments.name_en as instrument_en,
        in_scope.status,
        in_scope.government_level,
        in_scope.period_start,
        in_scope.period_end,
        in_scope.period_precision,
        in_scope.inspired_by_city_id,
        in_scope.drug_specific,
        in_scope.quantity,
        in_scope.quantity_qualifier,
        in_scope.quantity_unit_nl,
        in_scope.quantity_unit_fr,
        in_scope.quantity_unit_en,
        in_scope.statement_kind,
        in_scope.source_id,
        in_scope.quote,
        in_scope.quote_en,
        in_scope.quote_nl,
        in_scope.quote_fr,
        in_scope.note_en,
        in_scope.note_nl,
        in_scope.note_fr
    from in_scope
    left join placed on in_scope.measure_id = placed.measure_id
    left join instruments on in_scope.instrument_id = instruments.instrument_id
)

select * from final
order by city_id, measure_id
