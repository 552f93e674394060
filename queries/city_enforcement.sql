-- city_enforcement
-- The enforcement counts recorded for one city, with the indicator's unit and caveat
-- (the figure's own caveat first).
-- params:
--   $city  VARCHAR  city id
-- returns: enforcement_id, city_id, indicator_id, indicator_name_nl, indicator_name_fr, indicator_name_en,
--   unit, caveat_nl, caveat_fr, caveat_en, value, value_qualifier, period_start, period_end,
--   period_precision, statement_kind, includes, excludes, note, source_id, source_title, quote, quote_en

with

city_rows as (
    select * from enforcement
    where city_id = $city
),

final as (
    select
        city_rows.enforcement_id,
        city_rows.city_id,
        city_rows.indicator_id,
        indicators.name_nl as indicator_name_nl,
        indicators.name_fr as indicator_name_fr,
        indicators.name_en as indicator_name_en,
        indicators.unit,
        nullif(concat_ws(' ', city_rows.caveat_nl, indicators.caveat_nl), '') as caveat_nl,
        nullif(concat_ws(' ', city_rows.caveat_fr, indicators.caveat_fr), '') as caveat_fr,
        nullif(concat_ws(' ', city_rows.caveat_en, indicators.caveat_en), '') as caveat_en,
        city_rows.value,
        city_rows.value_qualifier,
        city_rows.period_start,
        city_rows.period_end,
        city_rows.period_precision,
        city_rows.statement_kind,
        city_rows.includes,
        city_rows.excludes,
        city_rows.note,
        city_rows.source_id,
        sources.title as source_title,
        city_rows.quote,
        city_rows.quote_en
    from city_rows
    inner join indicators on city_rows.indicator_id = indicators.indicator_id
    inner join sources on city_rows.source_id = sources.source_id
)

select * from final
order by indicator_id, period_start, enforcement_id
