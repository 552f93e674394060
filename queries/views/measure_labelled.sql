-- measure_labelled
-- Every measure with what its listings show beside it: its instrument's names and its source's title.
-- returns: the columns of measures, then instrument_name_nl, instrument_name_fr, instrument_name_en,
--   source_title

create or replace view measure_labelled as

with

final as (
    select
        measures.*,
        instruments.name_nl as instrument_name_nl,
        instruments.name_fr as instrument_name_fr,
        instruments.name_en as instrument_name_en,
        sources.title as source_title
    from measures
    inner join instruments on measures.instrument_id = instruments.instrument_id
    inner join sources on measures.source_id = sources.source_id
)

select * from final
