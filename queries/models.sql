-- models
-- Every pillar model, common ones first.
-- returns: model_id, name_nl, name_fr, name_en, is_common, description_en

select model_id, name_nl, name_fr, name_en, is_common, description_en
from models
order by is_common desc, model_id asc
