-- compare_instrument_gap
-- The instruments a peer city uses and the home city does not (peer_only), those both use (both) and
-- those only the home city uses (home_only): one row per instrument and measure of either city using it.
-- Drug-specific measures only: general-security items (cycle paths, a fire station) are no drug-policy gap.
-- params:
--   $home  VARCHAR  id of the home city
--   $peer  VARCHAR  id of the peer city
-- returns: gap, gap_order, instrument_id, name_nl, name_fr, name_en, city_id, is_peer, measure_id, title_nl,
--   title_fr, title_en, status, statement_kind, inspired_by_city_id, source_id, quote, quote_en

with

pair_measures as (
    select
        measure_id,
        city_id,
        instrument_id,
        title_nl,
        title_fr,
        title_en,
        status,
        statement_kind,
        inspired_by_city_id,
        source_id,
        quote,
        quote_en,
        city_id = $peer as is_peer
    from measures
    where (city_id = $home or city_id = $peer) and drug_specific
),

usage as (
    select
        instrument_id,
        bool_or(city_id = $peer) as peer_uses,
        bool_or(city_id = $home) as home_uses
    from pair_measures
    group by instrument_id
),

classified as (
    select
        instrument_id,
        case
            when peer_uses and home_uses then 'both'
            when peer_uses then 'peer_only'
            else 'home_only'
        end as gap
    from usage
),

final as (
    select
        classified.gap,
        case classified.gap when 'peer_only' then 1 when 'both' then 2 else 3 end as gap_order,
        classified.instrument_id,
        instruments.name_nl,
        instruments.name_fr,
        instruments.name_en,
        pair_measures.city_id,
        pair_measures.is_peer,
        pair_measures.measure_id,
        pair_measures.title_nl,
        pair_measures.title_fr,
        pair_measures.title_en,
        pair_measures.status,
        pair_measures.statement_kind,
        pair_measures.inspired_by_city_id,
        pair_measures.source_id,
        pair_measures.quote,
        pair_measures.quote_en
    from classified
    inner join instruments on classified.instrument_id = instruments.instrument_id
    inner join pair_measures on classified.instrument_id = pair_measures.instrument_id
)

select * from final
order by gap_order asc, instrument_id asc, is_peer desc, measure_id asc
