"""One settings object for every limit: safe defaults, the environment's values, clear errors."""

from __future__ import annotations

import pytest

from graph.settings import DEFAULTS, Settings, SettingsError, settings


def test_the_defaults_are_the_safe_ones_the_readme_states() -> None:
    assert settings({}) == DEFAULTS == Settings(
        query_timeout=10.0, max_rows=10_000, worker_memory_mb=1024, client_query_seconds=30.0,
        upload_mb=20, max_pdf_pages=5_000, max_pdf_characters=10_000_000,
        document_seconds=1800.0, node_budget=300, cors_origins=(), allow_writes=False,
    )  # fmt: skip


def test_the_environment_sets_each_limit() -> None:
    chosen = settings(
        {
            "BRIEFGRAPH_QUERY_TIMEOUT": "2.5",
            "BRIEFGRAPH_MAX_ROWS": "500",
            "BRIEFGRAPH_WORKER_MEMORY_MB": "256",
            "BRIEFGRAPH_CLIENT_QUERY_SECONDS": "12",
            "BRIEFGRAPH_UPLOAD_MB": "5",
            "BRIEFGRAPH_MAX_PDF_PAGES": "40",
            "BRIEFGRAPH_MAX_PDF_CHARACTERS": "50000",
            "BRIEFGRAPH_DOCUMENT_SECONDS": "90",
            "BRIEFGRAPH_NODE_BUDGET": "120",
            "BRIEFGRAPH_CORS": "https://a.example, https://b.example",
            "BRIEFGRAPH_ALLOW_WRITES": "yes",
        }
    )
    assert chosen == Settings(
        query_timeout=2.5, max_rows=500, worker_memory_mb=256, client_query_seconds=12.0,
        upload_mb=5, max_pdf_pages=40, max_pdf_characters=50_000, document_seconds=90.0,
        node_budget=120, cors_origins=("https://a.example", "https://b.example"),
        allow_writes=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("BRIEFGRAPH_MAX_ROWS", "lots", "BRIEFGRAPH_MAX_ROWS must be a number from 1 to"),
        ("BRIEFGRAPH_MAX_ROWS", "0", "must be from 1 to 1,000,000, not 0"),
        ("BRIEFGRAPH_QUERY_TIMEOUT", "-1", "BRIEFGRAPH_QUERY_TIMEOUT must be from"),
        ("BRIEFGRAPH_NODE_BUDGET", "99999", "BRIEFGRAPH_NODE_BUDGET must be from 20 to 5,000"),
        ("BRIEFGRAPH_DOCUMENT_SECONDS", "nan", "BRIEFGRAPH_DOCUMENT_SECONDS must be from 1"),
        ("BRIEFGRAPH_MAX_PDF_PAGES", "0", "BRIEFGRAPH_MAX_PDF_PAGES must be from 1 to"),
        ("BRIEFGRAPH_ALLOW_WRITES", "maybe", "BRIEFGRAPH_ALLOW_WRITES must be yes or no"),
    ],
)
def test_a_bad_value_is_named_never_replaced_by_a_default(
    variable: str, value: str, words: str
) -> None:
    with pytest.raises(SettingsError, match=words.replace("(", r"\(")):
        settings({variable: value})


def test_the_query_runner_and_the_cli_take_their_limits_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.test_cli import briefgraph

    monkeypatch.setenv("BRIEFGRAPH_MAX_ROWS", "3")
    result = briefgraph("query", "SELECT ?s WHERE { ?s ?p ?o }", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1 + 3  # the header and 3 rows
    monkeypatch.setenv("BRIEFGRAPH_MAX_ROWS", "lots")
    broken = briefgraph("query", "ASK { ?s ?p ?o }")
    assert broken.returncode != 0 and "BRIEFGRAPH_MAX_ROWS must be a number" in broken.stderr
    assert "Traceback" not in broken.stderr
