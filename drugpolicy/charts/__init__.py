"""Chart builders shared by the pages and the exports; each returns a plotly Figure.

One package, a module per theme: base (palette, layout, footer), matrix (cities by pillars), compare (pillar
bars), capacity, enforcement and budgets (figures; how a figure is worded: values), timeline (measures by status
and date) and crosswalk (the model diagram).
"""
from drugpolicy.charts import base, budgets, capacity, compare, crosswalk, enforcement, matrix, timeline, values
from drugpolicy.charts.base import PALETTE, PLOTLY_CONFIG, city_colors, finish
from drugpolicy.charts.matrix import pillar_matrix, pillar_table, pillar_table_html

__all__ = ["PALETTE", "PLOTLY_CONFIG", "base", "budgets", "capacity", "city_colors", "compare", "crosswalk",
           "enforcement", "finish", "matrix", "pillar_matrix", "pillar_table", "pillar_table_html", "timeline",
           "values"]
