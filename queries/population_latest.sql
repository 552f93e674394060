-- population_latest
-- Each city's latest population figure, with its source and quote: the overview's card of inhabitants.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: city_id, population_id, inhabitants, value_qualifier, reference_date, date_precision, statement_kind,
--   source_id, quote, quote_en, quote_nl, quote_fr

select
    city_id,
    population_id,
    inhabitants,
    value_qualifier,
    reference_date,
    date_precision,
    statement_kind,
    source_id,
    quote,
    quote_en,
    quote_nl,
    quote_fr
from population
where list_contains($cities, city_id)
qualify row_number() over (partition by city_id order by reference_date desc, population_id asc) = 1
order by city_id
