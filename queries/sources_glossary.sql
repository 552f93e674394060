-- sources_glossary
-- The glossary of Belgian terms used in the data, alphabetically.
-- returns: term, expansion, meaning_nl, meaning_fr, meaning_en

select term, expansion, meaning_nl, meaning_fr, meaning_en
from glossary
order by lower(term), term
