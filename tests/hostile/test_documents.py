"""The hostile table's documents, names, links, flags and downloads: each case, what must
come of it, and a hard time limit.

Documents go through ingest beside a good companion file, which must always go in:
one bad file never stops the others. A refusal is one line naming the file and the
bound it passed; an input that must be read is read, at any size under the upload limit.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.ingest.pipeline import Pipeline, load_pipeline
from graph.ingest.workspace import ingest
from tests.conftest import pdf_file

pytestmark = pytest.mark.timeout(60)  # a hard limit for every case of the table
REPO = Path(__file__).resolve().parents[2]
COMPANION = "INTERPOL supports information exchange with the United Nations.\n"


def page_tree_pdf(pages: int) -> bytes:
    """A tiny PDF whose page tree names one page ``pages`` times (a page-count bomb); the
    page has a font, so reading its words takes real time on every page."""
    kids = " ".join(["3 0 R"] * pages)
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (Hello world) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])  # fmt: skip


def inflating_pdf(megabytes: int) -> bytes:
    """A PDF of about 300 KB whose one content stream inflates to ``megabytes`` MB of text."""
    operation = b"BT /F1 12 Tf 72 712 Td (Hello world) Tj ET\n"
    stream = zlib.compress(operation * (megabytes * 2**20 // len(operation)), 9)
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])  # fmt: skip


def nested_html(depth: int) -> bytes:
    return (
        "<html><body>" + "<div>" * depth + "<p>INTERPOL works with the United Nations.</p>"
        + "</div>" * depth + "</body></html>"
    ).encode()  # fmt: skip


def image_markdown() -> bytes:
    """A 1.07 MB Markdown page: a paragraph holding a base64 image between two of words."""
    image = base64.b64encode(os.urandom(780_000)).decode()
    return (
        "# Cooperation\n\nINTERPOL works with the United Nations against terrorism.\n\n"
        f"![map](data:image/png;base64,{image})\n\nThe United Nations supports INTERPOL.\n"
    ).encode()


def unbroken_text() -> bytes:
    """1.2 MB of sentences with no blank line: one paragraph past spaCy's 1,000,000."""
    sentence = "INTERPOL works with the United Nations against terrorism and crime. "
    return (sentence * (1_200_000 // len(sentence) + 1)).encode()[:1_200_000]


@dataclass(frozen=True)
class Document:
    """A hostile file and what ingest must do with it."""

    id: str
    name: str
    make: Callable[[], bytes]
    expect: str
    """Words of the one line that refuses it, or 'ok' when it must be ingested."""
    seconds: float = 20.0
    model: bool = True
    """False to read with spaCy's blank English: the case is about size, not grammar."""


DOCUMENTS = [
    Document("pdf-page-tree-1e6", "tree.pdf", lambda: page_tree_pdf(1_000_000), "safety limit"),
    Document("pdf-59049-pages", "pages.pdf", lambda: page_tree_pdf(59_049), "over the limit"),
    Document("pdf-inflates-100mb", "inflate.pdf", lambda: inflating_pdf(100), "safety limit"),
    Document("html-100000-deep", "deep.html", lambda: nested_html(100_000), "levels deep"),
    Document("html-300-deep", "deeper.html", lambda: nested_html(300), "levels deep"),
    Document("html-200-deep", "deepish.html", lambda: nested_html(200), "ok"),
    Document("md-base64-image-1mb", "image.md", image_markdown, "ok", seconds=40, model=False),
    Document("txt-1mb-one-paragraph", "long.txt", unbroken_text, "ok", seconds=40, model=False),
    Document("txt-empty", "empty.txt", lambda: b"  \n", "empty"),
    Document("txt-binary", "binary.txt", lambda: bytes(range(256)) * 8, "binary"),
]


@pytest.fixture(scope="module")
def blank_pipeline() -> Pipeline:
    return load_pipeline(use_model=False)


@pytest.mark.parametrize("case", DOCUMENTS, ids=lambda c: c.id)
def test_hostile_document(
    case: Document, tmp_path: Path, pipeline: Pipeline, blank_pipeline: Pipeline
) -> None:
    bad = tmp_path / case.name
    bad.write_bytes(case.make())
    good = tmp_path / "good.md"
    good.write_text(COMPANION, encoding="utf-8")
    started = time.monotonic()
    report = ingest([bad, good], tmp_path / "corpus",
                    pipeline=pipeline if case.model else blank_pipeline)  # fmt: skip
    took = time.monotonic() - started
    assert took < case.seconds, f"{case.id} took {took:.1f} s"
    done = {d.document for d in report.ingested}
    assert "good" in done, report.skipped
    if case.expect == "ok":
        assert not report.skipped and bad.stem in done, report.skipped
        folder = tmp_path / "corpus" / bad.stem
        stored = next(folder.glob("text.*")).read_text(encoding="utf-8")
        assert "INTERPOL" in stored
    else:
        ((name, why),) = report.skipped
        assert name == case.name and case.expect in why and "\n" not in why, why


def test_a_long_paragraph_is_read_in_pieces_with_exact_offsets(
    tmp_path: Path, blank_pipeline: Pipeline
) -> None:
    from graph.ingest.review import open_corpus
    from graph.ingest.workspace import known_concepts, read_text

    source = tmp_path / "long.txt"
    source.write_bytes(unbroken_text())
    known = known_concepts(open_corpus(None))  # the shipped essay's: INTERPOL, the UN
    (done,) = ingest([source], tmp_path / "corpus", known=known,
                     pipeline=blank_pipeline).ingested  # fmt: skip
    stored = read_text(done.folder)
    assert len(stored) == 1_200_000
    assert done.proposals
    last = max(done.proposals, key=lambda p: p.start)
    assert last.start > 1_000_000  # found past the point where spaCy would have stopped
    for proposal in done.proposals:
        assert stored[proposal.start : proposal.end] == proposal.quote


def many_page_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` real pages, each with its own words."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for number in range(pages):
        words = f"BT /F1 12 Tf 72 712 Td (INTERPOL page {number} of the United Nations) Tj ET"
        kids.append(f"{len(objects) + 1} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{len(objects) + 2} 0 R /Resources << /Font << /F1 {2 * pages + 3} 0 R "
                       ">> >> >>".encode())  # fmt: skip
        objects.append(f"<< /Length {len(words)} >>\nstream\n{words}\nendstream".encode())
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_file(objects)


@pytest.mark.parametrize(
    ("variable", "value", "make", "words"),
    [
        ("BRIEFGRAPH_MAX_PDF_PAGES", "3", lambda: many_page_pdf(4),
         "has 4 pages, over the limit of 3 (BRIEFGRAPH_MAX_PDF_PAGES)"),
        ("BRIEFGRAPH_MAX_PDF_CHARACTERS", "1000", lambda: many_page_pdf(40),
         "past 1,000 characters (BRIEFGRAPH_MAX_PDF_CHARACTERS)"),
        ("BRIEFGRAPH_MAX_PDF_PAGES", "100000", lambda: page_tree_pdf(59_049),
         "went past the 1 s limit for one document (BRIEFGRAPH_DOCUMENT_SECONDS)"),
    ],
    ids=["pages", "characters", "seconds"],
)  # fmt: skip
def test_each_reader_bound_comes_from_the_settings_and_is_named_when_passed(
    variable: str, value: str, make: Callable[[], bytes], words: str,
    tmp_path: Path, blank_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("BRIEFGRAPH_DOCUMENT_SECONDS", "1")
    bad = tmp_path / "bound.pdf"
    bad.write_bytes(make())
    good = tmp_path / "good.md"
    good.write_text(COMPANION, encoding="utf-8")
    started = time.monotonic()
    report = ingest([bad, good], tmp_path / "corpus", pipeline=blank_pipeline)
    assert time.monotonic() - started < 10  # within a page of the bound, not 83 s
    assert [d.document for d in report.ingested] == ["good"]
    ((name, why),) = report.skipped
    assert name == "bound.pdf" and words in why, why


def test_a_pdf_under_every_bound_is_read_page_by_page(
    tmp_path: Path, blank_pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGRAPH_MAX_PDF_PAGES", "40")
    source = tmp_path / "pages.pdf"
    source.write_bytes(many_page_pdf(40))
    (done,) = ingest([source], tmp_path / "corpus", pipeline=blank_pipeline).ingested
    stored = next(done.folder.glob("text.*")).read_text(encoding="utf-8")
    assert "INTERPOL page 0 of" in stored and "INTERPOL page 39 of" in stored


def test_the_parse_stops_at_the_documents_seconds_and_the_next_file_goes_in(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGRAPH_DOCUMENT_SECONDS", "1")
    bad = tmp_path / "long.txt"
    bad.write_bytes(unbroken_text())  # about a minute to parse with the model
    good = tmp_path / "good.md"
    good.write_text(COMPANION, encoding="utf-8")
    started = time.monotonic()
    report = ingest([bad, good], tmp_path / "corpus", pipeline=pipeline)
    assert time.monotonic() - started < 15
    assert [d.document for d in report.ingested] == ["good"]
    ((name, why),) = report.skipped
    assert name == "long.txt" and "parsing the text at character" in why, why
    assert "BRIEFGRAPH_DOCUMENT_SECONDS" in why and not (tmp_path / "corpus" / "long").exists()


def test_the_parser_is_handed_bounded_batches_whatever_the_documents_length(
    blank_pipeline: Pipeline,
) -> None:
    from graph.ingest.extract import BATCH_CHARACTERS, MAX_PIECE, extract
    from graph.ingest.pipeline import Pipeline as Loaded

    batches: list[list[str]] = []
    real = blank_pipeline.nlp

    class Recording:
        """spaCy's blank English, recording what each call to pipe is given."""

        def __init__(self) -> None:
            self.vocab = real.vocab

        def __call__(self, text: str) -> Any:
            return real(text)

        def pipe(self, texts: Any, batch_size: int) -> Any:
            batch = list(texts)
            batches.append(batch)
            assert batch_size == len(batch)
            return real.pipe(batch, batch_size=batch_size)

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    text = unbroken_text().decode() + "\n\n" + "A short paragraph.\n\n" * 500
    proposals = extract(text, "long", Loaded(Recording(), parses=False, name="recording"))
    assert sum(len(t) for batch in batches for t in batch) == len(text.strip()) - 2 * 499 - 2
    assert all(len(t) <= MAX_PIECE for batch in batches for t in batch)
    assert all(sum(map(len, batch)) <= BATCH_CHARACTERS for batch in batches)
    assert len(batches) > 60 and any(len(batch) > 100 for batch in batches)
    assert proposals == extract(text, "long", blank_pipeline)


def run_cli(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], cwd=cwd or REPO, capture_output=True,
        text=True, env={**os.environ, "BRIEFGRAPH_HOME": str(home)}, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


NAMES = ["new\nline.txt", "\x1b]0;owned\x07\x1b[2J.txt", "carriage\rreturn.txt",
         "over\u202eride.txt", "[bold]markup.txt"]  # fmt: skip


def test_file_names_are_escaped_in_every_message_one_line_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_text(COMPANION, encoding="utf-8")
        (folder / ("empty-" + name)).write_text(" ", encoding="utf-8")  # refused: empty
    done = run_cli("ingest", "--no-model", "--corpus", str(tmp_path / "c"), str(folder),
                   home=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert not any(c in stream for c in "\x1b\x07\r\u202e"), repr(stream)
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(NAMES), done.stderr
    assert "skipped empty-new\\nline.txt: the file is empty" in skipped
    assert any("\\x1b]0;owned\\x07\\x1b[2J" in line for line in skipped), skipped
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(NAMES) + 1, lines  # one per document and the summary
    assert lines[-1].startswith(f"ingested {len(NAMES)} of {2 * len(NAMES)} file(s)")


def test_a_missing_file_with_escapes_in_its_name_is_named_escaped(tmp_path: Path) -> None:
    done = run_cli("ingest", "--corpus", str(tmp_path / "c"), "gone\x1b[2J\n.txt",
                   home=tmp_path)  # fmt: skip
    assert done.returncode == 2 and "\x1b" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "briefgraph: error: no such file or folder: gone\\x1b[2J\\n.txt"
    ]


def test_links_that_leave_a_folder_are_skipped_and_said(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "inner").mkdir(parents=True)
    (folder / "note.txt").write_text(COMPANION, encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "hosts.md").symlink_to("/etc/hosts")
    (folder / "inner" / "same.txt").symlink_to(folder / "note.txt")  # inside: read
    done = run_cli("ingest", "--no-model", "--corpus", str(tmp_path / "c"), str(folder),
                   home=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(line for line in done.stderr.splitlines() if "skipped" in line) == [
        "skipped hosts.md: a link that leads out of the folder is not read",
        "skipped passwd.txt: a link that leads out of the folder is not read",
    ]
    stored = {p.parent.name for p in (tmp_path / "c").glob("*/text.*")}
    assert stored == {"note", "same"}
    root = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]
    assert not any(root in p.read_text(encoding="utf-8") for p in (tmp_path / "c").rglob("*.*"))


FLAGS = [
    (["ingest", "x.txt", "--max-mb", "nan"], "--max-mb", "a number from 1 to 1024"),
    (["ingest", "x.txt", "--max-mb", "inf"], "--max-mb", "a number from 1 to 1024"),
    (["query", "--timeout", "nan", "ASK {}"], "--timeout", "a number from 0.1 to 3600"),
    (["query", "--timeout", "-1", "ASK {}"], "--timeout", "a number from 0.1 to 3600"),
    (["query", "--max-rows", "0", "ASK {}"], "--max-rows", "a whole number from 1"),
    (["serve", "--workers", "0"], "--workers", "a whole number from 1 to 64"),
    (["serve", "--port", "70000"], "--port", "a whole number from 1 to 65535"),
    (["review", "accept", "--min-confidence", "2"], "--min-confidence", "from 0 to 1"),
]


@pytest.mark.parametrize(("args", "flag", "words"), FLAGS, ids=lambda v: str(v))
def test_a_flag_out_of_its_range_gets_one_line_naming_the_flag_and_the_range(
    args: list[str], flag: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from graph.cli.main import main

    with pytest.raises(SystemExit) as stopped:
        main(args)
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert stopped.value.code == 2 and flag in error and words in error, error


FORMULAS = ['=HYPERLINK("http://example.org/x","click")', "+SUM(1,2)", "-2+3", "@SUM(A1:A2)",
            "\tTAB", "\rCR"]  # fmt: skip


def select_of(values: list[str]) -> Any:
    from rdflib import Literal

    from graph.store.backends import QueryResult

    return QueryResult(kind="select", variables=("label",),
                       rows=tuple((Literal(v),) for v in values))  # fmt: skip


@pytest.mark.parametrize("formula", FORMULAS, ids=lambda f: repr(f[:6]))
def test_a_formula_cell_is_text_in_every_download_meant_for_spreadsheets(formula: str) -> None:
    import csv
    import io

    from app.downloads import spreadsheet_rows
    from graph.sparql.results import serialize_result

    safe = serialize_result(select_of([formula]), "csv", spreadsheet_safe=True).decode()
    ((cell,),) = list(csv.reader(io.StringIO(safe)))[1:]
    assert cell == "'" + formula
    standard = serialize_result(select_of([formula]), "csv").decode()
    assert list(csv.reader(io.StringIO(standard)))[1:] == [[formula]]  # SPARQL's CSV as defined
    assert spreadsheet_rows([{"concept": formula, "links": 3}]) == [
        {"concept": "'" + formula, "links": 3}
    ]


def test_numbers_and_plain_words_are_left_alone_in_spreadsheet_csv() -> None:
    from graph.sparql.results import serialize_result

    safe = serialize_result(select_of(["-2", "+3.5", "1e-3", "INTERPOL", "e=mc2"]), "csv",
                            spreadsheet_safe=True)  # fmt: skip
    assert safe.decode().split("\r\n")[1:-1] == ["-2", "+3.5", "1e-3", "INTERPOL", "e=mc2"]


def test_query_spreadsheet_safe_flag_and_escaped_table_cells(tmp_path: Path) -> None:
    query = 'SELECT ?x WHERE { BIND("=HYPERLINK(\\"http://e.org\\")" AS ?x) }'
    plain = run_cli("query", "--format", "csv", query, home=tmp_path)
    safe = run_cli("query", "--format", "csv", "--spreadsheet-safe", query, home=tmp_path)
    assert plain.returncode == safe.returncode == 0, plain.stderr + safe.stderr
    assert plain.stdout.splitlines()[1] == '"=HYPERLINK(""http://e.org"")"'
    assert safe.stdout.splitlines()[1] == '"\'=HYPERLINK(""http://e.org"")"'
    table = run_cli("query", 'SELECT ?x WHERE { BIND("a\\u001B]0;owned\\u0007b" AS ?x) }',
                    home=tmp_path)  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "a\\x1b]0;owned\\x07b" in table.stdout
