-- explorer_pillars
-- The pillars the explorer can filter on: those of the chosen model, or with 'own' those of the given
-- cities' own models, with the model's name for labels.
-- params:
--   $cities  VARCHAR[]  city ids
--   $model   VARCHAR    three_track, five_pillars or own
-- returns: model_id, model_name_nl, model_name_fr, model_name_en, pillar_id, sort_order, name_nl, name_fr,
--   name_en

with

in_scope as (
    select distinct case when $model = 'own' then own_model_id else $model end as model_id
    from cities
    where list_contains($cities, city_id)
),

final as (
    select
        models.model_id,
        models.name_nl as model_name_nl,
        models.name_fr as model_name_fr,
        models.name_en as model_name_en,
        pillars.pillar_id,
        pillars.sort_order,
        pillars.name_nl,
        pillars.name_fr,
        pillars.name_en,
        models.is_common
    from in_scope
    inner join models on in_scope.model_id = models.model_id
    inner join pillars on in_scope.model_id = pillars.model_id
)

select * exclude (is_common) from final
order by is_common desc, model_id asc, sort_order asc
