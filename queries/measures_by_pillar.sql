-- measures_by_pillar
-- Number of measures per city and pillar on the chosen model ('own' = each city in its own model),
-- with a row per pillar even where no measure is recorded, and a row with pillar_id null for
-- drug-specific measures that fit no pillar (governance). General-security measures are not counted here,
-- nor measures whose status is not among the chosen ones.
-- params:
--   $cities    VARCHAR[]  city ids
--   $model     VARCHAR    three_track, five_pillars or own
--   $statuses  VARCHAR[]  the statuses counted (implemented, in_progress, planned, announced, promised)
-- returns: city_id, model_id, pillar_id, sort_order, name_nl, name_fr, name_en, measure_count, spanning_count

with

counted_measures as (
    select measure_id
    from measures
    where list_contains($statuses, status)
),

in_scope as (
    select city_id, case when $model = 'own' then own_model_id else $model end as model_id
    from cities
    where list_contains($cities, city_id)
),

grid as (
    select
        in_scope.city_id, in_scope.model_id, pillars.pillar_id, pillars.sort_order,
        pillars.name_nl, pillars.name_fr, pillars.name_en
    from in_scope
    inner join pillars on in_scope.model_id = pillars.model_id
),

counted as (
    select
        measure_on_model.city_id, measure_on_model.pillar_id,
        count(*) as measure_count,
        count(*) filter (where measure_on_model.spans_pillars) as spanning_count
    from measure_on_model
    inner join in_scope
        on
            measure_on_model.city_id = in_scope.city_id
            and measure_on_model.model_id = in_scope.model_id
    inner join counted_measures on measure_on_model.measure_id = counted_measures.measure_id
    group by all
),

without_pillar as (
    select
        measures.city_id, in_scope.model_id, null as pillar_id, 999 as sort_order,
        null as name_nl, null as name_fr, null as name_en,
        count(*) as measure_count, 0 as spanning_count
    from measures
    inner join in_scope on measures.city_id = in_scope.city_id
    where
        measures.drug_specific
        and measures.measure_id in (select counted_measures.measure_id from counted_measures)
        and not exists (
            select 1 from measure_on_model
            where
                measure_on_model.measure_id = measures.measure_id
                and measure_on_model.model_id = in_scope.model_id
        )
    group by all
),

final as (
    select
        grid.*, coalesce(counted.measure_count, 0) as measure_count,
        coalesce(counted.spanning_count, 0) as spanning_count
    from grid
    left join counted on grid.city_id = counted.city_id and grid.pillar_id = counted.pillar_id
    union all
    select * from without_pillar
)

select * from final
order by city_id, sort_order
