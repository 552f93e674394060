-- explorer_measures
-- Every measure of the given cities that passes the explorer's filters, one row per measure, with its
-- pillar(s) on the chosen model ('own' = each city in its own model). An empty filter list lets everything
-- through; 'none' in $pillars matches measures that fit no pillar of the model (governance). The search is
-- case- and accent-insensitive over the titles in every language, the quote and its renderings.
-- params:
--   $cities           VARCHAR[]  city ids
--   $model            VARCHAR    three_track, five_pillars or own
--   $pillars          VARCHAR[]  pillar ids of the model, or 'none'; empty = all
--   $instruments      VARCHAR[]  instrument ids; empty = all
--   $statuses         VARCHAR[]  statuses; empty = all
--   $statement_kinds  VARCHAR[]  kinds of statement; empty = all
--   $levels           VARCHAR[]  levels of government; empty = all
--   $search           VARCHAR    words to find in titles and quotes; empty = all
-- returns: measure_id, city_id, model_id, pillar_ids, pillar_names_nl, pillar_names_fr, pillar_names_en,
--   title_nl, title_fr, title_en, instrument_id, instrument_name_nl, instrument_name_fr, instrument_name_en,
--   status, statement_kind, government_level, period_start, period_end, period_precision, source_id,
--   source_title, quote, quote_en, quote_nl, quote_fr

with

in_scope as (
    select city_id, case when $model = 'own' then own_model_id else $model end as model_id
    from cities
    where list_contains($cities, city_id)
),

city_measures as (
    select measure_labelled.*, in_scope.model_id
    from measure_labelled
    inner join in_scope on measure_labelled.city_id = in_scope.city_id
),

placed as (
    select
        city_measures.measure_id,
        coalesce(
            list(pillars.pillar_id order by pillars.sort_order) filter (where pillars.pillar_id is not null),
            ['none']
        ) as pillar_keys,
        string_agg(pillars.pillar_id, '; ' order by pillars.sort_order) as pillar_ids,
        string_agg(pillars.name_nl, '; ' order by pillars.sort_order) as pillar_names_nl,
        string_agg(pillars.name_fr, '; ' order by pillars.sort_order) as pillar_names_fr,
        string_agg(pillars.name_en, '; ' order by pillars.sort_order) as pillar_names_en
    from city_measures
    left join measure_on_model
        on
            city_measures.measure_id = measure_on_model.measure_id
            and city_measures.model_id = measure_on_model.model_id
    left join pillars on measure_on_model.pillar_id = pillars.pillar_id
    group by city_measures.measure_id
),

described as (
    select
        city_measures.measure_id,
        city_measures.city_id,
        city_measures.model_id,
        placed.pillar_keys,
        placed.pillar_ids,
        placed.pillar_names_nl,
        placed.pillar_names_fr,
        placed.pillar_names_en,
        city_measures.title_nl,
        city_measures.title_fr,
        city_measures.title_en,
        city_measures.instrument_id,
        city_measures.instrument_name_nl,
        city_measures.instrument_name_fr,
        city_measures.instrument_name_en,
        city_measures.status,
        city_measures.statement_kind,
        city_measures.government_level,
        city_measures.period_start,
        city_measures.period_end,
        city_measures.period_precision,
        city_measures.source_id,
        city_measures.source_title,
        city_measures.quote,
        city_measures.quote_en,
        city_measures.quote_nl,
        city_measures.quote_fr,
        strip_accents(lower(concat_ws(
            ' ', city_measures.title_nl, city_measures.title_fr, city_measures.title_en,
            city_measures.quote, city_measures.quote_en, city_measures.quote_nl, city_measures.quote_fr
        ))) as search_text
    from city_measures
    inner join placed on city_measures.measure_id = placed.measure_id
),

final as (
    select * exclude (pillar_keys, search_text)
    from described
    where
        (len($pillars) = 0 or list_has_any($pillars, pillar_keys))
        and (len($instruments) = 0 or list_contains($instruments, instrument_id))
        and (len($statuses) = 0 or list_contains($statuses, status))
        and (len($statement_kinds) = 0 or list_contains($statement_kinds, statement_kind))
        and (len($levels) = 0 or list_contains($levels, government_level))
        and contains(search_text, strip_accents(lower(trim($search))))
)

select * from final
order by city_id, period_start nulls last, measure_id
