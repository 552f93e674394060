-- sources_crosswalk
-- The crosswalk between pillar models: every pillar of the chosen model (or of every model) with each
-- common-model pillar it maps to, the relation and the curator's note; a pillar that maps to nothing
-- has one row with the to_ columns null. source_id is a source that states the left-hand model.
-- params:
--   $from_model  VARCHAR  model id of the left-hand pillars, or 'all'
-- returns: from_model_id, from_model_name_nl, from_model_name_fr, from_model_name_en, from_model_is_common,
--   from_pillar_id, from_sort_order, from_name_nl, from_name_fr, from_name_en, from_name_original,
--   to_model_id, to_model_name_nl, to_model_name_fr, to_model_name_en, to_pillar_id, to_sort_order,
--   to_name_nl, to_name_fr, to_name_en, relation, note_nl, note_fr, note_en, source_id, quote, quote_en,
--   quote_nl, quote_fr (the source's words that state the left-hand model, and their renderings)

with

chosen_models as (
    select model_id, name_nl, name_fr, name_en, is_common, source_id, quote, quote_en, quote_nl, quote_fr
    from models
    where $from_model = 'all' or model_id = $from_model
),

from_pillars as (
    select
        pillars.pillar_id,
        pillars.model_id,
        pillars.sort_order,
        pillars.name_nl,
        pillars.name_fr,
        pillars.name_en,
        pillars.name_original,
        chosen_models.name_nl as model_name_nl,
        chosen_models.name_fr as model_name_fr,
        chosen_models.name_en as model_name_en,
        chosen_models.is_common,
        chosen_models.source_id,
        chosen_models.quote,
        chosen_models.quote_en,
        chosen_models.quote_nl,
        chosen_models.quote_fr
    from pillars
    inner join chosen_models on pillars.model_id = chosen_models.model_id
),

to_pillars as (
    select
        pillars.pillar_id,
        pillars.model_id,
        pillars.sort_order,
        pillars.name_nl,
        pillars.name_fr,
        pillars.name_en,
        models.name_nl as model_name_nl,
        models.name_fr as model_name_fr,
        models.name_en as model_name_en
    from pillars
    inner join models on pillars.model_id = models.model_id
),

final as (
    select
        from_pillars.model_id as from_model_id,
        from_pillars.model_name_nl as from_model_name_nl,
        from_pillars.model_name_fr as from_model_name_fr,
        from_pillars.model_name_en as from_model_name_en,
        from_pillars.is_common as from_model_is_common,
        from_pillars.pillar_id as from_pillar_id,
        from_pillars.sort_order as from_sort_order,
        from_pillars.name_nl as from_name_nl,
        from_pillars.name_fr as from_name_fr,
        from_pillars.name_en as from_name_en,
        from_pillars.name_original as from_name_original,
        to_pillars.model_id as to_model_id,
        to_pillars.model_name_nl as to_model_name_nl,
        to_pillars.model_name_fr as to_model_name_fr,
        to_pillars.model_name_en as to_model_name_en,
        to_pillars.pillar_id as to_pillar_id,
        to_pillars.sort_order as to_sort_order,
        to_pillars.name_nl as to_name_nl,
        to_pillars.name_fr as to_name_fr,
        to_pillars.name_en as to_name_en,
        crosswalk.relation,
        crosswalk.note_nl,
        crosswalk.note_fr,
        crosswalk.note_en,
        from_pillars.source_id,
        from_pillars.quote,
        from_pillars.quote_en,
        from_pillars.quote_nl,
        from_pillars.quote_fr
    from from_pillars
    left join crosswalk on from_pillars.pillar_id = crosswalk.from_pillar_id
    left join to_pillars on crosswalk.to_pillar_id = to_pillars.pillar_id
)

select * from final
order by
    from_model_is_common desc, from_model_id asc, from_sort_order asc, to_model_id asc nulls last, to_sort_order asc
