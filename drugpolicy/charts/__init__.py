"""Chart builders shared by the pages and the exports; each returns a plotly Figure."""
from drugpolicy.charts.base import PALETTE, PLOTLY_CONFIG, city_colors, finish
from drugpolicy.charts.matrix import pillar_matrix

__all__ = ["PALETTE", "PLOTLY_CONFIG", "city_colors", "finish", "pillar_matrix"]
