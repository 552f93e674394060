-- compare_adoptions
-- Measures whose source says they follow another city's example, where both cities are among the given
-- ones, with the example city's measures of the same instrument (example_* null when it has none).
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: measure_id, city_id, inspired_by_city_id, title_nl, title_fr, title_en, instrument_id, status,
--   statement_kind, source_id, quote, quote_en, quote_nl, quote_fr, example_measure_id, example_title_nl,
--   example_title_fr, example_title_en, example_status

with

followers as (
    select
        measure_id,
        city_id,
        inspired_by_city_id,
        title_nl,
        title_fr,
        title_en,
        instrument_id,
        status,
        statement_kind,
        source_id,
        quote,
        quote_en,
        quote_nl,
        quote_fr
    from measures
    where
        inspired_by_city_id is not null
        and list_contains($cities, city_id)
        and list_contains($cities, inspired_by_city_id)
),

final as (
    select
        followers.*,
        example.measure_id as example_measure_id,
        example.title_nl as example_title_nl,
        example.title_fr as example_title_fr,
        example.title_en as example_title_en,
        example.status as example_status
    from followers
    left join measures as example
        on
            followers.inspired_by_city_id = example.city_id
            and followers.instrument_id = example.instrument_id
)

select * from final
order by city_id, inspired_by_city_id, measure_id, example_measure_id
