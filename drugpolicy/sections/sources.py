"""Sections of the sources and method page: every source, the curation rules, the crosswalk between models (diagram
and table), the glossary, how to cite, and the data package offered as one ZIP."""
from __future__ import annotations

import datetime as dt
import io
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from drugpolicy import db, i18n, markup, queries
from drugpolicy.cache import shared
from drugpolicy.charts.crosswalk import RELATIONS, crosswalk_rows, crosswalk_sankey
from drugpolicy.i18n import t
from drugpolicy.markup import plain
from drugpolicy.sections.base import Section, names, view_url
from drugpolicy.validate import is_web_address, load_package

ROOT = Path(__file__).resolve().parent.parent.parent


@shared
def source_list(lang: str) -> Section:
    """The list of sources: its count line and table."""
    src = queries.run("sources_list", cities=None)
    dates = [i18n.fmt_date(None if pd.isna(d) else d, p, lang)
             for d, p in zip(src["published_date"], src["published_precision"], strict=True)]
    notes = [i18n.label(r, "note", lang, "en") for r in src[["note_en", "note_nl", "note_fr"]].to_dict("records")]
    table = pd.DataFrame({
        t("sources.col_title", lang): src["title"],
        t("sources.col_publisher", lang): src["publisher"],
        t("sources.col_date", lang): dates,
        t("sources.col_kind", lang): [t(f"sources.kind_{k}", lang) for k in src["document_kind"]],
        t("sources.col_language", lang): [t(f"sources.language_{code}", lang) for code in src["language"]],
        t("sources.col_link", lang): src["url"],
        t("sources.col_cited", lang): src["cited_rows"],
        t("sources.col_curator_note", lang): notes,
    })
    fallback = any(note.endswith(i18n.FALLBACK_MARK) for note in notes)
    return Section("sources", heading=t("sources.sources_header", lang),
                   intro=t("sources.sources_count", lang, n=i18n.fmt_number(len(src), lang)),
                   html=markup.table_html(table, link_columns=(t("sources.col_link", lang),)),
                   notes=(t("common.fallback_note", lang),) if fallback else ())


def statement_kinds(directory: Path) -> list[str]:
    """The kinds of statement the schema allows, in its order."""
    for resource in load_package(directory)["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "statement_kind":
                return field["constraints"]["enum"]
    return []


@shared
def method(lang: str) -> list[Section]:
    """The curation rules, the kinds of statement the schema allows, and how measures are projected."""
    kinds = "\n".join(f"- {plain(t(f'enums.statement_kind_{kind}', lang))}" for kind in statement_kinds(db.data_dir()))
    return [
        Section("method", heading=t("sources.method_header", lang), intro=t("sources.method_rules", lang),
                markdown=f"{t('sources.method_kinds', lang)}\n\n{kinds}"),
        Section("projection", heading=t("sources.method_projection_header", lang), level=3,
                markdown=t("sources.method_projection", lang)),
    ]


def crosswalk_head(lang: str) -> Section:
    """The crosswalk's heading and intro, shown above the model picker."""
    return Section("crosswalk", heading=t("sources.crosswalk_header", lang), intro=t("sources.crosswalk_intro", lang))


def model_choices(lang: str) -> dict[str, str]:
    """The crosswalk picker's options: "all" (every model), then each model, with their names in lang."""
    return {"all": t("sources.from_model_all", lang), **names(lang)[1]}


def crosswalk_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Crosswalk rows as the reader sees them; a pillar that maps to nothing says so."""
    return pd.DataFrame({
        t("sources.col_from_model", lang): rows["from_model"],
        t("sources.col_from_pillar", lang): rows["from_pillar"],
        t("sources.col_to_model", lang): rows["to_model"],
        t("sources.col_to_pillar", lang): rows["to_pillar"].where(rows["to_pillar"] != "",
                                                                 t("sources.no_common_pillar", lang)),
        t("sources.col_relation", lang): rows["relation_label"],
        t("sources.col_note", lang): rows["note"],
    })


def _relation_labels(lang: str) -> dict[str, str]:
    return {r: t(f"sources.relation_{r}", lang) for r in RELATIONS}


@shared
def crosswalk(model: str, lang: str) -> list[Section]:
    """The diagram from one model's pillars (or every model's: "all") to the common ones, with its table, the rows
    behind it (to download) and their sources; a notice above it when no pillar links to another model."""
    relation_labels = _relation_labels(lang)
    rows = crosswalk_rows(queries.run("sources_crosswalk", from_model=model), lang, relation_labels)
    title = (t("sources.sankey_title_all", lang) if model == "all"
             else t("sources.sankey_title", lang, model=names(lang)[1][model]))
    main = Section("main", figure=crosswalk_sankey(rows, title, relation_labels),
                   notes=(t("sources.sankey_note", lang), t("sources.relations_explained", lang)),
                   table=crosswalk_table(rows, lang), data=rows, name="crosswalk", sources=queries.sources_of(rows),
                   url=view_url("sources", lang, from_model=model))
    if (rows["to_pillar_id"].notna() & (rows["from_model_id"] != rows["to_model_id"])).any():
        return [main]
    return [Section("no_links", info=t("sources.no_links", lang)), main]


@shared
def crosswalk_all(lang: str) -> Section:
    """The whole crosswalk as a table, with a note when a text in it is shown in its original language."""
    every = crosswalk_rows(queries.run("sources_crosswalk", from_model="all"), lang, _relation_labels(lang))
    fallback = bool(every["from_pillar"].str.endswith(i18n.FALLBACK_MARK).any()
                    or every["note"].str.endswith(i18n.FALLBACK_MARK).any())
    return Section("crosswalk_table", heading=t("sources.crosswalk_table_header", lang), level=3,
                   html=markup.table_html(crosswalk_table(every, lang)),
                   notes=(t("common.fallback_note", lang),) if fallback else ())


@shared
def glossary(lang: str) -> Section:
    """The glossary: term, expansion, meaning in lang."""
    rows = queries.run("sources_glossary")
    meanings = [i18n.label(r, "meaning", lang) for r in rows.to_dict("records")]
    return Section("glossary", heading=t("sources.glossary_header", lang), intro=t("sources.glossary_intro", lang),
                   html=markup.table_html(pd.DataFrame({
                       t("sources.col_term", lang): rows["term"],
                       t("sources.col_expansion", lang): rows["expansion"],
                       t("sources.col_meaning", lang): meanings,
                   })))


def code_licence() -> str | None:
    path = ROOT / "pyproject.toml"
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return tomllib.load(fh).get("project", {}).get("license")


def link(title: str, url) -> str:
    """A markdown link with the title as plain text; a URL that is not a plain web address shows as text."""
    if is_web_address(url):
        return f"[{plain(title)}]({url})"
    return plain(title)


@shared
def licences(lang: str) -> str:
    """The licences of the data and of the code, as markdown."""
    meta = db.package_meta()
    lines = []
    data = [link(lic.get("title") or lic.get("name", ""), lic.get("path")) for lic in meta.get("licenses", [])]
    if data:
        lines.append(t("sources.licence_data", lang, licences=", ".join(data)))
    code = code_licence()
    if code:
        lines.append(t("sources.licence_code", lang, licence=plain(code)))
    return "\n\n".join(lines)


def citation(url: str | None, lang: str) -> Section:
    """How to cite: the citation with today's date and the address the visitor uses (url, when known), in a box
    to copy, and the licences. Not shared: the date and the address change; the licences are."""
    meta = db.package_meta()  # its title and contributors are in English: the citation names them in lang
    curated = meta.get("last_curated")
    text = t("sources.cite_text", lang, authors=t("sources.cite_authors", lang), title=t("common.app_title", lang),
             version=meta.get("version", ""),
             curated=i18n.fmt_date(dt.date.fromisoformat(curated) if curated else None, "day", lang),
             accessed=i18n.fmt_date(dt.date.today(), "day", lang))
    # Text to select and copy, in a box; st.code's copy button would load a 1.5 MB highlighter on every visit.
    return Section("cite", heading=t("sources.cite_header", lang), intro=t("sources.cite_intro", lang),
                   html=markup.citation_html(f"{text} {url}" if url else text), markdown=licences(lang),
                   notes=(t("sources.licence_quotes", lang),))


def download_head(lang: str) -> Section:
    """The data package's heading and what it holds, shown above its download button."""
    return Section("download", heading=t("sources.download_header", lang), intro=t("sources.download_intro", lang))


def package_files(directory: Path) -> list[Path]:
    """datapackage.json and every file its resources list, each inside the data folder."""
    files = [directory / "datapackage.json"]
    for resource in load_package(directory)["resources"]:
        path = (directory / resource["path"]).resolve()
        if path.is_relative_to(directory.resolve()):
            files.append(path)
    return files


@st.cache_data(show_spinner=False, max_entries=4)
def package_zip(directory: str, stamp: tuple) -> bytes:
    """The data package as one ZIP, built in memory; stamp (files' sizes and times) keys the cache."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in package_files(Path(directory)):
            archive.write(path, arcname=path.name)
    return buffer.getvalue()


def package(directory: Path, lang: str) -> tuple[Callable[[], bytes], str, Section]:
    """The data package's download: what makes its ZIP (called when the button is clicked, then cached), the ZIP's
    file name, and the section naming its files (shown under the button)."""
    files = package_files(directory)
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    meta = db.package_meta()
    name = "-".join(str(part) for part in (meta.get("name") or "datapackage", meta.get("version")) if part)
    note = t("sources.package_files", lang, files=", ".join(plain(p.name) for p in files))
    return lambda: package_zip(str(directory), stamp), f"{name}.zip", Section("package_files", notes=(note,))
