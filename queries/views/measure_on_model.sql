-- measure_on_model
-- Every measure on its city's own model and on each common model, through the crosswalk.
-- Where a pillar maps to several pillars of a common model (three-track preventive ->
-- prevention and early intervention), the measure goes where its instrument's default
-- pillar lands; if the instrument does not decide, it counts in each and spans_pillars is true.
-- returns: measure_id, city_id, model_id, pillar_id, spans_pillars

create or replace view measure_on_model as

with

own as (
    select
        measure_pillars.measure_id,
        measures.city_id,
        measures.instrument_id,
        cities.own_model_id as model_id,
        measure_pillars.pillar_id
    from measure_pillars
    inner join measures on measure_pillars.measure_id = measures.measure_id
    inner join cities on measures.city_id = cities.city_id
),

candidates as (
    select
        own.measure_id,
        own.city_id,
        own.instrument_id,
        own.pillar_id as from_pillar_id,
        target.model_id,
        crosswalk.to_pillar_id as pillar_id,
        count(*) over (partition by own.measure_id, own.pillar_id, target.model_id) as n_candidates
    from own
    inner join crosswalk on own.pillar_id = crosswalk.from_pillar_id
    inner join pillars as target on crosswalk.to_pillar_id = target.pillar_id
),

instrument_target as (
    select
        instruments.instrument_id,
        target.model_id,
        crosswalk.to_pillar_id as pillar_id
    from instruments
    inner join crosswalk on instruments.default_pillar_id = crosswalk.from_pillar_id
    inner join pillars as target on crosswalk.to_pillar_id = target.pillar_id
    union
    select
        instruments.instrument_id,
        pillars.model_id,
        pillars.pillar_id
    from instruments
    inner join pillars on instruments.default_pillar_id = pillars.pillar_id
),

hinted as (
    select
        candidates.*,
        instrument_target.pillar_id is not null as instrument_agrees,
        count(instrument_target.pillar_id) over (
            partition by candidates.measure_id, candidates.from_pillar_id, candidates.model_id
        ) as n_agree
    from candidates
    left join instrument_target
        on
            candidates.instrument_id = instrument_target.instrument_id
            and candidates.model_id = instrument_target.model_id
            and candidates.pillar_id = instrument_target.pillar_id
),

projected as (
    select
        measure_id,
        city_id,
        model_id,
        pillar_id,
        n_candidates > 1 and n_agree = 0 as spans_pillars
    from hinted
    where n_candidates = 1 or n_agree = 0 or instrument_agrees
),

own_uncommon as (
    select own.measure_id, own.city_id, own.model_id, own.pillar_id, false as spans_pillars
    from own
    inner join models on own.model_id = models.model_id
    where not models.is_common
),

final as (
    select measure_id, city_id, model_id, pillar_id, bool_or(spans_pillars) as spans_pillars
    from (
        select * from projected
        union all
        select * from own_uncommon
    ) as combined
    group by all
)

select * from final
