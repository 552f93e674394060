-- city_model
-- A city whose sources name no pillar model of its own (own_model_id empty) is shown on the five pillars, as the
-- curators classified its measures; has_own_model says which cities have a model of their own, so the pages can
-- say so. Runs before every other derived view (file-name order), which read own_model_id as filled.
-- returns: the columns of cities, own_model_id filled, and has_own_model

alter table cities add column has_own_model boolean;

update cities set
    has_own_model = own_model_id is not null,
    own_model_id = coalesce(own_model_id, 'five_pillars');
