-- models
-- Every pillar model, common ones first.
-- returns: model_id, name_nl, name_fr, name_en, is_common, description_en, description_nl, description_fr

select model_id, name_nl, name_fr, name_en, is_common, description_en, description_nl, description_fr
from models
order by is_common desc, model_id asc
