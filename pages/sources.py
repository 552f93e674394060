"""Sources and method: every source, the curation rules, the crosswalk between models, the glossary, how to cite."""
import datetime as dt
import io
import tomllib
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from drugpolicy import db, i18n, markup, queries, state, ui
from drugpolicy.charts.crosswalk import RELATIONS, crosswalk_rows, crosswalk_sankey
from drugpolicy.i18n import t
from drugpolicy.validate import is_web_address, load_package


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


def statement_kinds(directory: Path) -> list[str]:
    """The kinds of statement the schema allows, in its order."""
    for resource in load_package(directory)["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "statement_kind":
                return field["constraints"]["enum"]
    return []


def code_licence() -> str | None:
    path = ui.ROOT / "pyproject.toml"
    if not path.exists():
        return None
    with path.open("rb") as fh:
        return tomllib.load(fh).get("project", {}).get("license")


def link(title: str, url) -> str:
    """A markdown link with the title as plain text; a URL that is not a plain web address shows as text."""
    if is_web_address(url):
        return f"[{ui.plain(title)}]({url})"
    return ui.plain(title)


@ui.shared
def sources_view(lang: str) -> dict:
    """The list of sources: its count line and table, built once per language for every session."""
    src = queries.run("sources_list")
    dates = [i18n.fmt_date(None if pd.isna(d) else d, p, lang)
             for d, p in zip(src["published_date"], src["published_precision"], strict=True)]
    table = pd.DataFrame({
        t("sources.col_title", lang): src["title"],
        t("sources.col_publisher", lang): src["publisher"],
        t("sources.col_date", lang): dates,
        t("sources.col_kind", lang): [t(f"sources.kind_{k}", lang) for k in src["document_kind"]],
        t("sources.col_language", lang): [t(f"sources.language_{code}", lang) for code in src["language"]],
        t("sources.col_link", lang): src["url"],
        t("sources.col_cited", lang): src["cited_rows"],
        t("sources.col_curator_note", lang): src["note"],
    })
    return {"count": t("sources.sources_count", lang, n=i18n.fmt_number(len(src), lang)),
            "table": markup.table_html(table, link_columns=(t("sources.col_link", lang),))}


def show_sources(lang: str) -> None:
    st.header(t("sources.sources_header"))
    view = sources_view(lang)
    st.markdown(view["count"])
    st.html(view["table"])


@ui.shared
def kinds_text(lang: str) -> str:
    """The kinds of statement the schema allows, as a markdown list in lang."""
    kinds = statement_kinds(db.data_dir())
    return "\n".join(f"- {ui.plain(t(f'enums.statement_kind_{kind}', lang))}" for kind in kinds)


def show_method(lang: str) -> None:
    st.header(t("sources.method_header"))
    st.markdown(t("sources.method_rules"))
    st.markdown(t("sources.method_kinds"))
    st.markdown(kinds_text(lang))
    st.subheader(t("sources.method_projection_header"))
    st.markdown(t("sources.method_projection"))


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


@ui.shared
def crosswalk_view(model: str, lang: str) -> dict:
    """The diagram from one model's pillars (or every model's: "all") to the common ones, with its table, the
    rows behind it and their sources, built once per (model, language) for every session."""
    relation_labels = _relation_labels(lang)
    model_names = ui.model_names(lang)
    rows = crosswalk_rows(queries.run("sources_crosswalk", from_model=model), lang, relation_labels)
    title = (t("sources.sankey_title_all", lang) if model == "all"
             else t("sources.sankey_title", lang, model=model_names[model]))
    return {
        "chart": crosswalk_sankey(rows, title, relation_labels),
        "no_links": not (rows["to_pillar_id"].notna() & (rows["from_model_id"] != rows["to_model_id"])).any(),
        "table": crosswalk_table(rows, lang),
        "rows": rows,
        "sources_text": ui.sources_text(rows),
    }


@ui.shared
def crosswalk_all_view(lang: str) -> dict:
    """The whole crosswalk as a table, and whether a text in it is shown in its original language."""
    every = crosswalk_rows(queries.run("sources_crosswalk", from_model="all"), lang, _relation_labels(lang))
    return {
        "table": markup.table_html(crosswalk_table(every, lang)),
        "fallback": bool(every["from_pillar"].str.endswith(i18n.FALLBACK_MARK).any()
                         or every["note"].str.endswith(i18n.FALLBACK_MARK).any()),
    }


def show_crosswalk(lang: str) -> None:
    st.header(t("sources.crosswalk_header"))
    st.markdown(t("sources.crosswalk_intro"))
    model_names = ui.model_names(lang)
    names = {"all": t("sources.from_model_all"), **model_names}
    model = state.choice("from_model", list(names), "all", t("sources.from_model"), lambda m: names.get(m, m),
                         horizontal=True)
    view = crosswalk_view(model, lang)
    ui.chart(view["chart"], "main_chart")
    if view["no_links"]:
        st.info(t("sources.no_links"))
    st.caption(t("sources.sankey_note"))
    st.caption(t("sources.relations_explained"))
    ui.table_expander(t("common.show_table"), "main", view["table"], hide_index=True)
    ui.caption(view["sources_text"])
    ui.chart_downloads(view["chart"], view["rows"], "crosswalk", lang)

    st.subheader(t("sources.crosswalk_table_header"))
    every = crosswalk_all_view(lang)
    st.html(every["table"])
    if every["fallback"]:
        st.caption(t("common.fallback_note"))


@ui.shared
def glossary_html(lang: str) -> str:
    """The glossary (term, expansion, meaning in lang) as an HTML table, made once per language."""
    glossary = queries.run("sources_glossary")
    meanings = [i18n.label(r, "meaning", lang) for r in glossary.to_dict("records")]
    return markup.table_html(pd.DataFrame({
        t("sources.col_term", lang): glossary["term"],
        t("sources.col_expansion", lang): glossary["expansion"],
        t("sources.col_meaning", lang): meanings,
    }))


def show_glossary(lang: str) -> None:
    st.header(t("sources.glossary_header"))
    st.markdown(t("sources.glossary_intro"))
    st.html(glossary_html(lang))


def show_citation(lang: str) -> None:
    st.header(t("sources.cite_header"))
    meta = db.package_meta()
    authors = ", ".join(c.get("title", "") for c in meta.get("contributors", []) if c.get("title"))
    curated = meta.get("last_curated")
    citation = t("sources.cite_text", authors=authors or t("common.app_title"), title=meta.get("title", ""),
                 version=meta.get("version", ""),
                 curated=i18n.fmt_date(dt.date.fromisoformat(curated) if curated else None, "day", lang),
                 accessed=i18n.fmt_date(dt.date.today(), "day", lang))
    url = st.context.url
    st.markdown(t("sources.cite_intro"))
    # Text to select and copy, in a box; st.code's copy button would load a 1.5 MB highlighter on every visit.
    st.html(markup.citation_html(f"{citation} {url}" if url else citation))
    licences = [link(lic.get("title") or lic.get("name", ""), lic.get("path")) for lic in meta.get("licenses", [])]
    if licences:
        st.markdown(t("sources.licence_data", licences=", ".join(licences)))
    code = code_licence()
    if code:
        st.markdown(t("sources.licence_code", licence=ui.plain(code)))
    st.caption(t("sources.licence_quotes"))


def show_download(directory: Path) -> None:
    st.header(t("sources.download_header"))
    st.markdown(t("sources.download_intro"))
    files = package_files(directory)
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    meta = db.package_meta()
    name = "-".join(str(part) for part in (meta.get("name") or "datapackage", meta.get("version")) if part)
    # The ZIP is made when the button is clicked (and cached), not on every run of the page.
    st.download_button(t("sources.download_button"), data=lambda: package_zip(str(directory), stamp),
                       file_name=f"{name}.zip", mime="application/zip", on_click="ignore")
    st.caption(t("sources.package_files", files=", ".join(ui.plain(p.name) for p in files)))


lang = ui.page_setup("sources")
with ui.guard():
    directory = db.data_dir()
    st.title(t("sources.title"))
    st.markdown(t("sources.intro"))
    show_sources(lang)
    show_method(lang)
    show_crosswalk(lang)
    show_glossary(lang)
    show_citation(lang)
    show_download(directory)
