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
    import sys

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
    if "--fit" in sys.argv:
        _fit(known)
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
        if use_model:
            _calibration(scores)


def _calibration(scores: list) -> None:  # type: ignore[type-arg]
    """Print the share of proposals right in each confidence band, dev and held-out apart."""
    from graph.ingest.quality import calibration

    print("\n  calibration: share of proposals right (a reviewer would accept) per confidence band")
    for kind in ("concept", "claim"):
        for split in ("dev", "held-out"):
            rows = calibration([s for s in scores if s.split == split], kind)
            cells = "  ".join(f"{lo:.2f}-{hi:.2f}: {share:4.2f} right of {n:<4d}"
                              for lo, hi, n, share in rows if n)  # fmt: skip
            print(f"  {kind:<8} {split:<9} {cells}")


def _fit(known: list) -> None:  # type: ignore[type-arg]
    """Fit the calibration table on the dev gold sets' raw scores and write it."""
    import yaml

    from graph.ingest.calibration import BANDS, fit
    from graph.ingest.extract import extract
    from graph.ingest.pipeline import load_pipeline
    from graph.ingest.quality import gold_sets, score

    pipeline = load_pipeline()
    outcomes = []
    for gold in gold_sets(GOLD, SHARED):
        if gold.split == "dev":
            text = gold.source.read_text(encoding="utf-8")
            found = extract(text, gold.name, pipeline, known, calibrate=False)
            outcomes += score(gold, found, text).outcomes
    table = fit(outcomes)
    path = REPO / "graph" / "ingest" / "calibration.yaml"
    header = (
        "# Written by `python -m bench quality --fit` from the dev gold sets (never the\n"
        "# held-out ones): for each family of proposal, the calibrated confidence of each\n"
        f"# band of the rules' raw score, from {', '.join(f'{b:.1f}' for b in BANDS)} up;\n"
        "# counts and right are the dev proposals each band held and how many were right.\n"
    )
    path.write_text(header + yaml.safe_dump(table, sort_keys=False, width=100), encoding="utf-8")
    print(f"  wrote {path.relative_to(REPO)}")
