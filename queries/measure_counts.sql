-- measure_counts
-- Number of drug-specific measures recorded per city (general-security items are counted apart, in cities).
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: city_id, measure_count

select city_id, count(*) as measure_count
from measures
where list_contains($cities, city_id) and drug_specific
group by city_id
order by city_id
