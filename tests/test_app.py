"""The Streamlit app, run for real with streamlit.testing's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

MAIN = str(Path(__file__).resolve().parent.parent / "app" / "main.py")


def test_the_overview_page_counts_the_default_graph() -> None:
    app = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Concepts"] == "34"
    assert metrics["Claims"] == "44"
    classes = app.dataframe[0].value
    assert dict(zip(classes["class"], classes["concepts"], strict=True))["Threat"] == 6
