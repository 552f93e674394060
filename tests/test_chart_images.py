"""Chart images (PNG, SVG) at 1 to 12 cities: title, chart and footer, no text overlapping another or the edge."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pytest

SVG = "{http://www.w3.org/2000/svg}"
SIZES = (1, 4, 12)
# Each size in another language and model: the longest words (French), each city's own model (most pillars).
LANG = {1: "en", 2: "en", 4: "fr", 12: "nl"}
MODEL = {1: "three_track", 2: "three_track", 4: "five_pillars", 12: "own"}
ASCENT, DESCENT = 0.75, 0.2  # of the font size, above and below the baseline: a capital and a descender
TOLERANCE = 0.5  # px: boxes that only touch do not overlap


def most_figures(chart: str, n: int) -> list[str]:
    """The n cities with the most figures behind the chart (the most measures for the overview and comparison),
    the first city id on a tie."""
    from drugpolicy import queries, sections

    every = list(sections.names("en")[0])
    if chart in ("overview", "compare"):
        counts = queries.run("measure_counts", cities=every).set_index("city_id")["measure_count"]
    else:
        query, extra = {"personnel": ("figures_capacity", {}), "budgets": ("figures_budgets", {}),
                        "enforcement": ("figures_enforcement",
                                        {"indicators": list(sections.figures.indicators("en"))})}[chart]
        counts = queries.run(query, cities=every, **extra).groupby("city_id").size()
    return sorted(every, key=lambda c: (-int(counts.get(c, 0)), c))[:n]


# ---- the SVG's texts: each <text> element's lines, where plotly put them (x, y, text-anchor, dy and every transform
# of the element and its groups) and their font. How wide a line is, the same chromium says (measure) ----------

Matrix = tuple[float, float, float, float, float, float]  # SVG's (a, b, c, d, e, f)
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def transform(text: str | None) -> Matrix:
    """An SVG transform attribute as one matrix (translate, scale, rotate, matrix; applied right to left)."""
    m = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            step = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate":
            r = math.radians(v[0])
            step = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
            if len(v) == 3:
                step = _times(_times((1, 0, 0, 1, v[1], v[2]), step), (1, 0, 0, 1, -v[1], -v[2]))
        elif name == "matrix":
            step = tuple(v)
        else:
            raise ValueError(f"unknown SVG transform {name}")
        m = _times(m, step)
    return m


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _style(el) -> dict[str, str]:
    out = {}
    for part in (el.get("style") or "").split(";"):
        key, _, value = part.partition(":")
        if key.strip():
            out[key.strip()] = value.strip()
    return out


def _length(value: str | None, size: float) -> float:
    """'1.3em', '12px' or '12' in pixels."""
    if not value:
        return 0.0
    value = value.strip()
    if value.endswith("em"):
        return float(value[:-2]) * size
    return float(value.removesuffix("px"))


def _hidden(el) -> bool:
    style = _style(el)
    return (el.get("display") == "none" or style.get("display") == "none" or style.get("visibility") == "hidden"
            or style.get("opacity") in ("0", "0.0") or el.get("opacity") in ("0", "0.0"))


@dataclass
class Line:
    """One line of a <text>: its runs [(text, bold, italic)], font, baseline start and the box it fills."""

    runs: list[tuple[str, bool, bool]]
    family: str
    size: float
    anchor: str
    x: float
    y: float
    matrix: Matrix
    element: int  # which <text> it belongs to (its lines are not compared with each other)
    box: list[tuple[float, float]] | None = None  # corners in image pixels, once measured

    @property
    def text(self) -> str:
        return "".join(text for text, _, _ in self.runs)

    def markup(self) -> str:
        """The line as plotly's own markup, to draw it again for measuring."""
        out = []
        for text, bold, italic in self.runs:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.append(("<b>" if bold else "") + ("<i>" if italic else "") + text + ("</i>" if italic else "")
                       + ("</b>" if bold else ""))
        return "".join(out)

    def key(self) -> tuple[str, float, str]:
        return self.family, self.size, self.markup()


def _runs(el, bold: bool, italic: bool) -> list[tuple[str, bool, bool]]:
    """The text of el and its children (not line tspans), each piece with its weight and slant."""
    style = _style(el)
    bold = bold or style.get("font-weight", el.get("font-weight", "")) in ("bold", "700")
    italic = italic or style.get("font-style", el.get("font-style", "")) == "italic"
    out = [(el.text, bold, italic)] if el.text else []
    for child in el:
        if child.tag in (f"{SVG}tspan", f"{SVG}a", "{http://www.w3.org/1999/xlink}a"):
            out += _runs(child, bold, italic)
        if child.tail:
            out.append((child.tail, bold, italic))
    return out


def texts(svg: bytes | str) -> tuple[float, float, list[Line]]:
    """The image's width and height and every visible line of text in it, in drawing order."""
    root = ET.fromstring(svg)
    # kaleido scales the image (width, height) and keeps the layout's pixels inside (viewBox)
    box = (root.get("viewBox") or "").split()
    width, height = (float(box[2]), float(box[3])) if len(box) == 4 else (float(root.get("width")),
                                                                         float(root.get("height")))
    lines: list[Line] = []

    def walk(el, m: Matrix) -> None:
        if _hidden(el) or el.tag in (f"{SVG}defs", f"{SVG}clipPath"):
            return
        m = _times(m, transform(el.get("transform")))
        if el.tag == f"{SVG}text":
            read(el, m)
            return
        for child in el:
            walk(child, m)

    def read(el, m: Matrix) -> None:
        style = _style(el)
        size = _length(style.get("font-size") or el.get("font-size") or "16px", 16)
        family = style.get("font-family") or el.get("font-family") or "sans-serif"
        anchor = el.get("text-anchor") or style.get("text-anchor") or "start"
        x, y = float(el.get("x") or 0), float(el.get("y") or 0) + _length(el.get("dy"), size)
        bold = style.get("font-weight", el.get("font-weight", "")) in ("bold", "700")
        italic = style.get("font-style", "") == "italic"
        parts = [c for c in el if c.tag == f"{SVG}tspan" and "line" in (c.get("class") or "").split()]
        if not parts:  # one line
            found = [(x, y, _runs(el, False, False))]
        else:
            found = []
            for part in parts:
                x = float(part.get("x")) if part.get("x") is not None else x
                y = (float(part.get("y")) if part.get("y") is not None else y) + _length(part.get("dy"), size)
                found.append((x, y, _runs(part, bold, italic)))
        for x, y, runs in found:
            runs = [(text, b, i) for text, b, i in runs if text]
            if "".join(text for text, _, _ in runs).strip():
                lines.append(Line(runs, family, size, anchor, x, y, m, id(el)))

    walk(root, IDENTITY)
    return width, height, lines


# ---- measuring: the same chromium draws each line again, as an annotation that plotly fits its box to -----------

_widths: dict[tuple[str, float, str], float] = {}


def measure(lines: list[Line]) -> None:
    """Give every line its box: its width as chromium draws it, the height of its font."""
    from drugpolicy.exports import images

    todo = list(dict.fromkeys(line.key() for line in lines if line.key() not in _widths))
    if todo:
        step, width = 30, 2000
        height = step * (len(todo) + 1)
        notes = [{"text": markup, "x": 0, "y": height - step * (n + 1), "xref": "paper", "yref": "y",
                  "xanchor": "left", "yanchor": "bottom", "showarrow": False, "borderpad": 0, "borderwidth": 0,
                  "font": {"family": family, "size": size}} for n, (family, size, markup) in enumerate(todo)]
        fig = {"data": [], "layout": {"width": width, "height": height, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                                      "xaxis": {"visible": False}, "showlegend": False, "annotations": notes,
                                      "yaxis": {"visible": False, "range": [0, height]}}}
        drawn = ET.fromstring(images.to_image(fig, "svg", width=width, height=height, scale=1))
        boxes = [g.find(f".//{SVG}rect") for g in drawn.iter(f"{SVG}g") if g.get("class") == "annotation"]
        assert len(boxes) == len(todo)
        for key, rect in zip(todo, boxes, strict=True):
            _widths[key] = float(rect.get("width"))
    for line in lines:
        width = _widths[line.key()]
        left = line.x - {"start": 0, "middle": width / 2, "end": width}[line.anchor]
        top, bottom = line.y - ASCENT * line.size, line.y + DESCENT * line.size
        line.box = [_apply(line.matrix, px, py) for px, py in ((left, top), (left + width, top),
                                                                (left + width, bottom), (left, bottom))]


def _overlap(p: list[tuple[float, float]], q: list[tuple[float, float]]) -> bool:
    """Whether two convex quadrilaterals overlap by more than TOLERANCE (separating axes)."""
    for poly in (p, q):
        for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
            nx, ny = y2 - y1, x1 - x2
            norm = math.hypot(nx, ny) or 1
            a = [(nx * x + ny * y) / norm for x, y in p]
            b = [(nx * x + ny * y) / norm for x, y in q]
            if min(max(a), max(b)) - max(min(a), min(b)) <= TOLERANCE:
                return False
    return True


def problems(width: float, height: float, lines: list[Line]) -> list[str]:
    """Every pair of overlapping texts and every text that runs outside the image, worded for the reader."""
    measure(lines)
    out = []
    for line in lines:
        xs, ys = [x for x, _ in line.box], [y for _, y in line.box]
        if min(xs) < -TOLERANCE or min(ys) < -TOLERANCE or max(xs) > width + TOLERANCE or max(ys) > height + TOLERANCE:
            out.append(f"outside the {width:.0f}x{height:.0f} image: {line.text!r} at "
                       f"x {min(xs):.0f}..{max(xs):.0f}, y {min(ys):.0f}..{max(ys):.0f}")
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            if a.element != b.element and _overlap(a.box, b.box):
                out.append(f"{a.text!r} (x {a.box[0][0]:.0f}, y {a.box[0][1]:.0f}) overlaps {b.text!r} "
                           f"(x {b.box[0][0]:.0f}, y {b.box[0][1]:.0f})")
    return out


# ---- the charts --------------------------------------------------------------------------------------------------

CASES = [(chart, 2 if chart == "compare" and n == 1 else n) for chart in
         ("overview", "compare", "personnel", "enforcement", "budgets") for n in SIZES]


@pytest.mark.parametrize(("chart", "n"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_chart_image_has_title_chart_and_footer_and_no_text_overlaps(chart, n):
    from drugpolicy import sections

    cities, lang, model = most_figures(chart, n), LANG[n], MODEL[n]
    built = sections.CHARTS[chart](tuple(cities), model, lang)
    assert built, f"no {chart} chart for {cities}"
    assert built[0].url
    check_picture(built[0], lang, f"{chart}, {n} cities ({', '.join(cities)}), {lang}")


def _page_charts(name: str):
    """(section, lang) of a chart a page offers as PNG and SVG beside those of CHARTS."""
    from drugpolicy.sections import city, figures

    if name == "personnel-series-per-100k":
        twelve = tuple(most_figures("personnel", 12))
        return next(s for s in figures.personnel(twelve, "100k", "en") if s.key == "series"), "en"
    if name == "budgets-per-inhabitant":
        return next(s for s in figures.budgets(tuple(most_figures("budgets", 12)), "inhabitant", "fr")
                    if s.key == "main"), "fr"
    key = name.removeprefix("city-")
    return next(s for s in city.city_view("gent", "nl") if s.key == key and s.figure is not None), "nl"


@pytest.mark.parametrize("name", ["personnel-series-per-100k", "budgets-per-inhabitant", "city-main", "city-timeline"])
def test_page_chart_downloads_have_no_text_overlaps(name):
    section, lang = _page_charts(name)
    check_picture(section, lang, name)


def check_picture(section, lang: str, what: str) -> None:
    """The section's SVG: no text overlaps another or leaves the image; the title above the rest, the footer
    (sources, the data's date and, where the view has an address, the link back to it) under it."""
    from drugpolicy import sections
    from drugpolicy.charts.base import title_text
    from drugpolicy.exports import images
    from drugpolicy.i18n import t

    svg = images.picture(section, lang, "svg")
    width, height, lines = texts(svg)
    assert width == images.WIDTH and height >= images.HEIGHT
    found = problems(width, height, lines)
    assert not found, f"{what}:\n" + "\n".join(found[:30])

    def element(line: Line) -> list[Line]:
        return [other for other in lines if other.element == line.element]

    def joined(part: list[Line]) -> str:
        return " ".join(line.text.strip() for line in part)

    title = element(min(lines, key=lambda line: line.box[0][1]))
    footer = element(max(lines, key=lambda line: line.box[0][1]))
    assert joined(title) == " ".join(title_text(section.figure).split())
    text = joined(footer)
    assert text.startswith(t("common.sources_caption", lang, sources="").strip()), text
    assert sections.data_date(lang) in text, text
    squeezed = "".join(text.split())
    if section.url:
        assert t("briefing.open_view", lang) in text and section.url in squeezed
    # every source, or (with a link to the view, which lists them all) the first and how many more
    for source in section.sources["title"] if not section.url else section.sources["title"][:1]:
        assert "".join(source.split()) in squeezed, source
    rest = [line for line in lines if line not in title and line not in footer]
    assert rest
    assert max(y for line in title for _, y in line.box) < min(y for line in rest for _, y in line.box)
    assert max(y for line in rest for _, y in line.box) < min(y for line in footer for _, y in line.box)


def test_the_check_sees_overlapping_rotated_and_cut_off_texts():
    import plotly.graph_objects as go

    from drugpolicy.exports import images

    def found(*notes) -> list[str]:
        fig = go.Figure(layout={"width": 400, "height": 300, "xaxis": {"visible": False},
                                "yaxis": {"visible": False}})
        for note in notes:
            fig.add_annotation(showarrow=False, xref="paper", yref="paper", **note)
        return problems(*texts(images.to_image(fig, "svg", width=400, height=300)))

    apart = [{"text": "Ghent 12", "x": 0.1, "y": 0.5}, {"text": "Antwerp 3", "x": 0.9, "y": 0.5}]
    assert found(*apart) == []
    assert len(found(apart[0], {"text": "Antwerp 3", "x": 0.2, "y": 0.5})) == 1
    # a word turned upright over another only where they cross
    upright = {"text": "Brussels-Capital Region", "x": 0.5, "y": 0.5, "textangle": -90}
    assert found(upright, {"text": "x", "x": 0.2, "y": 0.5}) == []
    assert len(found(upright, {"text": "Liège", "x": 0.5, "y": 0.5})) == 1
    assert "outside" in found({"text": "Sint-Jans-Molenbeek " * 3, "x": 1, "y": 0.5, "xanchor": "left"})[0]
