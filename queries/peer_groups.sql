-- peer_groups
-- Every peer group with its members, one row per group and member city: a list group's members from
-- city_group_members; a size class's from each municipality's latest recorded population (of the city itself,
-- not of a police zone). A group without members keeps one row with city_id null.
-- returns: group_id, sort_order, name_nl, name_fr, name_en, definition_en, definition_nl, definition_fr,
--   min_inhabitants, max_inhabitants, city_id

with

latest_population as (
    select population.city_id, population.inhabitants
    from population
    inner join cities on population.city_id = cities.city_id
    where population.zone_number is null and cities.level = 'municipality'
    qualify row_number() over (
        partition by population.city_id order by population.reference_date desc, population.population_id asc
    ) = 1
),

members as (
    select group_id, city_id from city_group_members
    union all
    select city_groups.group_id, latest_population.city_id
    from city_groups
    inner join latest_population
        on
            city_groups.min_inhabitants <= latest_population.inhabitants
            and (city_groups.max_inhabitants is null or city_groups.max_inhabitants > latest_population.inhabitants)
    where city_groups.min_inhabitants is not null
),

final as (
    select
        city_groups.group_id,
        city_groups.sort_order,
        city_groups.name_nl,
        city_groups.name_fr,
        city_groups.name_en,
        city_groups.definition_en,
        city_groups.definition_nl,
        city_groups.definition_fr,
        city_groups.min_inhabitants,
        city_groups.max_inhabitants,
        members.city_id
    from city_groups
    left join members on city_groups.group_id = members.group_id
)

select * from final
order by sort_order, city_id
