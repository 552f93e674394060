"""Drug policy of Belgian cities: data loading, validation, queries, charts and exports."""

__version__ = "0.1.0"
