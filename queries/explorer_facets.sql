-- explorer_facets
-- The statuses, kinds of statement and levels of government that occur among the given cities' measures,
-- with how many measures have each: the options of the explorer's filters.
-- params:
--   $cities  VARCHAR[]  city ids
-- returns: facet, value, measure_count

with

in_scope as (
    select status, statement_kind, government_level
    from measures
    where list_contains($cities, city_id)
),

final as (
    select 'status' as facet, status as value, count(*) as measure_count
    from in_scope
    group by status
    union all
    select 'statement_kind' as facet, statement_kind as value, count(*) as measure_count
    from in_scope
    group by statement_kind
    union all
    select 'government_level' as facet, government_level as value, count(*) as measure_count
    from in_scope
    group by government_level
)

select * from final
order by facet, value
