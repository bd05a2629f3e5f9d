"""Ingest benchmarks: documents and tokens per second with spaCy's English model, against
spaCy's blank pipeline (the fallback) measured in the same run.

Inputs: the shipped essay, and a generated 50,000-word document (seeded) built
from the second test article's sentences and the essay's, shuffled.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ESSAY = REPO / "corpus" / "security-cooperation" / "essay.txt"
SECOND = REPO / "tests" / "data" / "ingest" / "regional-cooperation.md"
WORDS = 50_000


def generated_document(words: int = WORDS, seed: int = 7) -> str:
    """Return a seeded document of about ``words`` words made of real sentences on the theme."""
    from graph.model.text import sentences

    pool = []
    for source in (ESSAY, SECOND):
        text = source.read_text(encoding="utf-8")
        pool += [s.slice(text) for s in sentences(text) if not text.startswith("#", s.start)]
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        chosen = [rng.choice(pool) for _ in range(rng.randint(3, 6))]
        paragraphs.append(" ".join(chosen))
        count += sum(len(s.split()) for s in chosen)
    return "# A long briefing pack\n\n" + "\n\n".join(paragraphs) + "\n"


def _timed(path: Path, use_model: bool) -> tuple[float, int, int]:
    """Seconds to ingest one file into a fresh corpus, its tokens, and proposals made."""
    from graph.ingest.pipeline import load_pipeline
    from graph.ingest.review import open_corpus
    from graph.ingest.workspace import ingest, known_concepts

    known = known_concepts(open_corpus(REPO / "corpus"))
    pipeline = load_pipeline(use_model=use_model)
    folder = Path(tempfile.mkdtemp())
    try:
        started = time.perf_counter()
        report = ingest([path], folder / "corpus", known=known, pipeline=pipeline)
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    tokens = len(pipeline.nlp.make_doc(path.read_text(encoding="utf-8")))
    return elapsed, tokens, sum(len(d.proposals) for d in report.ingested)


def _cold_essay() -> float:
    """Seconds for `briefgraph ingest` of the essay in a new process: model load included."""
    folder = Path(tempfile.mkdtemp())
    try:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "graph", "ingest", str(ESSAY), "--corpus", str(folder / "c")],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    print("\ningest (baseline: spaCy's blank pipeline, the fallback, in the same run)")
    columns = ("seconds", "tokens/s", "docs/s", "proposals")
    widths = (8, 10, 7, 9)
    print(
        f"{'input':<34} {'pipeline':<8} "
        + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    )
    folder = Path(tempfile.mkdtemp())
    try:
        long = folder / "long.md"
        long.write_text(generated_document(), encoding="utf-8")
        for name, path in (("shipped essay", ESSAY), (f"generated {WORDS:,} words", long)):
            base = None
            for label, use_model in (("blank", False), ("model", True)):
                _timed(path, use_model)  # load the pipeline and warm up before timing
                seconds, tokens, proposals = _timed(path, use_model)
                ratio = f"  {seconds / base:5.1f}x blank" if base else ""
                base = base or seconds
                print(
                    f"{name:<34} {label:<8} {seconds:8.2f} {tokens / seconds:10.0f} "
                    f"{1 / seconds:7.2f} {proposals:9d}{ratio}"
                )
        print(f"`briefgraph ingest` of the essay, new process, model load included: "
              f"{_cold_essay():.2f} s (target: under 2 s)")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    memory()


_PEAK = """
import resource, sys, time
import graph.ingest.extract as extract
from graph.ingest.pipeline import load_pipeline
if sys.argv[2] == "spacy":  # spaCy's own batching: 256 texts a batch, pieces of 100,000
    extract.BATCH_CHARACTERS, extract.MAX_PIECE = 10**12, 100_000
pipeline = load_pipeline()
text = open(sys.argv[1], encoding="utf-8").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
extract.extract(text, "long", pipeline)
print(time.perf_counter() - started, before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory(characters: int = 300_000) -> None:
    """Peak memory of parsing a text with no blank line, in bounded batches and spaCy's own."""
    sentence = "INTERPOL works with the United Nations against terrorism and crime. "
    print(f"\ningest memory: {characters:,} characters with no blank line, with the model "
          "(baseline: spaCy's own batching, in the same run)")  # fmt: skip
    print(f"{'batching':<34} {'seconds':>8} {'model MB':>9} {'peak MB':>9}")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as file:
        file.write((sentence * (characters // len(sentence) + 1))[:characters])
        file.flush()
        for label, mode in (("spaCy's default (256 texts)", "spacy"),
                            ("briefgraph (20,000 characters)", "bounded")):  # fmt: skip
            out = subprocess.run([sys.executable, "-c", _PEAK, file.name, mode], cwd=REPO,
                                 check=True, capture_output=True, text=True).stdout  # fmt: skip
            seconds, before, peak = (float(v) for v in out.split())
            print(f"{label:<34} {seconds:8.1f} {before / 1024:9.0f} {peak / 1024:9.0f}")


if __name__ == "__main__":
    main()
