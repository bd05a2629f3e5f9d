"""What each step of a briefing shows: the concepts and claims in focus and the excerpts quoted.

``scenes`` checks a whole briefing against a concept network and its source
documents and reports every problem by step and name, or returns one Scene per
step. Every rendering of a briefing (presenter, HTML, PDF, PNG) starts here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html import escape

import networkx as nx
from markupsafe import Markup

from graph.briefing.files import Briefing, Focus, Step
from graph.errors import BriefingError, QuoteNotFoundError
from graph.model.bidi import Isolated, Phrase
from graph.model.corpus import QuoteRef
from graph.model.namespaces import CONCEPT, local_name
from graph.model.provenance import Excerpt, locate
from graph.network.analytics import neighbourhood, shortest_paths
from graph.network.concepts import claim_phrase, status_note

MAX_AUTOMATIC_EXCERPTS = 4
"""How many excerpts a step without its own list quotes from what it focuses on."""


@dataclass(frozen=True)
class Scene:
    """One step resolved against a graph: what is in focus and which words are quoted."""

    number: int
    """1 for the first step."""
    step: Step
    nodes: tuple[str, ...]
    """Concept IRIs in focus (the rest of the network is faded)."""
    edges: tuple[str, ...]
    """Claim IRIs in focus."""
    highlighted: tuple[str, ...]
    """Claim IRIs drawn thick: the steps of a path."""
    excerpts: tuple[Excerpt, ...]


def scenes(briefing: Briefing, network: nx.MultiDiGraph, texts: Mapping[str, str]) -> list[Scene]:
    """Return one Scene per step; BriefingError listing every step that names what is absent.

    ``texts`` maps each source document's IRI to its full text.
    """
    result: list[Scene] = []
    problems: list[str] = []
    for number, step in enumerate(briefing.steps, 1):
        where = f"step {number} ({step.title!r})"
        try:
            result.append(scene(number, step, network, texts))
        except BriefingError as error:
            problems.append(f"{where}: {error}")
    if not briefing.steps:
        problems.append("it has no steps")
    if problems:
        shown = "; ".join(problems[:8]) + ("; ..." if len(problems) > 8 else "")
        raise BriefingError(f"briefing {briefing.name!r} cannot be shown: {shown}")
    return result


def scene(number: int, step: Step, network: nx.MultiDiGraph, texts: Mapping[str, str]) -> Scene:
    """Return what ``step`` shows; BriefingError if it names something the graph lacks."""
    nodes, edges, highlighted = _focus(step.focus, network)
    if step.hops:
        reached: set[str] = set()
        for node in nodes:
            reached |= neighbourhood(network, node, step.hops)
        nodes = reached
        edges = _edges_within(network, nodes, _relations(step.focus, network) or None)
    if step.excerpts:
        excerpts = tuple(_locate(ref, texts) for ref in step.excerpts)
    else:
        excerpts = _automatic_excerpts(network, nodes, edges)
    return Scene(
        number=number,
        step=step,
        nodes=tuple(sorted(nodes)),
        edges=tuple(sorted(edges)),
        highlighted=tuple(sorted(highlighted)),
        excerpts=excerpts,
    )


def concept_iri(name: str) -> str:
    """Return the IRI a briefing means by a concept name: an annotation id or a full IRI."""
    return name if name.startswith(("http://", "https://", "urn:")) else f"{CONCEPT}{name}"


def _focus(focus: Focus, network: nx.MultiDiGraph) -> tuple[set[str], set[str], set[str]]:
    if focus.kind == "path":
        assert focus.path is not None
        start, end = (_concept(name, network) for name in focus.path)
        paths = shortest_paths(network, start, end)
        if not paths:
            raise BriefingError(f"no path links {focus.path[0]!r} and {focus.path[1]!r}")
        claims = {step.claim for path in paths for step in path}
        nodes = {n for path in paths for step in path for n in (step.source, step.target)}
        return nodes, claims, claims
    if focus.kind == "concepts":
        nodes = {_concept(name, network) for name in focus.concepts}
        return nodes, _edges_within(network, nodes), set()
    if focus.kind == "filter":
        classes = _classes(focus, network)
        relations = _relations(focus, network)
        nodes = {n for n, d in network.nodes(data=True) if not classes or d["cls"] in classes}
        if relations and not classes:
            nodes = {
                n
                for s, t, d in network.edges(data=True)
                if d["relation"] in relations
                for n in (s, t)
            }
        return nodes, _edges_within(network, nodes, relations or None), set()
    return set(network.nodes), {k for *_, k in network.edges(keys=True)}, set()


def _concept(name: str, network: nx.MultiDiGraph) -> str:
    iri = concept_iri(name)
    if iri not in network:
        raise BriefingError(f"there is no concept {name!r} in the graph")
    return iri


def _classes(focus: Focus, network: nx.MultiDiGraph) -> set[str]:
    known = {local_name(d["cls"]): d["cls"] for _, d in network.nodes(data=True)}
    return {_named(name, known, "class") for name in focus.classes}


def _relations(focus: Focus, network: nx.MultiDiGraph) -> set[str]:
    known = {local_name(d["relation"]): d["relation"] for *_, d in network.edges(data=True)}
    return {_named(name, known, "relation") for name in focus.relations}


def _named(name: str, known: Mapping[str, str], kind: str) -> str:
    if name in known.values():
        return name
    if name in known:
        return known[name]
    choices = ", ".join(sorted(known))
    raise BriefingError(f"there is no {kind} {name!r} in the graph (it has {choices})")


def _edges_within(
    network: nx.MultiDiGraph, nodes: Collection[str], relations: Collection[str] | None = None
) -> set[str]:
    inside = set(nodes)
    return {
        key
        for source, target, key, data in network.edges(keys=True, data=True)
        if source in inside
        and target in inside
        and (relations is None or data["relation"] in relations)
    }


def _locate(ref: QuoteRef, texts: Mapping[str, str]) -> Excerpt:
    for document, text in sorted(texts.items()):
        try:
            return locate(text, ref.quote, document=document, occurrence=ref.occurrence)
        except QuoteNotFoundError:
            continue
    times = "" if ref.occurrence == 1 else f" {ref.occurrence} times"
    raise BriefingError(f'the source does not contain{times} the excerpt "{ref.quote}"')


def _automatic_excerpts(
    network: nx.MultiDiGraph, nodes: Iterable[str], edges: Collection[str]
) -> tuple[Excerpt, ...]:
    # The evidence of the claims in focus says most; concepts' mentions fill in.
    chosen: dict[tuple[str, int, int], Excerpt] = {}
    claims = [
        data["excerpts"][0]
        for *_, key, data in sorted(network.edges(keys=True, data=True), key=lambda e: e[2])
        if key in edges and data["excerpts"]
    ]
    mentions = [
        network.nodes[node]["excerpts"][0]
        for node in sorted(nodes)
        if network.nodes[node]["excerpts"]
    ]
    for excerpt in [*claims, *mentions]:
        if len(chosen) == MAX_AUTOMATIC_EXCERPTS:
            break
        # Words already quoted are not quoted again: a mention inside a claim's evidence,
        # or evidence overlapping other evidence, would repeat them on the same page.
        if any(
            document == excerpt.document and start < excerpt.end and excerpt.start < end
            for document, start, end in chosen
        ):
            continue
        chosen[(excerpt.document, excerpt.start, excerpt.end)] = excerpt
    return tuple(sorted(chosen.values(), key=lambda e: (e.document, e.start, -e.end)))


@dataclass(frozen=True)
class Quotation:
    """An excerpt as a slide shows it: the sentence around it, the quote marked, its source."""

    before: str
    quote: str
    after: str
    source: str

    def html(self) -> str:
        """Return the quotation as a <blockquote>, the quote marked; every character escaped.

        The presenter page and the HTML player both show quotations this way.
        """
        return str(
            Markup(
                '<blockquote dir="auto">{}<mark>{}</mark>{}'
                '<span class="source">{}</span></blockquote>'
            ).format(self.before, self.quote, self.after, self.source)
        )


def status_notes(network: nx.MultiDiGraph, scene: Scene) -> list[Phrase]:
    """Return a line for each link in focus that its source does not state.

    'Forum participation is a kind of International cooperation (inferred: ...)':
    the presenter, the HTML player and the handout list these beside the quotes,
    so an audience knows which links are a curator's reading. The claim's labels are
    isolated, and so is the note with its brackets: in an Arabic line the brackets, the
    colon and the note's full stop stay beside the English words they belong to, on
    every line the note wraps onto.
    """
    inside = set(scene.edges)
    return [
        claim_phrase(network, source, target, data) + " " + Isolated(f"({status_note(data)})")
        for source, target, key, data in sorted(network.edges(keys=True, data=True))
        if key in inside and status_note(data)
    ]


NOTES_HEADING = "Dashed links are a reading, not a quote:"


def notes_html(network: nx.MultiDiGraph, scene: Scene) -> str:
    """Return the list of the step's inferred links as HTML ('' if it has none): each line
    an element in its own direction (right to left in Arabic), each label a ``<bdi>``.

    The presenter page and the HTML player both show the notes this way.
    """
    notes = status_notes(network, scene)
    if not notes:
        return ""
    language = str(network.graph.get("language", "en"))
    items = "".join(note.element_html("li") for note in notes)
    return (
        f'<div class="inferred"><strong>{escape(NOTES_HEADING)}</strong>'
        f'<ul lang="{escape(language)}" dir="{notes[0].dir}">{items}</ul></div>'
    )


def title_html(scene: Scene) -> str:
    """Return the step's title as a heading that takes its direction from its own words."""
    return f'<h2 class="step-title" dir="auto">{escape(scene.step.title)}</h2>'


def quotations(scene: Scene, document_titles: Mapping[str, str]) -> list[Quotation]:
    """Return the excerpts of ``scene`` in their sentences, each with title and character range."""
    result = []
    for excerpt in scene.excerpts:
        sentence = excerpt.sentence
        offset = excerpt.sentence_start
        before = sentence[: max(excerpt.start - offset, 0)]
        after = (
            sentence[max(excerpt.end - offset, 0) :] if excerpt.end <= excerpt.sentence_end else ""
        )
        title = document_titles.get(excerpt.document, excerpt.document)
        result.append(
            Quotation(
                before=before,
                quote=excerpt.quote,
                after=after,
                source=f"{title}, characters {excerpt.start}\u2013{excerpt.end}",
            )
        )
    return result
