"""Source files as text: .txt, .md, .html and .pdf, with the checks that keep bad input out.

The text returned is what excerpts index: a .txt or .md file's decoded text
unchanged; an HTML page's main text (trafilatura drops navigation, footers, scripts and
licence lines), one paragraph per block; a PDF's text layer, page after page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import IngestError
from graph.ingest.bounds import Deadline
from graph.model.printable import printable
from graph.settings import MAX_HTML_DEPTH, Settings, settings

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".pdf": "pdf"}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceText:
    """A file read as text: its title (from the file where it has one) and its kind."""

    text: str
    title: str
    kind: str


def read_source(
    path: Path,
    *,
    max_bytes: int | None = None,
    limits: Settings | None = None,
    deadline: Deadline | None = None,
) -> SourceText:
    """Return the text of the file at ``path``; IngestError with one plain line if it has none.

    Bounds come from ``limits`` (the environment's settings when not given): the file's
    size (``max_bytes`` when given, else the upload limit), a PDF's pages and characters,
    and the seconds of ``deadline`` (checked between pages).
    """
    name = printable(path.name)
    limits = limits or settings()
    if max_bytes is None:
        max_bytes = limits.upload_mb * 2**20
    deadline = deadline or Deadline(name, limits.document_seconds)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        choices = ", ".join(sorted(SUFFIXES))
        raise IngestError(f"{name}: briefgraph reads {choices} files, not {path.suffix or 'this'}")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"{name}: cannot be read ({error.strerror})") from error
    if size > max_bytes:
        raise IngestError(
            f"{name}: {size / 2**20:.1f} MB is over the "
            f"{max_bytes / 2**20:.0f} MB limit for one file"
        )
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if kind == "pdf":
        text, title = _pdf(data, name, limits, deadline)
    elif kind == "html":
        text, title = _html(_decode(data, name), name)
    else:
        text = _decode(data, name)
        title = _first_heading(text)
    if not text.strip():
        raise IngestError(f"{name}: no text was found in it")
    return SourceText(text=text, title=title or _title_from_name(path), kind=kind)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:  # found by fuzzing: a cut-off UTF-16 file
            raise IngestError(
                f"{name}: the UTF-16 text is broken at byte {error.start}; save it as UTF-8"
            ) from None
    elif b"\x00" in data:
        sample = data[:4096]
        if (
            sample.count(b"\x00") * 3 > len(sample)
            and (sample[1::2].count(0) or sample[::2].count(0)) > len(sample) // 3
        ):
            raise IngestError(
                f"{name}: the text seems to be UTF-16 without a byte-order mark; save it as UTF-8"
            )
        raise IngestError(f"{name}: this is a binary file, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise IngestError(
                f"{name}: the text is not valid UTF-8 (byte {error.start}); save it as UTF-8"
            ) from None
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise IngestError(f"{name}: this is a binary file, not text")
    return text


def _first_heading(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
        if line.strip():
            return ""
    return ""


def _title_from_name(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or path.name


def _html(markup: str, name: str) -> tuple[str, str]:
    """The page's main text, as trafilatura finds it: no navigation, menus, footers or licence.

    A page whose boilerplate remover finds no main text (a short fragment) is read whole by
    trafilatura's baseline. Each block is a paragraph of its own.
    """
    import logging

    import lxml.etree
    import lxml.html
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as error:
        raise IngestError(f"{name}: not a readable HTML page ({error})") from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise IngestError(f"{name}: the page nests its elements more than {MAX_HTML_DEPTH} "
                          "levels deep; briefgraph reads pages up to that depth")  # fmt: skip
    found = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )  # fmt: skip
    title = " ".join((getattr(found, "title", None) or "").split())
    body = getattr(found, "text", None) or ""
    if not body.strip():
        body = trafilatura.baseline(tree)[1]
    paragraphs = (" ".join(line.split()) for line in body.splitlines())
    return "\n\n".join(p for p in paragraphs if p), title


def _pdf(data: bytes, name: str, limits: Settings, deadline: Deadline) -> tuple[str, str]:
    """The PDF's text layer, page by page; its page count, characters and seconds bounded."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(f"{name}: the PDF is encrypted; save an unlocked copy")
        count = len(reader.pages)
        if count > limits.max_pdf_pages:
            raise IngestError(f"{name}: the PDF has {count:,} pages, over the limit of "
                              f"{limits.max_pdf_pages:,} (BRIEFGRAPH_MAX_PDF_PAGES); "
                              "split it")  # fmt: skip
        pages, characters = [], 0
        for number, page in enumerate(reader.pages, 1):
            deadline.check(f"reading page {number:,} of {count:,}")
            lines = (page.extract_text() or "").splitlines()
            pages.append("\n".join(" ".join(line.split()) for line in lines))
            characters += len(pages[-1])
            if characters > limits.max_pdf_characters:
                raise IngestError(f"{name}: the PDF's text runs past "
                                  f"{limits.max_pdf_characters:,} characters "
                                  "(BRIEFGRAPH_MAX_PDF_CHARACTERS); split it")  # fmt: skip
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except LimitReachedError as error:  # a page tree or a stream built to exhaust memory
        raise IngestError(f"{name}: the PDF goes past a safety limit ({error})") from None
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise IngestError(f"{name}: not a readable PDF ({error})") from None
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise IngestError(
            f"{name}: the PDF has no text layer (a scanned image?); run OCR on it first"
        )
    return text, title
