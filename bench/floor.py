"""What the floor pages (oneline.py, oneplot.py, onelight.py) share with the dashboard as served besides Streamlit:
the server's connections without Nagle's algorithm (drugpolicy/nodelay.py, which dashboard.py turns on from its
first run). A floor page imports this first, so that both sides of a ratio are served alike and the ratio measures
what the pages do, not a socket setting."""
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from drugpolicy import nodelay  # noqa: E402

nodelay.enable()
