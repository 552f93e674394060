-- city_timeline
-- Every measure of one city once, by the start of its period; undated measures (no period_start) last.
-- params:
--   $city  VARCHAR  city id
-- returns: measure_id, city_id, title_nl, title_fr, title_en, status, statement_kind, period_start, period_end,
--   period_precision, source_id, quote, quote_en, quote_nl, quote_fr

select
    measure_id,
    city_id,
    title_nl,
    title_fr,
    title_en,
    status,
    statement_kind,
    period_start,
    period_end,
    period_precision,
    source_id,
    quote,
    quote_en,
    quote_nl,
    quote_fr
from measures
where city_id = $city
order by period_start nulls last, period_end nulls last, measure_id
