"""The commands that take documents in: ingest, proposals, review, and the app on a corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graph.cli.options import number_in, setting_range
from graph.model.printable import printable

EXIT_OK = 0


def add_commands(commands: Any, source: argparse.ArgumentParser) -> None:
    """Add ingest, proposals and review to the command line's subcommands."""
    corpus = argparse.ArgumentParser(add_help=False)
    corpus.add_argument(
        "--corpus",
        metavar="DIR",
        help="the corpus folder (default: $BRIEFGRAPH_HOME/corpus, beside the shipped essay)",
    )

    ingest = commands.add_parser(
        "ingest", parents=[corpus], help="read documents and propose concepts and claims"
    )
    ingest.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help=".txt, .md, .html, .pdf")
    ingest.add_argument(
        "--no-model",
        action="store_true",
        help="use spaCy's blank pipeline even where the English model is installed",
    )
    ingest.add_argument(
        "--max-mb",
        type=setting_range("upload_mb"),
        help="refuse files larger than this many MB, 1 to 1024 (default: "
        "BRIEFGRAPH_UPLOAD_MB, or 20)",
    )
    ingest.set_defaults(command=_ingest)

    proposals = commands.add_parser(
        "proposals", parents=[corpus], help="list what ingest proposed, by document and status"
    )
    proposals.add_argument("--document", metavar="ID", help="one document's proposals")
    proposals.add_argument("--status", choices=("proposed", "accepted", "rejected"))
    proposals.add_argument("--kind", choices=("mention", "concept", "claim"))
    proposals.add_argument("--json", action="store_true", help="print JSON instead of text")
    proposals.set_defaults(command=_proposals)

    review = commands.add_parser(
        "review",
        parents=[corpus],
        help="accept, reject, edit, merge or return proposals (all named, or none)",
    )
    review.add_argument("action", choices=("accept", "reject", "edit", "merge", "return"))
    review.add_argument(
        "ids", nargs="*", metavar="ID", help="proposal ids (merge: ID and a concept or proposal)"
    )
    review.add_argument(
        "--min-confidence",
        type=number_in(0, 1),
        metavar="X",
        help="with accept: every open proposal at least this confident",
    )
    review.add_argument("--document", metavar="ID", help="with --min-confidence: one document")
    review.add_argument(
        "--with-ends",
        action="store_true",
        help="with accept or edit of a claim: accept the new concepts at its ends with it",
    )
    review.add_argument("--label", help="with edit: a new concept's label")
    review.add_argument("--class", dest="cls", metavar="CLASS", help="with edit: its class")
    review.add_argument(
        "--name", dest="names", action="append", metavar="NAME",
        help="with edit: another name of the concept (repeat for several)",
    )  # fmt: skip
    review.add_argument("--relation", help="with edit: a claim's relation")
    review.add_argument("--subject", metavar="CONCEPT", help="with edit: a claim's subject")
    review.add_argument("--object", metavar="CONCEPT", help="with edit: a claim's object")
    review.add_argument(
        "--reverse", action="store_true", help="with edit: swap a claim's subject and object"
    )
    review.add_argument(
        "--by", metavar="NAME", help="who decides, for the trail (default: your user name)"
    )
    review.set_defaults(command=_review)


def _corpus_folder(args: argparse.Namespace) -> Path:
    from graph.errors import BriefgraphError
    from graph.ingest.workspace import default_corpus_folder

    folder = Path(args.corpus) if args.corpus else default_corpus_folder()
    if folder.exists() and not folder.is_dir():
        raise BriefgraphError(f"the corpus {printable(str(folder))} is a file, not a folder")
    return folder


def _ingest(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from graph.errors import IngestError
    from graph.ingest.pipeline import load_pipeline
    from graph.ingest.review import open_corpus
    from graph.ingest.workspace import ingest, known_concepts, source_files
    from graph.settings import settings

    folder = _corpus_folder(args)
    paths = [Path(p) for p in args.paths]
    missing = [printable(str(p)) for p in paths if not p.exists()]
    if missing:
        raise IngestError(f"no such file or folder: {', '.join(missing)}")
    links: list[tuple[str, str]] = []  # links leading out of a folder given: not read
    files = source_files(paths, links)
    if not files:
        raise IngestError("no .txt, .md, .html or .pdf file was found there")
    # The default corpus is the shipped essay with what was ingested before; a corpus
    # folder given is read as it is (an empty or new one knows no concepts yet).
    if not args.corpus:
        known = known_concepts(open_corpus(None))
    elif folder.is_dir() and any(folder.iterdir()):
        known = known_concepts(open_corpus(folder))
    else:
        known = []
    pipeline = load_pipeline(use_model=not args.no_model)
    console = Console(stderr=True)
    if pipeline.message:
        console.print(f"[yellow]briefgraph: {pipeline.message}[/yellow]", highlight=False)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))
        report = ingest(
            files,
            folder,
            known=known,
            pipeline=pipeline,
            max_bytes=int((args.max_mb or settings().upload_mb) * 1024 * 1024),
            progress=lambda path: progress.update(
                task, advance=1, description=escape(printable(path.name))
            ),
        )
    report.skipped[:0] = links
    for done in report.ingested:
        counts = {
            k: sum(1 for p in done.proposals if p.kind == k)
            for k in ("mention", "concept", "claim")
        }
        line = (
            f"{done.document}: {_count(counts['mention'], 'mention')} of known concepts, "
            f"{_count(counts['concept'], 'new concept')}, {_count(counts['claim'], 'claim')} "
            "proposed"
        )
        if done.wanted:
            line += f" (the id {done.wanted!r} is already another document's)"
        if done.kept or done.stale:
            line += f"; {done.kept} decisions kept, {len(done.stale)} no longer match"
        print(line)
        for stale in done.stale:
            print(f"  no longer in the text: {stale['id']} {stale.get('quote', '')!r}")
    for name, why in report.skipped:
        print(f"skipped {name}: {why.split(': ', 1)[-1]}", file=sys.stderr)
    print(
        f"ingested {len(report.ingested)} of {len(report.ingested) + len(report.skipped)} "
        f"file(s) into {printable(str(folder))}"
        + (f"; {len(report.skipped)} skipped" if report.skipped else "")
    )
    return EXIT_OK if report.ingested or not report.skipped else 2


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _proposals(args: argparse.Namespace) -> int:
    from graph.ingest.review import all_proposals

    found = all_proposals(_corpus_folder(args), document=args.document, status=args.status)
    if args.kind:
        found = [p for p in found if p.kind == args.kind]
    if args.json:
        print(json.dumps([p.json() for p in found], indent=1, ensure_ascii=False))
        return EXIT_OK
    for p in found:
        if p.kind == "claim":
            what = f"{p.subject_label} {p.relation} {p.object_label}" + (
                " (denied)" if p.negated else ""
            )
        elif p.kind == "concept":
            what = f"new {p.cls}: {p.label}"
        else:
            what = f"mentions {p.label}"
        print(f"{p.id}  {p.status:<8}  {p.confidence:.2f}  {p.document}  {what}")
        print(f"    \u201c{p.quote[:160]}\u201d ({p.start}\u2013{p.end}; {p.rule})")
    print(f"{len(found)} proposal(s)")
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from graph.errors import ReviewError
    from graph.ingest.review import accept_confident, all_proposals, decide

    folder = _corpus_folder(args)
    common = {"with_ends": args.with_ends, "by": args.by}
    if args.action == "accept" and args.min_confidence is not None:
        done = accept_confident(folder, args.min_confidence, args.document, by=args.by)
    elif not args.ids:
        raise ReviewError(f"review {args.action} needs proposal ids (see `briefgraph proposals`)")
    elif args.action == "merge":
        if len(args.ids) != 2:
            raise ReviewError("review merge takes a new concept's proposal id and a concept id")
        done = decide(folder, [args.ids[0]], "accepted", merge_into=args.ids[1], **common)
    elif args.action == "edit":
        given = {
            "label": args.label,
            "class": args.cls,
            "names": args.names,
            "relation": args.relation,
            "subject": args.subject,
            "object": args.object,
        }
        edits: dict[str, object] = {k: v for k, v in given.items() if v}
        if args.reverse:
            if len(args.ids) != 1:
                raise ReviewError("review edit --reverse takes one claim's id")
            claim = next((p for p in all_proposals(folder) if p.id == args.ids[0]), None)
            if claim is None or claim.kind != "claim":
                raise ReviewError(f"{args.ids[0]}: --reverse needs a claim's proposal id")
            edits["subject"] = edits.get("object", claim.effective_object)
            edits["object"] = args.subject or claim.effective_subject
        if not edits:
            raise ReviewError(
                "review edit needs --label, --class, --name, --relation, --subject, --object "
                "or --reverse"
            )
        done = decide(folder, args.ids, "accepted", edits=edits, **common)
    else:
        decision = {"accept": "accepted", "reject": "rejected", "return": "proposed"}[args.action]
        done = decide(folder, args.ids, decision, **common)
    print(done.summary())
    return EXIT_OK
