-- city_pillars
-- The pillars of one city's own model, in the model's order, with the words the source uses.
-- params:
--   $city  VARCHAR  city id
-- returns: model_id, pillar_id, sort_order, name_nl, name_fr, name_en, name_original, description_en,
--   description_nl, description_fr

with

city as (
    select own_model_id from cities
    where city_id = $city
),

final as (
    select
        pillars.model_id,
        pillars.pillar_id,
        pillars.sort_order,
        pillars.name_nl,
        pillars.name_fr,
        pillars.name_en,
        pillars.name_original,
        pillars.description_en,
        pillars.description_nl,
        pillars.description_fr
    from city
    inner join pillars on city.own_model_id = pillars.model_id
)

select * from final
order by sort_order
