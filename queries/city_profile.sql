-- city_profile
-- One city: its names, level, region and own pillar model, with the quote that names the model; has_own_model
-- false: its sources name none and it is shown on the five pillars (queries/views/city_model.sql).
-- params:
--   $city  VARCHAR  city id
-- returns: city_id, name_nl, name_fr, name_en, level, region, note_en, note_nl, note_fr, has_own_model,
--   model_id, model_name_nl, model_name_fr, model_name_en, model_is_common, source_id, quote, quote_en,
--   quote_nl, quote_fr

with

city as (
    select * from cities
    where city_id = $city
),

final as (
    select
        city.city_id,
        city.name_nl,
        city.name_fr,
        city.name_en,
        city.level,
        city.region,
        city.note_en,
        city.note_nl,
        city.note_fr,
        city.has_own_model,
        models.model_id,
        models.name_nl as model_name_nl,
        models.name_fr as model_name_fr,
        models.name_en as model_name_en,
        models.is_common as model_is_common,
        models.source_id,
        models.quote,
        models.quote_en,
        models.quote_nl,
        models.quote_fr
    from city
    inner join models on city.own_model_id = models.model_id
)

select * from final
