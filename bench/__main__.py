"""Run every benchmark and print its figures beside a baseline measured in the same run.

Baselines: the rdflib backend for store operations (the reference implementation),
pyshacl on an rdflib Graph for validation.
"""

from __future__ import annotations

import sys

from bench.timing import HEADER, measure
from graph.model.build import build_graph
from graph.model.corpus import default_corpus
from graph.network.concepts import to_networkx
from graph.network.export import FORMATS, export_bytes
from graph.store.backends import open_store
from graph.store.queries import load_query
from graph.store.validate import validate

NAMED = ["concepts", "claims", "evidence", "alt-labels", "counts-by-class", "counts-by-relation"]


def main() -> int:
    sections = set(sys.argv[1:]) or {
        "core", "sparql", "load", "briefing", "ingest", "quality", "review", "explorer", "scale"
    }  # fmt: skip
    if "core" in sections:
        core()
    if "sparql" in sections:
        from bench import sparql

        sparql.main()
    if "load" in sections:
        from bench import sparql

        sparql.load()
    if "briefing" in sections:
        from bench import briefing

        briefing.main()
    if "ingest" in sections:
        from bench import ingest

        ingest.main()
    if "quality" in sections:
        from bench import quality

        quality.main()
    if "review" in sections:
        from bench import review

        review.main()
    if "explorer" in sections:
        from bench import explorer

        explorer.main()
    if "scale" in sections:
        from bench import scale

        scale.main()
    return 0


def core() -> None:
    print(HEADER)
    corpus = default_corpus()
    print(measure("load annotations (YAML)", default_corpus, runs=20).row())
    print(measure("build graph from annotations", lambda: build_graph(corpus), runs=20).row())
    graph = build_graph(corpus)
    stores = {backend: open_store(graph, backend) for backend in ("rdflib", "oxigraph")}
    print(measure("load into oxigraph", lambda: open_store(graph, "oxigraph")).row())

    print("\nnamed queries (baseline: rdflib backend)")
    for name in NAMED:
        text = load_query(name).text
        base = measure(f"{name}.rq  rdflib", lambda t=text: stores["rdflib"].query(t), runs=10)
        fast = measure(f"{name}.rq  oxigraph", lambda t=text: stores["oxigraph"].query(t))
        print(base.row())
        print(fast.row(base))

    print("\nnetworkx view (baseline: rdflib backend)")
    base = measure("to_networkx  rdflib", lambda: to_networkx(stores["rdflib"]), runs=5)
    print(base.row())
    print(measure("to_networkx  oxigraph", lambda: to_networkx(stores["oxigraph"])).row(base))

    print("\nSHACL validation (baseline: pyshacl on an rdflib Graph)")
    import pyshacl

    from graph.store.validate import load_shapes

    shapes = load_shapes()
    base = measure(
        "pyshacl on rdflib Graph",
        lambda: pyshacl.validate(graph, shacl_graph=shapes, inference="none"),
        runs=3,
        warmup=0,
    )
    print(base.row())
    print(measure("validate() on oxigraph", lambda: validate(stores["oxigraph"]), runs=3).row(base))

    print("\nexports (oxigraph store)")
    for fmt in FORMATS:
        print(
            measure(
                f"export {fmt}", lambda f=fmt: export_bytes(stores["oxigraph"], f), runs=5
            ).row()
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
