-- measure_sources
-- The sources of the measures of the given cities.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: source_id

select distinct source_id
from measures
where list_contains($cities, city_id)
order by source_id
