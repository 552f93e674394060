-- figures_cities
-- The cities that have at least one figure of the given kind: capacity, enforcement or budgets.
-- params:
--   $domain  VARCHAR  capacity, enforcement or budgets
-- returns: city_id, figure_count

with

figures as (
    select
        'capacity' as domain,
        city_id
    from capacity
    union all
    select
        'enforcement' as domain,
        city_id
    from enforcement
    union all
    select
        'budgets' as domain,
        city_id
    from budgets
),

final as (
    select
        city_id,
        count(*) as figure_count
    from figures
    where domain = $domain
    group by city_id
)

select * from final
order by city_id
