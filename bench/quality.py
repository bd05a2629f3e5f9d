"""Ingest quality against the hand-made gold sets (tests/data/gold/): precision, recall and
burden per document, dev and held-out apart; `python -m bench quality`.

The baseline is the same proposals with spaCy's blank pipeline (mentions of known
concepts only), measured in the same run.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "gold"
SHARED = REPO.parent / "shared"
COLUMNS = (
    "per 1k words", "concept precision", "concept recall", "key concept recall",
    "class right", "duplicates", "claim precision", "claim exact", "claim recall",
    "key claim recall", "specific relation", "polarity errors",
)  # fmt: skip


def main() -> None:
    from graph.ingest.extract import extract
    from graph.ingest.pipeline import load_pipeline
    from graph.ingest.quality import gold_sets, score, totals
    from graph.ingest.review import open_corpus
    from graph.ingest.workspace import known_concepts

    print("\ningest quality against hand-made gold sets (baseline: spaCy's blank pipeline)")
    if not SHARED.is_dir():
        print("  skipped: shared/ is not beside this checkout")
        return
    known = known_concepts(open_corpus(REPO / "corpus"))
    header = f"  {'document':<48} {'split':<9}" + "".join(f"{c[:12]:>13}" for c in COLUMNS)
    for label, use_model in (("blank pipeline", False), ("English model", True)):
        pipeline = load_pipeline(use_model=use_model)
        print(f"\n  {label}\n{header}")
        scores = []
        for gold in gold_sets(GOLD, SHARED):
            text = gold.source.read_text(encoding="utf-8")
            found = score(gold, extract(text, gold.name, pipeline, known), text)
            scores.append(found)
        for split in ("dev", "held-out"):
            for s in [*(s for s in scores if s.split == split), totals(scores, split)]:
                row = s.row()
                print(f"  {s.name:<48} {s.split:<9}" + "".join(f"{row[c]:>13}" for c in COLUMNS))
