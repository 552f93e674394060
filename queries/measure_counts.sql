-- measure_counts
-- Number of measures recorded per city.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: city_id, measure_count

select city_id, count(*) as measure_count
from measures
where list_contains($cities, city_id)
group by city_id
order by city_id
