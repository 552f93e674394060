-- explorer_instruments
-- The instruments used by the given cities' measures, with how many measures use each.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: instrument_id, name_nl, name_fr, name_en, measure_count

with

in_scope as (
    select instrument_id
    from measures
    where list_contains($cities, city_id)
),

final as (
    select
        instruments.instrument_id,
        instruments.name_nl,
        instruments.name_fr,
        instruments.name_en,
        count(*) as measure_count
    from in_scope
    inner join instruments on in_scope.instrument_id = instruments.instrument_id
    group by all
)

select * from final
order by instrument_id
