"""Every page of the Streamlit app, run for real with streamlit.testing's AppTest."""

from __future__ import annotations

import html
from pathlib import Path

import markupsafe
import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import failures

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
    assert not failures(app), failures(app)
    return app


def shown(app: AppTest) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Showing"))


def test_the_explorer_opens_on_the_whole_graph() -> None:
    app = open_app()
    assert shown(app) == "Showing 34 concepts and 50 claims of 34 and 50."
    assert "Click a concept" in app.info[0].value


def test_search_then_select_shows_the_concepts_excerpt() -> None:
    app = open_app()
    app.text_input(key="search").input("interp").run()
    hit = next(b for b in app.button if b.key and b.key.startswith("hit-"))
    assert hit.label == "INTERPOL"
    hit.click().run()
    assert not failures(app), failures(app)
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
        "https://w3id.org/briefgraph/ontology#kindOf"
    ).run()
    assert shown(app).startswith("Showing 28 concepts and 34 claims")
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
    assert f"{mentions} concept spans tinted" in " ".join(c.value for c in app.caption)
    # Every claim's evidence is underlined, each span once, with the claims in its tooltip.
    spans = {(e.start, e.end) for *_, a in network.edges(data=True) for e in a["excerpts"]}  # type: ignore[attr-defined]
    assert body.count("text-decoration:underline solid") >= len(spans)
    legend = " ".join(str(h.proto.body) for h in app.get("html"))
    assert f"the evidence of a claim ({len(spans)} excerpts)" in legend
    # Markdown headings are headings, their # signs gone.
    assert "<h2" in body and "The Role of International Cooperation" in body
    assert "# The Role" not in body and "## " not in body


def test_choosing_a_source_concept_opens_it_in_the_explorer() -> None:
    app = open_app("sources")
    app.selectbox(key="open_concept").select("https://w3id.org/briefgraph/concept/interpol").run()
    assert not failures(app), failures(app)
    assert app.subheader[0].value == "INTERPOL"


def test_the_tables_page_lists_every_concept_and_claim() -> None:
    app = open_app("tables")
    concepts, claims = (df.value for df in app.dataframe)
    assert len(concepts) == 34 and len(claims) == 50
    row = concepts[concepts["concept"] == "INTERPOL"].iloc[0]
    assert row["first excerpt"] == "INTERPOL" and row["class"] == "International body"


def test_the_analytics_page_ranks_centrality_and_counts() -> None:
    app = open_app("analytics")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Concepts"] == "34" and metrics["Claims"] == "50"
    ranking = app.dataframe[0].value
    assert ranking.iloc[0]["concept"] == "International cooperation"


def test_the_sparql_page_runs_a_picked_example_and_shows_its_rows() -> None:
    app = open_app("sparql")
    app.selectbox(key="example").select("04-claims-about-interpol").run()
    assert "INTERPOL" in app.text_area(key="sparql").value
    app.button(key="run").click().run()
    assert not failures(app), failures(app)
    rows = app.dataframe[0].value
    assert set(rows["subjectLabel"]) == {"Islamic nation", "INTERPOL"}
    assert any(c.value.startswith("SELECT: 2 rows in") for c in app.caption)


def test_each_session_is_its_own_client_of_the_query_workers() -> None:
    sessions = [open_app("sparql") for _ in range(2)]
    for app in sessions:
        app.text_area(key="sparql").input("ASK { ?s ?p ?o }").run()
        app.button(key="run").click().run()
        assert not failures(app), failures(app)
    clients = {app.session_state["query_client"] for app in sessions}
    assert len(clients) == 2 and all(c.startswith("session ") for c in clients)


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
    assert "syntax error at line 2, column 3" in app.error[0].value


def test_an_update_is_refused_on_the_sparql_page() -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input("DELETE WHERE { ?s ?p ?o }").run()
    app.button(key="run").click().run()
    assert "read-only" in app.error[0].value


def test_a_construct_result_is_drawn_as_a_network() -> None:
    app = open_app("sparql")
    app.selectbox(key="example").select("13-threat-network").run()
    app.button(key="run").click().run()
    assert not failures(app), failures(app)
    assert any(c.value.startswith("CONSTRUCT:") for c in app.caption)
    assert any(c.value.endswith("claims") and "concepts and" in c.value for c in app.caption)


# ------------------------------------------------------------------ briefings


def html_bodies(app: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in app.get("html"))


def test_the_presenter_moves_forward_and_back_showing_each_steps_excerpt() -> None:
    from graph.briefing.files import DEFAULT_BRIEFING, default_library

    steps = default_library().load(DEFAULT_BRIEFING).steps
    app = open_app("present")
    seen = []
    for number, step in enumerate(steps, 1):
        body = html_bodies(app)
        assert f"Step {number} of {len(steps)}" in body
        assert plain_title(step.title) in body
        assert f"<mark>{markupsafe.escape(step.excerpts[0].quote)}</mark>" in body
        assert app.query_params["step"] == str(number)
        seen.append(number)
        if number < len(steps):
            app.button(key="present_next").click().run()
            assert not failures(app), failures(app)
    assert app.button(key="present_next").disabled
    app.button(key="present_previous").click().run()
    assert f"Step {len(steps) - 1} of {len(steps)}" in html_bodies(app)
    assert seen == list(range(1, len(steps) + 1))


def plain_title(title: str) -> str:
    return html.escape(title)


def test_a_deep_link_opens_the_presenter_at_its_step() -> None:
    app = open_app("present", briefing="the-argument", step="6")
    body = html_bodies(app)
    assert "Step 6 of 9" in body and "INTERPOL and the United Nations" in body
    assert not app.button(key="present_previous").disabled


def test_the_presenter_reports_a_broken_saved_briefing_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "broken.yaml").write_text(
        "title: Broken\nsteps:\n- title: Lost\n  focus: {concepts: [atlantis]}\n", encoding="utf-8"
    )
    app = open_app("present", briefing="broken")
    assert "step 1 ('Lost'): there is no concept 'atlantis'" in app.error[0].value


def test_a_view_added_from_the_explorer_is_edited_reordered_and_saved(tmp_path: Path) -> None:
    from graph.briefing.files import read_briefing

    app = open_app(node="interpol", hops="1")
    add = next(b for b in app.button if b.label == "Add this view as a step")
    add.click().run()
    app.text_input(key="search").input("diplomacy").run()
    next(b for b in app.button if b.key and b.key.startswith("hit-")).click().run()
    next(b for b in app.button if b.label == "Add this view as a step").click().run()
    assert not failures(app), failures(app)

    app.switch_page("app_pages/briefings.py")
    app.run()
    assert not failures(app), failures(app)
    assert app.success[0].value == "Ready to present: 2 steps."
    titles = [m.value for m in app.markdown if m.value.startswith(("**1.", "**2."))]
    assert titles == ["**1. INTERPOL**", "**2. Precise diplomacy**"]

    down = next(b for b in app.button if b.key and b.key.endswith("-down") and not b.disabled)
    down.click().run()
    titles = [m.value for m in app.markdown if m.value.startswith(("**1.", "**2."))]
    assert titles == ["**1. Precise diplomacy**", "**2. INTERPOL**"]

    form_key = next(t.key for t in app.text_input if t.key and t.key.endswith("-title"))
    prefix = form_key.removesuffix("-title")
    app.text_input(key=f"{prefix}-title").input("What cooperation requires")
    app.text_area(key=f"{prefix}-narration").input("It **requires** diplomacy.")
    app.text_area(key=f"{prefix}-excerpts").input("requires precise diplomacy")
    app.multiselect(key=f"{prefix}-concepts").select("international-cooperation")
    next(b for b in app.button if b.label == "Apply" and prefix in str(b.proto.id)).click().run()
    assert not failures(app), failures(app)

    app.button(key="briefing_save").click().run()
    saved = read_briefing(tmp_path / "briefings" / "my-briefing.yaml")
    assert [s.title for s in saved.steps] == ["What cooperation requires", "INTERPOL"]
    assert saved.steps[0].narration == "It **requires** diplomacy."
    assert saved.steps[0].excerpts[0].quote == "requires precise diplomacy"
    assert saved.steps[0].focus.concepts == ("precise-diplomacy", "international-cooperation")
    assert saved.steps[1].focus.concepts == ("interpol",) and saved.steps[1].hops == 1
    assert "Saved to" in app.success[0].value

    delete = next(b for b in app.button if b.key and b.key.endswith("-delete"))
    delete.click().run()
    assert app.success[0].value == "Ready to present: 1 step."


def test_a_shipped_briefing_opens_for_editing_and_saves_beside_it(tmp_path: Path) -> None:
    app = open_app("briefings")
    assert "Open a briefing" in app.info[0].value
    app.selectbox(key="briefing_to_open").select("the-argument").run()
    next(b for b in app.button if b.label == "Open for editing").click().run()
    assert app.success[0].value == "Ready to present: 9 steps."
    captions = [c.value for c in app.caption]
    assert "Focus\\: paths from Global Islamic Ummah to National defense strategy" in captions
    app.button(key="briefing_save").click().run()
    assert (tmp_path / "briefings" / "the-argument.yaml").is_file()


def test_a_link_to_an_unknown_briefing_says_so_and_shows_the_default() -> None:
    app = open_app("present", briefing="no-such-tour", step="2")
    assert "no briefing called no\\-such\\-tour" in app.warning[0].value
    assert "Step 2 of 9" in html_bodies(app)


def test_an_inferred_claim_says_so_and_why_in_the_explorer() -> None:
    app = open_app(edge="international-cooperation--counters--international-security-threats")
    assert (
        app.subheader[0].value
        == "International cooperation counters International security threats"
    )
    caption = next(c.value for c in app.caption if c.value.startswith("Claim"))
    shown_text = caption.replace("\\", "")  # Markdown escapes, as the page renders them
    assert "Claim \u2014 inferred: The essay answers the cross-border threats" in shown_text
    stated = open_app(edge="international-cooperation--requires--precise-diplomacy")
    assert any(c.value == "Claim, stated by the source" for c in stated.caption)


def test_a_concepts_relations_name_their_status_and_its_thesaurus_match() -> None:
    app = open_app(node="forum-participation")
    labels = [b.label for b in app.button if b.key and b.key.startswith("rel-")]
    assert (
        "Participation in worldwide forums is a kind of International cooperation (inferred)"
        in labels
    )
    terrorism = open_app(node="terrorism")
    bodies = " ".join(str(h.proto.body) for h in terrorism.get("html"))
    assert "same as" in bodies
    assert 'href="http://vocabularies.unesco.org/thesaurus/concept6843"' in bodies


def test_the_tables_page_shows_each_claims_status_and_justification() -> None:
    app = open_app("tables")
    claims = app.dataframe[1].value
    assert sorted(claims["status"].unique()) == ["inferred", "stated"]
    inferred = claims[claims["status"] == "inferred"]
    assert len(inferred) == 6 and inferred["justification"].str.len().min() > 40


def test_the_presenter_lists_a_steps_inferred_links_with_their_reasons() -> None:
    app = open_app("present", briefing="the-argument", step="3")
    body = html_bodies(app)
    assert "Dashed links are a reading, not a quote" in body
    assert (
        '<li dir="ltr"><bdi>International cooperation</bdi> <bdi>counters</bdi> '
        "<bdi>International security threats</bdi> <bdi>(inferred:"
    ) in body
    plain_step = html_bodies(open_app("present", briefing="the-argument", step="2"))
    assert "Dashed links" not in plain_step


def test_the_arabic_presenter_sets_each_inferred_link_right_to_left_its_labels_isolated() -> None:
    body = html_bodies(open_app("present", briefing="the-argument", step="3", lang="ar"))
    cooperation, counters = "التعاون الدولي", "يتصدى لـ"
    assert '<ul lang="ar" dir="rtl"><li dir="rtl">' in body
    assert f"<bdi>{cooperation}</bdi> <bdi>{counters}</bdi>" in body
    assert '<h2 class="step-title" dir="auto">Why one nation alone' in body
    assert '<blockquote dir="auto">' in body and '<p dir="auto">' in body


def test_the_sources_page_counts_coverage_and_marks_what_no_claim_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app("sources")
    captions = " ".join(c.value for c in app.caption)
    assert "15 of 15 sentences support a claim (100%)" in captions
    assert "Every sentence supports at least one claim." in captions
    assert "underline wavy" not in str(app.get("html")[-1].proto.body)


def download_labels(app: AppTest) -> list[str]:
    return [str(d.proto.label) for d in app.get("download_button")]


@pytest.mark.parametrize(("answer", "query"), [("yes", "ASK { ?c a bg:Threat }"),
                                               ("no", "ASK { ?c a bg:Nothing }")])  # fmt: skip
def test_ask_on_the_sparql_page_answers_and_offers_every_download(answer: str, query: str) -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input(query).run()
    app.button(key="run").click().run()
    assert not failures(app), failures(app)
    assert app.success[0].value == f"Answer: {answer}"
    assert any(c.value.startswith(f"ASK: {answer} in") for c in app.caption)
    assert download_labels(app) == ["CSV (for spreadsheets)", "TSV", "JSON"]
    app.switch_page("app_pages/tables.py").run()
    app.switch_page("app_pages/sparql.py").run()
    assert not failures(app), failures(app)


def test_a_construct_result_draws_only_the_triples_it_returned() -> None:
    app = open_app("sparql")
    query = "CONSTRUCT { ?a bg:counters ?b } WHERE { ?a bg:counters ?b } LIMIT 2"
    app.text_area(key="sparql").input(query).run()
    app.button(key="run").click().run()
    assert not failures(app), failures(app)
    assert any(c.value.startswith("CONSTRUCT: 2 triples in") for c in app.caption)
    drawn = next(
        c.value for c in app.caption if "concepts and" in c.value or "concept and" in c.value
    )
    assert drawn.endswith("and 2 claims"), drawn
    assert download_labels(app) == ["Turtle", "N-Triples", "JSON-LD"]


def test_the_query_text_survives_navigation_and_is_written_to_the_link() -> None:
    app = open_app("sparql")
    query = "SELECT ?l WHERE { ?c a bg:Threat ; skos:prefLabel ?l }"
    app.text_area(key="sparql").input(query).run()
    assert app.query_params["query"] == [query] or app.query_params["query"] == query
    app.switch_page("app_pages/explorer.py").run()
    app.switch_page("app_pages/sparql.py").run()
    assert app.text_area(key="sparql").value == query


def test_a_shared_query_link_fills_the_editor_and_runs_nothing() -> None:
    query = "SELECT ?l WHERE { ?c a bg:Threat ; skos:prefLabel ?l }"
    app = open_app("sparql", query=query)
    assert app.text_area(key="sparql").value == query
    assert not app.dataframe and not any(c.value.startswith("SELECT:") for c in app.caption)


def test_a_result_whose_query_was_edited_says_so() -> None:
    app = open_app("sparql")
    app.text_area(key="sparql").input("ASK { ?c a bg:Threat }").run()
    app.button(key="run").click().run()
    app.text_area(key="sparql").input("ASK { ?c a bg:Partner }").run()
    assert any("changed since this result" in i.value for i in app.info)


def test_an_error_in_a_page_is_said_in_words_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from app import data

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a deliberate failure deep in the analytics")

    monkeypatch.setattr(data, "centrality_ranking", broken)
    app = AppTest.from_file(MAIN, default_timeout=60)
    app.switch_page("app_pages/analytics.py")
    with caplog.at_level("ERROR", logger="briefgraph.app"):
        app.run()
    assert not app.exception
    assert failures(app) and failures(app)[0].startswith("This page stopped")
    assert "deliberate failure" not in " ".join(e.value for e in app.error)
    assert any("deliberate failure" in r.getMessage() or r.exc_info for r in caplog.records)


FULL_VIEW = {
    "node": "interpol",
    "hops": "2",
    "hide": "Threat",
    "path": "terrorism,united-nations",
    "colour": "community",
    "theme": "dark",
}


def test_the_explorers_whole_view_survives_a_trip_to_another_page() -> None:
    app = open_app(**FULL_VIEW)
    app.text_input(key="search").input("diplo").run()
    app.toggle(key="physics").set_value(True).run()
    before = {k: app.query_params[k] for k in FULL_VIEW}
    for page in ("tables", "sources", "sparql"):
        app.switch_page(f"app_pages/{page}.py").run()
        app.switch_page("app_pages/explorer.py").run()
        assert not failures(app), failures(app)
        assert {k: app.query_params[k] for k in FULL_VIEW} == before, page
        assert app.text_input(key="search").value == "diplo"
        assert app.toggle(key="physics").value is True
        assert app.select_slider(key="hops").value == 2
        assert app.subheader[0].value.startswith("INTERPOL") or any(
            "shortest path" in m.value for m in app.markdown
        )


def test_opening_a_concept_from_sources_selects_it_in_an_explorer_seen_before() -> None:
    app = open_app(node="interpol")
    app.switch_page("app_pages/sources.py").run()
    app.selectbox(key="open_concept").select("https://w3id.org/briefgraph/concept/terrorism").run()
    assert not failures(app), failures(app)
    assert app.query_params["node"] in ("terrorism", ["terrorism"])
    assert app.subheader[0].value == "Terrorism"


def test_a_link_with_an_unknown_concept_and_too_many_hops_says_what_it_shows() -> None:
    app = open_app(node="doesnotexist", hops="999")
    warnings = " ".join(w.value for w in app.warning)
    assert "no concept named \u201cdoesnotexist\u201d" in warnings
    assert "\u201c999\u201d hops cannot be drawn: it is 3" in warnings
    assert app.select_slider(key="hops").value == 3


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "1\u00b2"])
def test_a_deep_link_with_a_digit_int_cannot_read_gets_the_notice_not_a_stop(value: str) -> None:
    app = open_app(node="interpol", hops=value)  # open_app fails on an exception shown
    assert "hops cannot be drawn" in " ".join(w.value for w in app.warning)
    presenter = open_app("present", briefing="the-argument", step=value)
    assert not failures(presenter), failures(presenter)


def test_hiding_the_selected_concepts_class_says_so() -> None:
    app = open_app(node="interpol", hops="2")
    app.multiselect(key="hidden_classes").select(
        "https://w3id.org/briefgraph/ontology#InternationalBody"
    ).run()
    assert not failures(app), failures(app)
    assert any("INTERPOL is hidden by the filter" in i.value for i in app.info)


def add_view(app: AppTest) -> None:
    next(b for b in app.button if b.label == "Add this view as a step").click().run()
    assert not failures(app), failures(app)


def test_an_unsaved_briefing_survives_a_reload_and_is_offered_back() -> None:
    app = open_app(node="interpol")
    add_view(app)
    assert "(a new briefing" in app.toast[0].value
    reloaded = open_app("briefings")  # a reload is a new session
    offered = [m.value for m in reloaded.markdown if m.value.startswith("**Unsaved draft")]
    assert offered and "My briefing" in offered[0] and "1 step," in offered[0]
    reloaded.button(key="restore-my-briefing").click().run()
    assert not failures(reloaded), failures(reloaded)
    assert reloaded.subheader[0].value == "My briefing: 1 step"
    assert any("Unsaved changes" in c.value for c in reloaded.caption)
    # Adding a view in yet another session continues the kept draft, and says so.
    other = open_app(node="terrorism")
    add_view(other)
    assert "Added step 2 to \u201cMy briefing\u201d (your unsaved draft" in other.toast[0].value


def test_a_new_briefing_starts_without_an_error() -> None:
    app = open_app("briefings")
    next(b for b in app.button if b.label == "Start a new briefing").click().run()
    assert not failures(app), failures(app)
    assert not app.error and app.subheader[0].value == "My briefing: 0 steps"


def test_two_sessions_saving_one_briefing_do_not_overwrite_each_other() -> None:
    first = open_app(node="interpol")
    add_view(first)
    first.switch_page("app_pages/briefings.py").run()
    first.button(key="briefing_save").click().run()
    assert "Saved to" in first.success[0].value
    sessions = []
    for _ in range(2):
        app = open_app("briefings")
        app.selectbox(key="briefing_to_open").select("my-briefing").run()
        next(b for b in app.button if b.label == "Open for editing").click().run()
        sessions.append(app)
    for app, concept in zip(sessions, ("terrorism", "united-nations"), strict=True):
        app.switch_page("app_pages/explorer.py").run()
        app.query_params["node"] = concept
        app.session_state["node"] = f"https://w3id.org/briefgraph/concept/{concept}"
        app.run()
        add_view(app)
        app.switch_page("app_pages/briefings.py").run()
    sessions[0].button(key="briefing_save").click().run()
    assert "Saved to" in sessions[0].success[0].value
    sessions[1].button(key="briefing_save").click().run()
    assert any("saved by someone else" in e.value for e in sessions[1].error)
    from graph.briefing.files import default_library

    saved = default_library().load("my-briefing")
    assert [s.title for s in saved.steps] == ["INTERPOL", "Terrorism"]


def test_a_filter_step_is_summarised_with_class_labels() -> None:
    app = open_app(hide="Threat")
    add_view(app)
    app.switch_page("app_pages/briefings.py").run()
    summary = next(c.value for c in app.caption if c.value.startswith("Focus"))
    assert "Cooperation form" in summary or "International bod" in summary, summary
    assert "CooperationForm" not in summary and "InternationalBody" not in summary


def test_the_tables_keep_their_name_columns_in_view_and_give_excerpts_room() -> None:
    import json

    app = open_app("tables")
    concepts, claims = (json.loads(d.proto.columns) for d in app.dataframe[:2])
    assert concepts["concept"]["pinned"] and concepts["first excerpt"]["width"] == "large"
    assert claims["claim"]["pinned"] and claims["evidence"]["width"] == "large"


def test_the_dark_theme_darkens_every_page_not_only_the_network() -> None:
    app = open_app(theme="dark")
    styles = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "background-color: #0e1117" in styles
    app.switch_page("app_pages/tables.py").run()
    styles = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "background-color: #0e1117" in styles
    light = open_app()
    assert "#0e1117" not in " ".join(str(h.proto.body) for h in light.get("html"))


def test_the_arabic_switch_names_concepts_in_arabic_right_to_left_and_keeps_the_quotes() -> None:
    app = open_app(node="interpol")
    assert app.selectbox(key="language").options == ["en", "ar"]
    app.selectbox(key="language").set_value("ar").run()
    assert not failures(app), failures(app)
    body = " ".join(str(h.proto.body) for h in app.get("html"))
    assert (
        'dir="rtl" lang="ar"' in body
        and "\u0627\u0644\u0625\u0646\u062a\u0631\u0628\u0648\u0644" in body
    )
    assert (
        "\u0647\u064a\u0626\u0629 \u062f\u0648\u0644\u064a\u0629" in body
    )  # its class: an international body
    # The excerpts stay in the essay's English words.
    assert "<mark" in body and ">INTERPOL</mark>" in body
    relations = [b.label for b in app.button if b.key and b.key.startswith("rel-")]
    assert relations and all(
        "\u0627\u0644\u0625\u0646\u062a\u0631\u0628\u0648\u0644" in r for r in relations
    )
    # Each relation is a line set right to left in Unicode's isolates (a button is text).
    assert all(r.startswith("\u2067") for r in relations)


def test_an_arabic_claims_heading_is_right_to_left_with_each_label_in_its_own_bdi() -> None:
    app = open_app(edge="international-cooperation--counters--international-security-threats")
    app.selectbox(key="language").set_value("ar").run()
    assert not failures(app), failures(app)
    body = " ".join(str(h.proto.body) for h in app.get("html"))
    cooperation, counters, threats = "التعاون الدولي", "يتصدى لـ", "التهديدات الأمنية الدولية"
    assert (
        f'<h3 dir="rtl" style="margin:0.2rem 0"><bdi>{cooperation}</bdi> <bdi>{counters}</bdi> '
        f"<bdi>{threats}</bdi></h3>"
    ) in body


def test_the_explorer_offers_its_view_as_svg_and_png() -> None:
    app = open_app(node="interpol", hops="1")
    assert {"Picture (SVG)", "Picture (PNG)"} <= set(download_labels(app))


def test_served_read_only_nothing_a_visitor_does_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGRAPH_READ_ONLY", "1")
    app = open_app(node="interpol")
    assert next(b for b in app.button if b.label == "Forget saved layout").disabled
    add_view(app)  # a draft in the session only
    app.switch_page("app_pages/briefings.py").run()
    assert app.button(key="briefing_save").disabled
    assert any("read-only" in c.value for c in app.caption)
    assert not (tmp_path / "drafts").exists() and not (tmp_path / "briefings").exists()


@pytest.mark.parametrize(
    ("host", "flags", "read_only"),
    [("127.0.0.1", [], False), ("localhost", [], False), ("::1", [], False),
     ("0.0.0.0", [], True), ("192.168.1.5", [], True), ("0.0.0.0", ["--allow-writes"], False)],
)  # fmt: skip
def test_the_app_is_read_only_when_served_beyond_loopback_unless_allowed(
    monkeypatch: pytest.MonkeyPatch, host: str, flags: list[str], read_only: bool
) -> None:
    import subprocess

    from graph.cli import main as briefgraph_main

    started: dict[str, dict[str, str]] = {}

    def fake_call(command: list[str], env: dict[str, str]) -> int:
        started["env"] = env
        return 0

    monkeypatch.setattr(subprocess, "call", fake_call)
    assert briefgraph_main(["app", "--host", host, *flags]) == 0
    assert (started["env"].get("BRIEFGRAPH_READ_ONLY") == "1") is read_only


def test_the_app_is_served_without_reloading_or_a_full_collection_after_each_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`briefgraph app` serves as the tests and the bench do: no source watcher, and no
    gc.collect(2) after every run (about 75 ms of each click on the app's heap)."""
    import subprocess

    from graph.cli import main as briefgraph_main

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda command, env: started.append(command) or 0)
    assert briefgraph_main(["app"]) == 0
    options = dict(zip(started[0][5::2], started[0][6::2], strict=True))
    assert options["--runner.postScriptGC"] == "false"
    assert options["--server.fileWatcherType"] == "none"
    assert options["--client.showErrorDetails"] == "none"


def test_a_folded_group_of_a_graph_over_the_budget_lists_its_most_connected_members(
    monkeypatch: pytest.MonkeyPatch, network: nx.MultiDiGraph
) -> None:
    """Over the node budget, classes are folded into one node each: selecting one shows
    its members, most connected first, and a member's button selects that concept."""
    from graph.network.budget import FOLDED, fold

    monkeypatch.setenv("BRIEFGRAPH_NODE_BUDGET", "20")
    page = fold(nx.MultiDiGraph(network), 20)
    group = next(n for n in page.network if n.startswith(FOLDED))
    app = open_app()
    assert any("folded" in c.value for c in app.caption), [c.value for c in app.caption]
    app.session_state["node"] = group
    app.run()
    assert not failures(app), failures(app)
    heading = next(m.value for m in app.markdown if "most connected of them" in m.value)
    members = [b for b in app.button if b.key and b.key.startswith("member-")]
    assert members and f"of {page.network.nodes[group]['folded']}" in heading
    first = members[0].key.removeprefix("member-")
    assert network.degree(first) == max(
        network.degree(b.key.removeprefix("member-")) for b in members
    )
    members[0].click().run()
    assert app.session_state["node"] == first
