-- gap_measures
-- The drug-specific measures of a home city and its peers with one of the chosen statuses, each with its
-- instrument, source and quote: what the gap page and the deck's gap slides sort into "a peer uses, home does not",
-- "both use" and "only home uses". General-security items (cycle paths, a fire station) are no drug-policy gap.
-- params:
--   $home      VARCHAR    id of the home city
--   $peers     VARCHAR[]  ids of the peer cities
--   $statuses  VARCHAR[]  the statuses that count (a measure with another status is left out)
-- returns: instrument_id, name_nl, name_fr, name_en, city_id, is_home, measure_id, title_nl, title_fr,
--   title_en, status, statement_kind, period_start, period_end, period_precision, inspired_by_city_id,
--   source_id, source_title, url, quote, quote_en, quote_nl, quote_fr

with

chosen as (
    select
        measure_id,
        city_id,
        instrument_id,
        title_nl,
        title_fr,
        title_en,
        status,
        statement_kind,
        period_start,
        period_end,
        period_precision,
        inspired_by_city_id,
        source_id,
        quote,
        quote_en,
        quote_nl,
        quote_fr,
        city_id = $home as is_home
    from measures
    where
        (city_id = $home or list_contains($peers, city_id))
        and drug_specific
        and list_contains($statuses, status)
),

final as (
    select
        chosen.instrument_id,
        instruments.name_nl,
        instruments.name_fr,
        instruments.name_en,
        chosen.city_id,
        chosen.is_home,
        chosen.measure_id,
        chosen.title_nl,
        chosen.title_fr,
        chosen.title_en,
        chosen.status,
        chosen.statement_kind,
        chosen.period_start,
        chosen.period_end,
        chosen.period_precision,
        chosen.inspired_by_city_id,
        chosen.source_id,
        sources.title as source_title,
        sources.url,
        chosen.quote,
        chosen.quote_en,
        chosen.quote_nl,
        chosen.quote_fr
    from chosen
    inner join instruments on chosen.instrument_id = instruments.instrument_id
    inner join sources on chosen.source_id = sources.source_id
)

select * from final
order by instrument_id asc, is_home desc, city_id asc, measure_id asc
