"""Scale benchmarks: 100k and 1M generated SKOS-like triples and the UNESCO Thesaurus, per backend.

Each backend is measured in a fresh child process (so its peak memory is its own):
the embedded default (Oxigraph on disk, with the FTS5 label index), rdflib in
memory (the baseline every ratio is taken against, measured in the same run), and,
where Debian's Virtuoso is installed, the server the suite starts (loaded with
TTLP_MT, queried over HTTP; its memory is the server's own peak).
Figures print and are written to bench/results/scale.md and scale.json.

    python -m bench scale            # 100k and 1M generated, and the thesaurus if shared/ is there
    python -m bench scale 100000     # one size only
"""

from __future__ import annotations

import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
THESAURUS = REPO.parent / "shared" / "data" / "unesco-thesaurus.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WORDS = (
    "border", "cyber", "security", "threat", "cooperation", "training", "maritime", "police",
    "intelligence", "defence", "alliance", "treaty", "forum", "nation", "council", "terrorism",
    "piracy", "trafficking", "exchange", "research", "strategy", "diplomacy", "crisis",
)  # fmt: skip


def generate(path: Path, triples: int, seed: int = 7) -> None:
    """Write a seeded SKOS-like N-Triples file of about ``triples`` triples, with labels."""
    rng = random.Random(seed)
    per_concept = 6
    concepts = triples // per_concept
    with path.open("w", encoding="utf-8") as out:
        for i in range(concepts):
            c = f"<urn:bench:c{i}>"
            label = " ".join(rng.sample(WORDS, 2)).capitalize() + f" {i}"
            out.write(f"{c} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SKOS}Concept> .\n")
            out.write(f'{c} <{SKOS}prefLabel> "{label}"@en .\n')
            out.write(f'{c} <{SKOS}altLabel> "{rng.choice(WORDS)} {i}"@en .\n')
            out.write(f"{c} <{SKOS}inScheme> <urn:bench:scheme> .\n")
            if i:
                # Preferential attachment: a few hubs, as real thesauri have.
                parent = int(i * rng.random() ** 3)
                out.write(f"{c} <{SKOS}broader> <urn:bench:c{parent}> .\n")
                out.write(f"{c} <{SKOS}related> <urn:bench:c{rng.randrange(i)}> .\n")


ONE_HOP = "SELECT ?p ?o WHERE { <urn:bench:c42> ?p ?o }"
BY_CLASS = "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
TOP_DEGREE = (
    "SELECT ?s (COUNT(*) AS ?degree) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } "
    "GROUP BY ?s ORDER BY DESC(?degree) LIMIT 25"
)
SEARCH_WORDS = ("terror", "cyber sec", "maritime", "diplomacy 4", "police")


def _timed(operation: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        operation()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(backend: str, source: str, home: str, results: Any) -> None:
    """Child process: load ``source`` in ``backend`` and time each operation."""
    import os

    os.environ["BRIEFGRAPH_HOME"] = home
    from graph.store.backends import open_store
    from graph.store.labels import LabelIndex
    from graph.store.load import load_rdf_file
    from graph.store.persisted import persisted_store

    figures: dict[str, float] = {}
    started = time.perf_counter()
    if backend == "embedded":
        store = persisted_store(source)
        figures["load"] = time.perf_counter() - started
        started = time.perf_counter()
        store = persisted_store(source)
        index = LabelIndex.for_store(store)
        figures["index"] = time.perf_counter() - started
        started = time.perf_counter()
        store = persisted_store(source)
        LabelIndex.for_store(store)
        figures["reopen"] = time.perf_counter() - started

        def search() -> None:
            for word in SEARCH_WORDS:
                index.search(word, 20)
    else:
        store = open_store(load_rdf_file(source), "rdflib")
        figures["load"] = time.perf_counter() - started
        figures["reopen"] = figures["load"]  # in memory: every start loads again

        def search() -> None:
            # rdflib's own way to find a label: a scan in SPARQL.
            for word in SEARCH_WORDS:
                store.query(
                    "SELECT ?s ?l WHERE { ?s skos:prefLabel|skos:altLabel|rdfs:label ?l "
                    f'FILTER (CONTAINS(LCASE(STR(?l)), "{word}")) }} LIMIT 20'
                )

    runs = 20 if backend == "embedded" else 3
    figures["label search"] = _timed(search, runs) / len(SEARCH_WORDS)
    figures["1-hop"] = _timed(lambda: store.query(ONE_HOP), runs * 5)
    figures["count by class"] = _timed(lambda: store.query(BY_CLASS), max(runs // 4, 1))
    figures["top degree"] = _timed(lambda: store.query(TOP_DEGREE), max(runs // 4, 1))
    # Peak memory of the store's own work, before the explorer's networkx graph is built.
    figures["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if backend == "embedded":
        figures["top degree, kept with the index"] = _timed(lambda: index.top_degree(25), runs)

        def first_view() -> None:
            # What the explorer does for a large graph: a page read from the store and
            # the index (graph.network.overview), laid out and turned into the picture.
            from graph.network.layout import default_positions
            from graph.network.overview import page
            from graph.view.render import network_view

            drawn = page(store, index).folded.network
            network_view(drawn, positions=default_positions(drawn))

        figures["explorer's first view"] = _timed(first_view, 1)
        figures["peak MB with the first view"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )

        def whole_network() -> None:
            from graph.network.concepts import to_networkx

            to_networkx(store)

        figures["whole network"] = _timed(whole_network, 1)
        figures["peak MB with the whole network"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        )
    results.put(figures)


def measure_virtuoso(source: Path, scratch: Path) -> dict[str, float] | None:
    """Load ``source`` into the Virtuoso the suite uses, then time the same operations."""
    import shutil

    from graph.store.remote import RemoteStore
    from tests.virtuoso.server import VIRTUOSO, running_virtuoso

    if not VIRTUOSO.exists():
        return None
    folder = scratch / f"virtuoso-{source.stem}"
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    figures: dict[str, float] = {}
    with running_virtuoso(folder) as server:
        started = time.perf_counter()
        server.load([(folder / source.name, "urn:bench")])
        figures["load"] = time.perf_counter() - started
        store = RemoteStore(server.endpoint, default_graph="urn:bench")

        def search() -> None:
            for word in SEARCH_WORDS:
                store.query(
                    "SELECT ?s ?l WHERE { ?s skos:prefLabel|skos:altLabel|rdfs:label ?l "
                    f'FILTER (CONTAINS(LCASE(STR(?l)), "{word}")) }} LIMIT 20'
                )

        figures["label search"] = _timed(search, 3) / len(SEARCH_WORDS)
        figures["1-hop"] = _timed(lambda: store.query(ONE_HOP), 20)
        figures["count by class"] = _timed(lambda: store.query(BY_CLASS), 3)
        figures["top degree"] = _timed(lambda: store.query(TOP_DEGREE), 3)
        figures["peak MB"] = server.peak_memory_mb()
    return figures


def run(backend: str, source: Path, home: Path) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=measure, args=(backend, str(source), str(home), queue))
    process.start()
    figures: dict[str, float] = queue.get(timeout=3600)
    process.join()
    return figures


OPERATIONS = ("load", "reopen", "label search", "1-hop", "count by class", "top degree", "peak MB")


def main(sizes: list[int] | None = None) -> None:
    sizes = sizes or [100_000, 1_000_000]
    RESULTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        inputs: list[tuple[str, Path]] = []
        for size in sizes:
            path = Path(scratch) / f"generated-{size}.nt"
            generate(path, size)
            inputs.append((f"generated {size:,} triples", path))
        if THESAURUS.is_file():
            inputs.append(("UNESCO Thesaurus (75k triples)", THESAURUS))
        for name, path in inputs:
            report[name] = {}
            for backend in ("rdflib", "embedded"):
                home = Path(scratch) / f"home-{backend}-{path.stem}"
                report[name][backend] = run(backend, path, home)
            served = measure_virtuoso(path, Path(scratch))
            if served is not None:
                report[name]["virtuoso"] = served
    lines = ["# Scale benchmark", "", f"Machine: {multiprocessing.cpu_count()} cores. "
             "Seconds are medians; ratio = rdflib in memory / embedded, same run.", ""]  # fmt: skip
    for name, backends in report.items():
        lines += [f"## {name}", "",
                  "| operation | rdflib (baseline) | embedded | ratio | Virtuoso | ratio |",
                  "|---|---|---|---|---|---|"]  # fmt: skip
        for operation in OPERATIONS:
            base = backends["rdflib"].get(operation)
            fast = backends["embedded"].get(operation)
            if base is None or fast is None:
                continue
            unit = " MB" if operation == "peak MB" else " s"
            ratio = f"{base / fast:.1f}x" if fast else ""
            served = backends.get("virtuoso", {}).get(operation)
            remote = f"{served:.4f}{unit} | {base / served:.1f}x" if served else "| "
            lines.append(
                f"| {operation} | {base:.4f}{unit} | {fast:.4f}{unit} | {ratio} | {remote} |"
            )
        kept = backends["embedded"]["top degree, kept with the index"]
        base = backends["rdflib"]["top degree"]
        lines.append(
            f"| top degree, kept with the index | | {kept:.4f} s | {base / kept:.0f}x | | |"
        )
        first = backends["embedded"]["explorer's first view"]
        lines.append(f"| explorer's first view (page, layout, picture) | | {first:.3f} s | | | |")
        with_view = backends["embedded"]["peak MB with the first view"]
        lines.append(f"| peak MB with the first view | | {with_view:.0f} MB | | | |")
        whole = backends["embedded"]["whole network"]
        lines.append(f"| whole network (Tables, Analytics pages) | | {whole:.3f} s | | | |")
        with_whole = backends["embedded"]["peak MB with the whole network"]
        lines.append(f"| peak MB with the whole network | | {with_whole:.0f} MB | | | |")
        build = backends["embedded"]["index"]
        lines.append(f"| label index build (once) | | {build:.3f} s | | | |")
        lines.append("")
    text = "\n".join(lines)
    print("\n" + text)
    (RESULTS / "scale.md").write_text(text + "\n", encoding="utf-8")
    (RESULTS / "scale.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"written to {RESULTS / 'scale.md'} and scale.json")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or None)
