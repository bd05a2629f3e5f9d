"""The briefgraph command line: a thin face over the graph library.

Every command reads the default corpus (the shipped essay, with any documents
ingested into $BRIEFGRAPH_HOME/corpus) unless given ``--corpus DIR`` (a folder of
annotated or ingested documents) or ``--data FILE`` (any RDF file). Errors a user can
cause are printed as one line, ``briefgraph: error: ...``, with exit status 2;
``validate`` exits 1 when the graph breaks the shapes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli.options import add_limits, store_of
from graph.cli.serve import add_serve_command
from graph.errors import BriefgraphError
from graph.model.printable import terminal_text
from graph.store.backends import BACKENDS

if TYPE_CHECKING:
    from graph.briefing.files import Briefing

log = logging.getLogger("briefgraph")

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the briefgraph command line and return its exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="briefgraph: %(message)s")
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except BriefgraphError as error:
        # A name or label inside the message cannot steer the terminal (graph.model.printable).
        lines = str(error).split("\n")
        print("briefgraph: error: " + "\n".join(map(terminal_text, lines)), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    from graph.cli.app import add_commands as add_app_commands
    from graph.cli.ingest import add_commands as add_ingest_commands
    from graph.network.export import FORMATS
    from graph.sparql.results import RESULT_FORMATS

    source = argparse.ArgumentParser(add_help=False)
    group = source.add_mutually_exclusive_group()
    group.add_argument(
        "--corpus", metavar="DIR", help="a corpus folder (default: the shipped essay)"
    )
    group.add_argument("--data", metavar="FILE", help="an RDF file (ttl, nt, jsonld, rdf/xml, ...)")
    group.add_argument(
        "--endpoint",
        metavar="URL",
        default=os.environ.get("BRIEFGRAPH_ENDPOINT"),
        help="a SPARQL 1.1 server to read (default: $BRIEFGRAPH_ENDPOINT)",
    )
    source.add_argument(
        "--endpoint-graph",
        metavar="IRI",
        default=os.environ.get("BRIEFGRAPH_ENDPOINT_GRAPH"),
        help="with --endpoint: the graph to read (its default graph otherwise)",
    )
    source.add_argument(
        "--backend", choices=BACKENDS, default="oxigraph", help="the store (default: oxigraph)"
    )
    source.add_argument(
        "--suggestions",
        action="store_true",
        help="also show ingest's proposals not yet reviewed, marked suggested",
    )

    parser = argparse.ArgumentParser(
        prog="briefgraph",
        description="Explore briefing documents as knowledge graphs with provenance.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", parents=[source], help="build the graph and report its size"
    )
    build.add_argument("-o", "--output", metavar="FILE", help="also write the graph as Turtle")
    build.set_defaults(command=_build)

    validate = commands.add_parser(
        "validate", parents=[source], help="check the graph against the SHACL shapes"
    )
    validate.add_argument(
        "--changed",
        action="store_true",
        help="check only the documents whose part of the graph changed since the last run",
    )
    validate.set_defaults(command=_validate)

    stats = commands.add_parser("stats", parents=[source], help="count concepts and claims")
    stats.add_argument("--json", action="store_true", help="print JSON instead of text")
    stats.set_defaults(command=_stats)

    covered = commands.add_parser(
        "coverage", parents=[source], help="show which sentences of each source the graph covers"
    )
    covered.add_argument("--json", action="store_true", help="print JSON instead of text")
    covered.set_defaults(command=_coverage)

    export = commands.add_parser("export", parents=[source], help="write the graph in a format")
    export.add_argument("--format", required=True, choices=FORMATS, help="the output format")
    export.add_argument("-o", "--output", metavar="FILE", help="a file (default: standard output)")
    export.set_defaults(command=_export)

    query = commands.add_parser("query", parents=[source], help="run a read-only SPARQL query")
    text = query.add_mutually_exclusive_group(required=True)
    text.add_argument("sparql", nargs="?", help="the query text")
    text.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    query.add_argument(
        "--format", choices=RESULT_FORMATS, default="table", help="result format (default: table)"
    )
    query.add_argument(
        "--spreadsheet-safe", action="store_true",
        help="with --format csv: write a cell a spreadsheet would run as a formula (=, +, -, @) "
        "as text, with a leading ' (OWASP); the default is SPARQL's CSV, unchanged",
    )  # fmt: skip
    add_limits(query)
    query.set_defaults(command=_query)

    add_serve_command(commands, source)

    add_ingest_commands(commands, source)
    add_app_commands(commands, source)

    brief = commands.add_parser("brief", help="list, check and export briefings (guided tours)")
    briefs = brief.add_subparsers(required=True, metavar="ACTION")
    brief_list = briefs.add_parser("list", help="list the briefings that can be presented")
    brief_list.set_defaults(command=_brief_list)
    named = argparse.ArgumentParser(add_help=False, parents=[source])
    named.add_argument("briefing", metavar="NAME", help="a briefing's name, or a .yaml file")
    brief_check = briefs.add_parser(
        "check", parents=[named], help="check a briefing against the graph"
    )
    brief_check.set_defaults(command=_brief_check)
    brief_export = briefs.add_parser(
        "export", parents=[named], help="write a briefing as HTML, a PDF handout or PNG images"
    )
    brief_export.add_argument(
        "--html", metavar="FILE", help="one self-contained page that plays offline"
    )
    brief_export.add_argument("--pdf", metavar="FILE", help="a handout, one page per step")
    brief_export.add_argument("--png", metavar="DIR", help="one image per step in this folder")
    brief_export.add_argument("--lang", default="en", metavar="TAG",
                              help="name concepts in this language (e.g. ar)")  # fmt: skip
    brief_export.set_defaults(command=_brief_export)
    return parser


def _build(args: argparse.Namespace) -> int:
    from graph.network.export import export_file
    from graph.store.stats import graph_stats

    store = store_of(args)
    stats = graph_stats(store)
    print(
        f"built {stats.triples} triples: {stats.concepts} concepts, {stats.claims} claims, "
        f"{stats.excerpts} excerpts from {stats.documents} document(s)"
    )
    if args.output:
        export_file(store, "ttl", args.output)
        print(f"wrote {args.output}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from graph.store.validate import validate

    if args.changed:
        from graph.model.resources import user_dir
        from graph.store.incremental import validate_changed

        outcome = validate_changed(store_of(args), user_dir() / "validated.json")
        print(
            f"checked {len(outcome.checked):,} of {outcome.total:,} nodes: what changed since "
            "the last run that passed, and its neighbours"
        )
        violations = outcome.violations
    else:
        violations = validate(store_of(args))
    if not violations:
        print("the graph conforms to the shapes: every concept and claim has its evidence")
        return EXIT_OK
    print(f"{len(violations)} problem(s) found:")
    for violation in violations:
        print(f"- {violation}")
    return EXIT_INVALID


def _stats(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from graph.store.stats import graph_stats, resource_stats

    store = store_of(args)
    stats = graph_stats(store)
    resources = resource_stats(store)
    if args.json:
        print(json.dumps({**asdict(stats), "resources": resources.resources,
                          "links": resources.links,
                          "resources_by_class": [asdict(c) for c in resources.by_class],
                          "links_by_property": [asdict(c) for c in resources.by_property]},
                         indent=2))  # fmt: skip
        return EXIT_OK
    print(f"triples   {stats.triples:,}")
    if stats.documents:
        print(f"concepts  {stats.concepts}")
        print(f"claims    {stats.claims}")
        print(f"excerpts  {stats.excerpts}")
        print(f"documents {stats.documents}")
        print(f"resources {resources.resources:,}, links {resources.links:,} (--json lists them)")
        print("\nconcepts by class")
        for count in stats.by_class:
            print(f"  {count.count:4}  {count.label}")
        print("\nclaims by relation")
        for count in stats.by_relation:
            print(f"  {count.count:4}  {count.label}")
        return EXIT_OK
    # Another ontology (a thesaurus, schema.org): counted as the explorer draws it.
    print(f"resources {resources.resources:,} (every IRI with an rdf:type, under its main class)")
    print(f"links     {resources.links:,} (every triple between two of them)")
    print("\nresources by class")
    for count in resources.by_class:
        print(f"  {count.count:6,}  {count.label}")
    print("\nlinks by property")
    for count in resources.by_property:
        print(f"  {count.count:6,}  {count.label}")
    return EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from graph.network.concepts import to_networkx
    from graph.network.coverage import coverage
    from graph.store.documents import documents

    store = store_of(args)
    report = coverage(to_networkx(store), documents(store))
    if args.json:
        print(json.dumps({"documents": [d.json() for d in report]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    for document in report:
        total = len(document.sentences)
        print(f"{document.title} ({document.id})")
        print(
            f"  {total} sentences: {document.with_claim} with a claim ({document.share:.0%}), "
            f"{document.with_mention} with a concept"
        )
        for sentence in document.uncovered:
            print(f"  no claim  {sentence.start}-{sentence.end}  {sentence.text}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from graph.network.export import export_bytes, export_file

    store = store_of(args)
    if args.output:
        export_file(store, args.format, args.output)
        return EXIT_OK
    sys.stdout.buffer.write(export_bytes(store, args.format))
    sys.stdout.flush()
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from graph.errors import QueryError
    from graph.sparql.results import serialize_result
    from graph.sparql.runner import run_query

    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"cannot read {args.file}: {error}") from error
    else:
        text = args.sparql
    result = run_query(store_of(args), text, timeout=args.timeout, row_limit=args.max_rows)
    if result.result.kind == "graph":
        # --format names table formats; a CONSTRUCT or DESCRIBE result is always Turtle.
        sys.stdout.buffer.write(result.result.graph().serialize(format="turtle", encoding="utf-8"))
    else:
        sys.stdout.buffer.write(
            serialize_result(result.result, args.format, spreadsheet_safe=args.spreadsheet_safe)
        )
    if result.truncated:
        print(f"briefgraph: only the first {result.row_limit:,} rows are shown", file=sys.stderr)
    if result.result.partial:
        print("briefgraph: the SPARQL server cut this answer at its row limit", file=sys.stderr)
    return EXIT_OK


def _briefing(args: argparse.Namespace) -> Briefing:
    from graph.briefing.files import SUFFIX, default_library, read_briefing

    if args.briefing.endswith(SUFFIX) or "/" in args.briefing:
        return read_briefing(Path(args.briefing))
    return default_library().load(args.briefing)


def _brief_list(args: argparse.Namespace) -> int:
    from graph.briefing.files import default_library

    for entry in default_library().list():
        kind = "saved" if entry.editable else "shipped"
        print(f"{entry.name:32} {kind:8} {entry.title}")
    return EXIT_OK


def _brief_check(args: argparse.Namespace) -> int:
    from graph.briefing.deck import Deck

    briefing = _briefing(args)
    deck = Deck.from_store(briefing, store_of(args))
    steps = len(deck.scenes)
    print(f"briefing {briefing.name!r} is ready: {steps} step{'s' if steps != 1 else ''}")
    return EXIT_OK


def _brief_export(args: argparse.Namespace) -> int:
    from graph.atomic import write_export
    from graph.briefing.deck import Deck
    from graph.briefing.handout import write_pngs
    from graph.errors import ExportError
    from graph.network.layout import DEFAULT_LAYOUT

    if not (args.html or args.pdf or args.png):
        raise ExportError("say what to write: --html FILE, --pdf FILE and/or --png DIR")
    # The default essay is drawn as the explorer shows it, with any pinned concepts in place.
    layout = DEFAULT_LAYOUT if not (args.data or args.corpus) else None
    deck = Deck.from_store(_briefing(args), store_of(args), layout=layout, language=args.lang)
    if args.html:
        write_export(args.html, deck.html().encode("utf-8"))
        print(f"wrote {args.html}")
    if args.pdf:
        write_export(args.pdf, deck.pdf())
        print(f"wrote {args.pdf} ({len(deck.scenes)} pages)")
    if args.png:
        written = write_pngs(Path(args.png), deck.pngs())
        print(f"wrote {len(written)} images to {args.png}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
