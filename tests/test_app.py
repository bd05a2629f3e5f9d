"""Every page of the Streamlit app, run for real with streamlit.testing's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "main.py")


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved layouts go to a temporary folder, never the user's home."""
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path))


def open_app(page: str | None = None, **params: str) -> AppTest:
    app = AppTest.from_file(MAIN, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    if page:
        app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def shown(app: AppTest) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Showing"))


def test_the_explorer_opens_on_the_whole_graph() -> None:
    app = open_app()
    assert shown(app) == "Showing 34 concepts and 44 claims of 34 and 44."
    assert "Click a concept" in app.info[0].value


def test_search_then_select_shows_the_concepts_excerpt() -> None:
    app = open_app()
    app.text_input(key="search").input("interp").run()
    hit = next(b for b in app.button if b.key and b.key.startswith("hit-"))
    assert hit.label == "INTERPOL"
    hit.click().run()
    assert not app.exception
    assert app.subheader[0].value == "INTERPOL"
    html = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "such as <mark" in html and ">INTERPOL</mark>" in html
    assert app.query_params["node"] == "interpol"


def test_filters_change_the_node_count() -> None:
    app = open_app()
    app.multiselect(key="hidden_classes").select(
        "https://w3id.org/briefgraph/ontology#Threat"
    ).run()
    assert shown(app).startswith("Showing 28 concepts")
    app.multiselect(key="hidden_relations").select(
        "http://www.w3.org/2004/02/skos/core#broader"
    ).run()
    assert shown(app).startswith("Showing 28 concepts and 24 claims")
    assert app.query_params["hide"] == "Threat"


def test_focus_shows_the_neighbourhood_only() -> None:
    app = open_app(node="interpol", hops="1")
    assert shown(app).startswith("Showing 3 concepts and 3 claims")
    app.select_slider(key="hops").set_value(2).run()
    assert shown(app).startswith("Showing 13 concepts")


def test_a_deep_link_restores_the_view() -> None:
    app = open_app(node="precise-diplomacy", hops="2", hide="Threat", theme="dark")
    assert app.subheader[0].value == "Precise diplomacy"
    assert app.select_slider(key="hops").value == 2
    assert app.multiselect(key="hidden_classes").value == [
        "https://w3id.org/briefgraph/ontology#Threat"
    ]
    assert app.radio(key="theme").value == "dark"


def test_a_path_is_told_as_sentences_with_excerpts() -> None:
    app = open_app(path="joint-military-training,terrorism")
    texts = [m.value for m in app.markdown]
    assert any("shortest path" in t for t in texts)
    assert any("Joint military training is a kind of Collaboration on defense" in t for t in texts)
    assert any("read backwards" in t for t in texts)


def test_selecting_a_relation_shows_the_claim_and_its_evidence() -> None:
    app = open_app(node="precise-diplomacy")
    relation = next(b for b in app.button if b.key and b.key.startswith("rel-"))
    relation.click().run()
    assert app.subheader[0].value.endswith("requires Precise diplomacy")
    assert app.query_params["edge"] == "international-cooperation--requires--precise-diplomacy"


def test_reset_clears_the_view() -> None:
    app = open_app(node="interpol", hops="1", hide="Threat")
    next(b for b in app.button if b.label == "Reset view").click().run()
    assert shown(app).startswith("Showing 34 concepts")
    assert "node" not in app.query_params


def test_the_sources_page_highlights_every_annotated_span(network: object) -> None:
    import html as html_lib

    app = open_app("sources")
    assert app.title[0].value.startswith("The Role of International Cooperation")
    body = str(app.get("html")[-1].proto.body)
    for _, attrs in network.nodes(data=True):  # type: ignore[attr-defined]
        assert html_lib.escape(attrs["label"]) in body, attrs["label"]
    mentions = sum(len(a["excerpts"]) for _, a in network.nodes(data=True))  # type: ignore[attr-defined]
    assert f"{mentions} highlighted spans" in " ".join(c.value for c in app.caption)


def test_choosing_a_source_concept_opens_it_in_the_explorer() -> None:
    app = open_app("sources")
    app.selectbox(key="open_concept").select("https://w3id.org/briefgraph/concept/interpol").run()
    assert not app.exception
    assert app.subheader[0].value == "INTERPOL"


def test_the_tables_page_lists_every_concept_and_claim() -> None:
    app = open_app("tables")
    concepts, claims = (df.value for df in app.dataframe)
    assert len(concepts) == 34 and len(claims) == 44
    row = concepts[concepts["concept"] == "INTERPOL"].iloc[0]
    assert row["first excerpt"] == "INTERPOL" and row["class"] == "International body"


def test_the_analytics_page_ranks_centrality_and_counts() -> None:
    app = open_app("analytics")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Concepts"] == "34" and metrics["Claims"] == "44"
    ranking = app.dataframe[0].value
    assert ranking.iloc[0]["concept"] == "International cooperation"


def test_the_sparql_page_runs_a_picked_example_and_shows_its_rows() -> None:
    app = open_app("sparql")
    app.selectbox(key="example").select("04-claims-about-interpol").run()
    assert "INTERPOL" in app.text_area(key="sparql").value
    app.button(key="run").click().run()
    assert not app.exception
    rows = app.dataframe[0].value
    assert set(rows["subjectLabel"]) == {"Islamic nation", "INTERPOL"}
    assert any(c.value.startswith("SELECT: 2 rows in") for c in app.caption)


def test_iris_in_results_show_as_labels_linking_to_the_explorer() -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input("SELECT ?body WHERE { ?body a bg:InternationalBody }").run()
    app.button(key="run").click().run()
    rows = app.dataframe[0].value
    assert set(rows["body"]) == {"INTERPOL", "International bodies", "United Nations"}
    assert "./?node=interpol" in set(rows["body \u2197"])


def test_a_bad_query_shows_its_line_and_column() -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input("SELECT ?x WHERE {\n  ?x a \n}").run()
    app.button(key="run").click().run()
    assert "syntax error at line 3, column" in app.error[0].value


def test_an_update_is_refused_on_the_sparql_page() -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input("DELETE WHERE { ?s ?p ?o }").run()
    app.button(key="run").click().run()
    assert "read-only" in app.error[0].value


def test_a_construct_result_is_drawn_as_a_network() -> None:
    app = open_app("sparql")
    app.selectbox(key="example").select("13-threat-network").run()
    app.button(key="run").click().run()
    assert not app.exception
    assert any(c.value.startswith("CONSTRUCT:") for c in app.caption)
    assert any(c.value.endswith("claims") and "concepts and" in c.value for c in app.caption)
