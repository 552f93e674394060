-- cities
-- Every city with its names, level, region and own model.
-- returns: city_id, name_nl, name_fr, name_en, level, region, own_model_id, note_en

select city_id, name_nl, name_fr, name_en, level, region, own_model_id, note_en
from cities
order by city_id
