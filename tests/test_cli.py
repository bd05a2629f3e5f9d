"""The command line, run as a user runs it: a subprocess, its output and its exit status."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.network.export import FORMATS, RDF_FORMATS

DATA = Path(__file__).resolve().parent / "data"


def briefgraph(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def assert_plain_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("briefgraph: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_build_reports_the_graph_and_writes_turtle(tmp_path: Path, rdf_graph: Graph) -> None:
    out = tmp_path / "graph.ttl"
    result = briefgraph("build", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "34 concepts, 50 claims" in result.stdout
    assert isomorphic(Graph().parse(out), rdf_graph)


def test_validate_passes_on_the_default_graph() -> None:
    result = briefgraph("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_validate_lists_violations_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "doc.txt").write_text((DATA / "tiny" / "doc.txt").read_text())
    annotations = (DATA / "tiny" / "annotations.yaml").read_text()
    (folder / "annotations.yaml").write_text(annotations.replace("[Joint patrols]", "[]"))
    result = briefgraph("validate", "--corpus", str(folder))
    assert result.returncode == 1
    assert '- concept "Joint patrols": has no source excerpt' in result.stdout


def test_stats_counts_classes_and_relations_as_json() -> None:
    result = briefgraph("stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["concepts"] == 34 and stats["claims"] == 50
    by_class = {c["label"]: c["count"] for c in stats["by_class"]}
    assert by_class["Threat"] == 6 and by_class["International body"] == 3


README = Path(__file__).resolve().parent.parent / "README.md"


def test_stats_of_another_ontology_give_the_readmes_figures(
    shared_dir: Path, tmp_path: Path
) -> None:
    # The README's own line, run as written from the checkout, with its comment's figures.
    (line,) = [
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("briefgraph stats --data") and "unesco" in line
    ]
    command, comment = line.split("#")
    figures = re.fullmatch(r"\s*([\d,]+) resources, ([\d,]+) links\s*", comment)
    assert figures, comment
    resources, links = (int(f.replace(",", "")) for f in figures.groups())
    args = command.split()[1:]
    env = {**os.environ, "BRIEFGRAPH_HOME": str(tmp_path)}
    run = functools.partial(
        subprocess.run, capture_output=True, text=True, timeout=120, cwd=README.parent, env=env
    )
    text = run([sys.executable, "-m", "graph", *args])
    assert text.returncode == 0, text.stderr
    assert f"resources {resources:,} " in text.stdout
    assert f"links     {links:,} " in text.stdout
    stats = json.loads(run([sys.executable, "-m", "graph", *args, "--json"]).stdout)
    assert (stats["resources"], stats["links"]) == (resources, links)
    assert sum(c["count"] for c in stats["resources_by_class"]) == resources
    assert sum(c["count"] for c in stats["links_by_property"]) == links
    by_class = {c["label"]: c["count"] for c in stats["resources_by_class"]}
    by_property = {c["label"]: c["count"] for c in stats["links_by_property"]}
    # The breakdown the README quotes.
    assert (by_class["skos:Concept"], by_class["ConceptGroup"]) == (4421, 95)
    assert by_class["skos:ConceptScheme"] == 1 and by_property["skos:related"] == 12218
    for quoted in ("4,421 `skos:Concept`", "95 groups", "1 scheme", "12,218 `skos:related`"):
        assert quoted in " ".join(README.read_text(encoding="utf-8").split()), quoted


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_each_format_to_stdout(fmt: str) -> None:
    result = briefgraph("export", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt in RDF_FORMATS:
        assert len(Graph().parse(data=result.stdout, format=RDF_FORMATS[fmt])) > 1000
    else:
        assert "International cooperation" in result.stdout


def test_query_prints_csv_rows() -> None:
    result = briefgraph(
        "query",
        "SELECT ?label WHERE { ?c a bg:InternationalBody ; skos:prefLabel ?label "
        'FILTER (LANG(?label) = "en") } ORDER BY ?label',
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["label"], ["INTERPOL"], ["International bodies"], ["United Nations"]]


def test_query_reads_an_rq_file_and_prints_json(tmp_path: Path) -> None:
    query = tmp_path / "threats.rq"
    query.write_text("SELECT (COUNT(?t) AS ?n) WHERE { ?t a bg:Threat }")
    result = briefgraph("query", "-f", str(query), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "6"


def test_query_on_an_rdf_file_given_with_data(tmp_path: Path) -> None:
    data = tmp_path / "small.ttl"
    data.write_text("<urn:a> <urn:b> 'c' .\n")
    result = briefgraph(
        "query", "--data", str(data), "SELECT ?o WHERE { ?s ?p ?o }", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["o", "c"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["query", "SELECT * WHERE { ?s ?p }"], ["syntax error at line 1"]),
        (["query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], ["updates are not allowed"]),
        (["query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], ["SERVICE"]),
        (["query", "-f", "/nonexistent/q.rq"], ["cannot read /nonexistent/q.rq"]),
        (["stats", "--data", "/nonexistent/graph.ttl"], ["no such file"]),
        (["stats", "--corpus", "/nonexistent"], ["corpus folder not found"]),
        (["export", "--format", "ttl", "-o", "/nonexistent/dir/g.ttl"], ["does not exist"]),
    ],
)
def test_bad_input_gets_one_plain_line_and_exit_2(args: list[str], words: list[str]) -> None:
    assert_plain_error(briefgraph(*args), *words)


def test_malformed_turtle_gets_one_plain_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b \n")
    assert_plain_error(briefgraph("stats", "--data", str(bad)), "bad.ttl is not valid turtle")


def test_unknown_export_format_is_a_usage_error() -> None:
    result = briefgraph("export", "--format", "pdf")
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "briefgraph"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in ("build", "validate", "stats", "export", "query"):
        assert command in result.stdout


def test_brief_list_names_the_shipped_briefing() -> None:
    result = briefgraph("brief", "list")
    assert result.returncode == 0, result.stderr
    assert "the-argument" in result.stdout and "shipped" in result.stdout


def test_brief_check_accepts_the_default_briefing_and_names_a_bad_step(tmp_path: Path) -> None:
    result = briefgraph("brief", "check", "the-argument")
    assert result.returncode == 0, result.stderr
    assert "9 steps" in result.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "title: B\nsteps:\n- title: Fine\n- title: Lost\n  focus: {concepts: [atlantis]}\n",
        encoding="utf-8",
    )
    assert_plain_error(
        briefgraph("brief", "check", str(broken)), "step 2 ('Lost')", "no concept 'atlantis'"
    )


def test_brief_export_writes_html_pdf_and_pngs(tmp_path: Path) -> None:
    html, pdf, png = tmp_path / "b.html", tmp_path / "b.pdf", tmp_path / "png"
    result = briefgraph(
        "brief", "export", "the-argument", "--html", str(html), "--pdf", str(pdf), "--png", str(png)
    )
    assert result.returncode == 0, result.stderr
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(list(png.glob("*.png"))) == 9
    assert "(9 pages)" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("brief", "export", "the-argument"), ["--html FILE"]),
        (("brief", "export", "nothing-here", "--html", "x.html"), ["no briefing called"]),
        (("brief", "check", "../../etc/passwd"), ["cannot read"]),
        (("brief", "check", "Bad Name"), ["cannot name a briefing"]),
        (("brief", "export", "the-argument", "--pdf", "/proc/none/x.pdf"), ["cannot write"]),
    ],
)
def test_brief_mistakes_get_one_line(
    tmp_path: Path, args: tuple[str, ...], words: list[str]
) -> None:
    assert_plain_error(briefgraph(*args, cwd=tmp_path), *words)


def test_brief_export_keeps_concepts_pinned_in_the_explorer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.network.layout import layout_file, save_positions

    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    save_positions(
        layout_file(), {"https://w3id.org/briefgraph/concept/interpol": (4321.0, -987.0)}
    )
    out = tmp_path / "b.html"
    result = briefgraph("brief", "export", "the-argument", "--html", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert '"id":"https://w3id.org/briefgraph/concept/interpol"' in page
    assert '"x":4321.0,"y":-987.0' in page


@pytest.mark.parametrize(
    ("fmt", "printed"),
    # (text mode reads CSV's CRLF line ends as \n)
    [("table", "true\n"), ("csv", "_askResult\ntrue\n"), ("tsv", "?_askResult\ntrue\n")],
)
def test_query_answers_ask_in_every_table_format(fmt: str, printed: str) -> None:
    result = briefgraph("query", "ASK { ?c a bg:Threat }", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout == printed and "Traceback" not in result.stderr


def test_a_corpus_that_is_a_file_gets_one_plain_line(tmp_path: Path) -> None:
    afile = tmp_path / "corpus"
    afile.write_text("not a folder", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("INTERPOL supports information exchange.", encoding="utf-8")
    assert_plain_error(briefgraph("ingest", str(note), "--corpus", str(afile)), "not a folder")
