-- measure_counts
-- Number of drug-specific measures recorded per city, in all and per status (general-security items are
-- counted apart, in cities).
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: city_id, measure_count, implemented, in_progress, planned, announced, promised

select
    city_id,
    count(*) as measure_count,
    count(*) filter (where status = 'implemented') as implemented,
    count(*) filter (where status = 'in_progress') as in_progress,
    count(*) filter (where status = 'planned') as planned,
    count(*) filter (where status = 'announced') as announced,
    count(*) filter (where status = 'promised') as promised
from measures
where list_contains($cities, city_id) and drug_specific
group by city_id
order by city_id
