-- city_police_zones
-- The local police zone(s) that serve one city, with their source.
-- params:
--   $city  VARCHAR  city id
-- returns: city_id, zone_number, zone_name, source_id, source_title

with

city_zones as (
    select * from police_zones
    where city_id = $city
),

final as (
    select
        city_zones.city_id,
        city_zones.zone_number,
        city_zones.zone_name,
        city_zones.source_id,
        sources.title as source_title
    from city_zones
    inner join sources on city_zones.source_id = sources.source_id
)

select * from final
order by zone_number
