"""Review integrity: a decision applies to what it names, never breaks the corpus, is never
lost to another process, and is all or nothing, whatever is killed or full."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS

from graph.errors import CorpusWriteError, ReviewError
from graph.ingest.checks import fitting_relations, review_classes
from graph.ingest.journal import corpus_lock
from graph.ingest.pipeline import Pipeline
from graph.ingest.proposals import Proposal
from graph.ingest.review import all_proposals, decide, open_corpus, undo
from graph.ingest.workspace import default_corpus_folder, document_folders, ingest, known_concepts
from graph.model.build import build_graph
from graph.model.namespaces import CONCEPT
from graph.model.relations import ontology_schema
from graph.store.backends import open_store
from graph.store.incremental import validate_changed
from graph.store.validate import validate
from tests.conftest import SHARED
from tests.test_ingest import ESSAY_FOLDER, SECOND
from tests.test_review import cli

REPO = Path(__file__).resolve().parent.parent
FOLDER_FILES = {"text.txt", "source.json", "proposals.json", "decisions.json", "annotations.yaml"}


# ---------------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="session")
def twins_template(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """The essay and two documents with the same words under two names, ingested once."""
    root = tmp_path_factory.mktemp("twins")
    corpus = root / "corpus"
    shutil.copytree(ESSAY_FOLDER, corpus / "security-cooperation")
    twin = root / "regional-cooperation-copy.md"
    shutil.copy(SECOND, twin)
    ingest([SECOND, twin], corpus, known=known_concepts(open_corpus(corpus)), pipeline=pipeline)
    return corpus


@pytest.fixture
def twins(twins_template: Path, tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(twins_template, corpus)
    return corpus


@pytest.fixture(scope="session")
def real_template(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """The essay, the small test document and a real article (corpus-dev), ingested once."""
    article = SHARED / "corpus-dev" / "european_defence_agency.md"
    if not article.is_file():
        pytest.skip("shared/corpus-dev is not beside this checkout")
    corpus = tmp_path_factory.mktemp("real") / "corpus"
    shutil.copytree(ESSAY_FOLDER, corpus / "security-cooperation")
    known = known_concepts(open_corpus(corpus))
    ingest([SECOND, article], corpus, known=known, pipeline=pipeline)
    return corpus


def fingerprint(corpus: Path) -> dict[str, str]:
    """Every file of the corpus (the lock file aside) and a hash of its bytes."""
    return {
        str(p.relative_to(corpus)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(corpus.rglob("*"))
        if p.is_file() and p.name != ".briefgraph.lock"
    }


def by_document(corpus: Path) -> dict[str, list[Proposal]]:
    found: dict[str, list[Proposal]] = {}
    for p in all_proposals(corpus):
        found.setdefault(p.document, []).append(p)
    return found


def status_of(corpus: Path) -> dict[str, str]:
    return {p.id: p.status for p in all_proposals(corpus)}


def builds(corpus: Path) -> Any:
    """The corpus's graph: it must build (every command starts here)."""
    return build_graph(open_corpus(corpus))


def open_claim_with_new_ends(proposals: list[Proposal]) -> tuple[Proposal, list[Proposal]]:
    concepts = {p.concept: p for p in proposals if p.kind == "concept"}
    for p in proposals:
        if p.kind == "claim" and not p.negated and p.status == "proposed":
            ends = [concepts[e] for e in (p.subject, p.object) if e in concepts]
            if ends:
                return p, ends
    raise AssertionError("no claim with a new concept at an end")


# ---------------------------------------------------------------------- 1. exactly what was named
def test_the_same_words_in_two_documents_are_two_proposals_and_a_decision_takes_one(
    twins: Path,
) -> None:
    docs = by_document(twins)
    first, second = docs["regional-cooperation"], docs["regional-cooperation-copy"]
    assert {p.id for p in first}.isdisjoint({p.id for p in second})
    concept = next(p for p in first if p.kind == "concept")
    twin = next(p for p in second if p.kind == "concept" and p.quote == concept.quote)
    before = (twins / "regional-cooperation-copy" / "decisions.json").read_bytes()
    outcome = decide(twins, [concept.id], "accepted")
    assert [p.id for p in outcome.decided] == [concept.id] and not outcome.also
    statuses = status_of(twins)
    assert statuses[concept.id] == "accepted" and statuses[twin.id] == "proposed"
    assert sum(s != "proposed" for s in statuses.values()) == 1
    assert (twins / "regional-cooperation-copy" / "decisions.json").read_bytes() == before


def test_accepting_a_claim_names_the_new_concepts_it_needs_before_accepting_them(
    twins: Path,
) -> None:
    claim, ends = open_claim_with_new_ends(by_document(twins)["regional-cooperation"])
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match="also accepts its new concept") as refused:
        decide(twins, [claim.id], "accepted")
    for end in ends:
        assert repr(end.label) in str(refused.value) and end.id in str(refused.value)
    assert fingerprint(twins) == before
    outcome = decide(twins, [claim.id], "accepted", with_ends=True)
    assert {p.id for p in outcome.also} == {e.id for e in ends}
    assert "also accepted" in outcome.summary()
    builds(twins)


# ---------------------------------------------------------------------- 2. never invalid
def test_a_concept_another_document_defines_otherwise_is_refused_with_the_merge_to_make(
    twins: Path,
) -> None:
    docs = by_document(twins)
    concept = next(p for p in docs["regional-cooperation"] if p.kind == "concept")
    twin = next(p for p in docs["regional-cooperation-copy"] if p.quote == concept.quote)
    decide(twins, [concept.id], "accepted", edits={"class": "InternationalBody"})
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match="already a concept of regional-cooperation") as refused:
        decide(twins, [twin.id], "accepted", edits={"class": "Threat"})
    assert f"merge into {concept.concept}" in str(refused.value)
    assert fingerprint(twins) == before
    decide(twins, [twin.id], "accepted", merge_into=concept.concept)
    network = builds(twins)
    assert (CONCEPT[concept.concept or ""], None, None) in network


def test_a_relation_whose_ends_do_not_fit_is_refused_with_the_relations_that_do(
    twins: Path,
) -> None:
    claim, _ = open_claim_with_new_ends(by_document(twins)["regional-cooperation"])
    decide(twins, [claim.id], "accepted", with_ends=True)
    classes = {p.concept: p.cls for p in all_proposals(twins) if p.kind == "concept"}
    defined = {c.id: c.cls for d in open_corpus(twins).documents for c in d.concepts if c.cls}
    subject_cls = defined.get(claim.subject or "") or classes[claim.subject]
    object_cls = defined.get(claim.object or "") or classes[claim.object]
    schema = ontology_schema()
    misfit = next(
        r for r in sorted(schema.relations) if not schema.fits(r, subject_cls, object_cls)
    )
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match="does not fit its relation") as refused:
        decide(twins, [claim.id], "accepted", edits={"relation": misfit})
    assert ", ".join(fitting_relations(subject_cls, object_cls)) in str(refused.value)
    assert fingerprint(twins) == before


@pytest.mark.parametrize("target", ["../../etc", "no-such-concept", "c-000000000000"])
def test_a_merge_into_an_id_the_corpus_lacks_is_refused_and_nothing_breaks(
    twins: Path, target: str
) -> None:
    concept = next(p for p in all_proposals(twins) if p.kind == "concept")
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match=r"no concept .* to merge into"):
        decide(twins, [concept.id], "accepted", merge_into=target)
    assert fingerprint(twins) == before
    builds(twins)


def test_rejecting_a_concept_an_accepted_claim_needs_is_refused_naming_the_claim(
    twins: Path,
) -> None:
    claim, ends = open_claim_with_new_ends(by_document(twins)["regional-cooperation"])
    decide(twins, [claim.id], "accepted", with_ends=True)
    before = fingerprint(twins)
    for decision in ("rejected", "proposed"):
        with pytest.raises(ReviewError, match="would point at"):
            decide(twins, [ends[0].id], decision)
    assert fingerprint(twins) == before
    decide(twins, [claim.id], "rejected")
    decide(twins, [ends[0].id], "rejected")  # once nothing needs it
    builds(twins)


def random_decision(rng: random.Random, corpus: Path) -> dict[str, Any]:
    """One decision a reviewer could ask for, chosen at random over every document."""
    proposals = all_proposals(corpus)
    p = rng.choice(proposals)
    concepts = [c for c in proposals if c.kind == "concept" and c.document == p.document]
    decision = rng.choice(["accepted"] * 4 + ["rejected", "proposed"])
    ask: dict[str, Any] = {"ids": [p.id], "decision": decision, "with_ends": rng.random() < 0.7}
    if decision != "accepted":
        return ask
    roll = rng.random()
    if p.kind == "concept" and roll < 0.3:
        ask["edits"] = {"class": rng.choice(review_classes())}
        if rng.random() < 0.5:
            ask["edits"]["label"] = rng.choice([p.label or "x", "Council", "Defence Agency"])
    elif p.kind == "concept" and roll < 0.5:
        others = [c for c in proposals if c.kind == "concept" and c.id != p.id]
        targets = [c.id for c in rng.sample(others, 2)] + ["interpol", "terrorism"]
        ask["merge_into"] = rng.choice(targets)
    elif p.kind == "claim" and roll < 0.4 and concepts:
        ends = {"subject": p.object, "object": p.subject}  # reversed
        if rng.random() < 0.5:
            ends[rng.choice(["subject", "object"])] = rng.choice(concepts).concept
        ask["edits"] = {**ends, "relation": rng.choice(["related", *ontology_schema().relations])}
    elif p.kind == "claim" and roll < 0.6:
        ask["edits"] = {"relation": rng.choice(sorted(ontology_schema().relations))}
    return ask


def test_random_decisions_on_many_documents_never_leave_the_corpus_invalid(
    real_template: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(real_template, corpus)
    seed = int(os.environ.get("BRIEFGRAPH_REVIEW_SEED", "19"))
    rng = random.Random(seed)
    record = tmp_path / "validated.json"
    assert validate_changed(open_store(builds(corpus)), record).violations == []
    made = refused = 0
    for step in range(80):  # 40 decisions, more if either path is not yet exercised
        if step >= 40 and made >= 15 and refused >= 5:
            break
        ask = random_decision(rng, corpus)
        before = fingerprint(corpus)
        try:
            decide(corpus, ask.pop("ids"), ask.pop("decision"), **ask)
            made += 1
        except ReviewError:
            refused += 1
            assert fingerprint(corpus) == before, f"seed {seed} step {step}: a refusal wrote"
        store = open_store(builds(corpus))
        violations = validate_changed(store, record).violations
        assert violations == [], f"seed {seed} step {step}: {violations[:3]}"
    assert made >= 15 and refused >= 5, (made, refused)  # both paths were exercised
    assert validate(open_store(builds(corpus))) == []


def test_a_decision_the_document_read_again_no_longer_fits_is_set_aside_not_saved(
    twins: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read again, a document may give a concept another class (a reviewer's lesson, a
    better rule): an accepted claim whose relation no longer fits its ends is set aside
    with the stale decisions, and the corpus stays valid."""
    from dataclasses import replace

    from graph.ingest import workspace
    from graph.ingest.carry import NO_LONGER_FITS
    from graph.ingest.workspace import read_stale

    schema = ontology_schema()
    mine = by_document(twins)["regional-cooperation"]
    concepts = {p.concept: p for p in mine if p.kind == "concept"}
    claim = next(
        p for p in mine
        if p.kind == "claim" and p.relation not in {None, "related"} and not p.negated
        and p.subject in concepts and p.object in concepts
    )  # fmt: skip
    decide(twins, [claim.id], "accepted", with_ends=True)
    obj = concepts[claim.object or ""].cls or ""
    misfit = next(c for c in review_classes() if not schema.fits(claim.relation or "", c, obj))
    read = workspace.applied

    def read_otherwise(*args: Any, **kwargs: Any) -> list[Proposal]:
        return [
            replace(p, cls=misfit) if p.kind == "concept" and p.concept == claim.subject else p
            for p in read(*args, **kwargs)
        ]

    monkeypatch.setattr(workspace, "applied", read_otherwise)
    done = ingest([SECOND], twins, pipeline=pipeline)
    assert [d.document for d in done.ingested] == ["regional-cooperation"]
    aside = [s for s in read_stale(twins / "regional-cooperation") if s["id"] == claim.id]
    assert [s["why"] for s in aside] == [NO_LONGER_FITS]
    assert status_of(twins)[claim.id] == "proposed"
    assert validate(open_store(builds(twins))) == []


# ---------------------------------------------------------------------- 3. many at once
def _decide_together(barrier: Any, corpus: str, pid: str, decision: str, errors: Any) -> None:
    try:
        barrier.wait(timeout=30)
        decide(Path(corpus), [pid], decision)
    except Exception as error:  # reported to the test, which fails on it
        errors.put(f"{pid}: {error!r}")


def test_decisions_from_processes_started_at_the_same_instant_all_survive(twins: Path) -> None:
    fork = multiprocessing.get_context("fork")  # the imports are done: only the save races
    open_ones = [p.id for p in all_proposals(twins) if p.kind != "claim"]
    rounds, per_round = 20, 3
    errors = fork.Queue()
    for number in range(rounds):
        ids = [open_ones[(number * per_round + k) % len(open_ones)] for k in range(per_round)]
        statuses = status_of(twins)
        wanted = {pid: "rejected" if statuses[pid] == "accepted" else "accepted" for pid in ids}
        barrier = fork.Barrier(per_round)
        workers = [
            fork.Process(
                target=_decide_together, args=(barrier, str(twins), pid, wanted[pid], errors)
            )
            for pid in ids
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0
        assert errors.empty(), errors.get()
        statuses = status_of(twins)
        assert {pid: statuses[pid] for pid in ids} == wanted, f"round {number}"
    trail = [e for f in document_folders(twins) for e in json.loads(
        (f / "decisions.json").read_text())["trail"]]  # fmt: skip
    assert len(trail) == rounds * per_round  # every decision of every process is on record


def test_a_decision_on_a_proposal_someone_decided_meanwhile_is_refused_in_words(
    twins: Path,
) -> None:
    concept = next(p for p in all_proposals(twins) if p.kind == "concept")
    decide(twins, [concept.id], "rejected", by="Analyst B")
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match="was rejected by Analyst B while you looked"):
        decide(twins, [concept.id], "accepted", expected={concept.id: "proposed"})
    assert fingerprint(twins) == before


def test_undo_puts_a_decision_back_unless_someone_changed_it_since(twins: Path) -> None:
    concept = next(p for p in all_proposals(twins) if p.kind == "concept")
    outcome = decide(twins, [concept.id], "accepted", edits={"class": "Threat"})
    undo(twins, outcome)
    assert status_of(twins)[concept.id] == "proposed"
    again = decide(twins, [concept.id], "accepted")
    decide(twins, [concept.id], "rejected")
    with pytest.raises(ReviewError, match="decided again since"):
        undo(twins, again)
    assert status_of(twins)[concept.id] == "rejected"


# ---------------------------------------------------------------------- 4. all or nothing
def test_a_command_naming_a_good_and_an_unknown_id_changes_nothing(twins: Path) -> None:
    good = next(p for p in all_proposals(twins) if p.kind == "concept")
    before = fingerprint(twins)
    with pytest.raises(ReviewError, match=r"no proposal called UNKNOWN.*nothing was decided"):
        decide(twins, [good.id, "UNKNOWN"], "accepted")
    assert fingerprint(twins) == before
    done = cli("review", "--corpus", str(twins), "accept", good.id, "UNKNOWN", home=twins.parent)
    assert done.returncode == 2 and "UNKNOWN" in done.stderr and "Traceback" not in done.stderr
    assert fingerprint(twins) == before


def _work_until_killed(corpus: Path, pipeline: Pipeline, source: Path, seed: int) -> None:
    rng = random.Random(seed)
    for number in range(1000):
        if rng.random() < 0.5:
            named = source.parent / f"note-{number % 4}.md"  # new, then re-ingested
            shutil.copy(source, named)
            ingest([named], corpus, pipeline=pipeline)
        else:
            with contextlib.suppress(ReviewError):
                ask = random_decision(rng, corpus)
                decide(corpus, ask.pop("ids"), ask.pop("decision"), **ask)


def test_ingest_and_review_killed_at_random_points_leave_every_document_whole(
    twins: Path, pipeline: Pipeline, tmp_path: Path
) -> None:
    fork = multiprocessing.get_context("fork")  # the pipeline is loaded once, here
    source = tmp_path / "src" / "note.md"
    source.parent.mkdir()
    shutil.copy(SECOND, source)
    rng = random.Random(100)
    record = tmp_path / "validated.json"
    for kill in range(100):
        worker = fork.Process(target=_work_until_killed, args=(twins, pipeline, source, kill))
        worker.start()
        time.sleep(rng.uniform(0.01, 0.3))
        os.kill(worker.pid or 0, signal.SIGKILL)
        worker.join()
        for folder in twins.iterdir():
            if (
                folder.is_dir()
                and not folder.name.startswith(".")
                and folder.name != ("security-cooperation")
            ):
                assert {p.name for p in folder.iterdir()} >= FOLDER_FILES, (kill, folder)
        network = builds(twins)  # reading finishes a journaled change first
        if kill % 20 == 19:
            assert validate_changed(open_store(network), record).violations == [], kill
    with corpus_lock(twins, write=True):
        pass  # a writer sweeps what killed ones left
    leftovers = [p for p in twins.rglob(".*") if p.name != ".briefgraph.lock"]
    assert leftovers == []
    assert len(document_folders(twins)) > 2  # some ingests finished between the kills


# ---------------------------------------------------------------------- full disk, read-only
@contextlib.contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` at ``path`` (needs the right to mount: CI runs as root)."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_gives_one_line_and_leaves_nothing_half_written(
    twins: Path, tmp_path: Path, pipeline: Pipeline
) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        corpus = disk / "corpus"
        shutil.copytree(twins, corpus)
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            while True:
                handle.write(b"x" * 4096)
                handle.flush()
        filler.write_bytes(filler.read_bytes()[:-6000])  # a few kilobytes free
        before = fingerprint(corpus)
        concept = next(p for p in all_proposals(corpus) if p.kind == "concept")
        with pytest.raises(CorpusWriteError, match="No space left on device; nothing was changed"):
            decide(corpus, [concept.id], "accepted")
        big = tmp_path / "big.md"
        big.write_text(SECOND.read_text(encoding="utf-8") * 20, encoding="utf-8")
        report = ingest([big], corpus, pipeline=pipeline)
        assert not report.ingested and "No space left on device" in report.skipped[0][1]
        assert "\n" not in report.skipped[0][1]
        assert fingerprint(corpus) == before
        assert [p for p in corpus.rglob(".*") if p.name != ".briefgraph.lock"] == []


def test_a_read_only_home_gives_one_line_from_the_command_line(twins: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "home", "8m") as home:
        shutil.copytree(twins, home / "corpus")
        concept = next(p for p in all_proposals(home / "corpus") if p.kind == "concept")
        subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)
        listed = cli("proposals", "--json", home=home)
        assert listed.returncode == 0, listed.stderr  # reading needs no write
        done = cli("review", "accept", concept.id, home=home)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "Read-only file system; nothing was changed" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        added = cli("ingest", str(SECOND), home=home)
        assert added.returncode != 0 and "Traceback" not in added.stderr
        assert "Read-only file system" in added.stderr


# ---------------------------------------------------------------------- 5. no clash
def test_a_file_named_like_a_shipped_document_gets_its_own_id_and_breaks_nothing(
    tmp_path: Path, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "security-cooperation.txt"
    shutil.copy(SECOND, named)
    done = cli("ingest", str(named), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "security-cooperation-2" in done.stdout and "already" in done.stdout
    for command in (["stats"], ["brief", "check", "the-argument"]):
        ran = cli(*command, home=tmp_path)
        assert ran.returncode == 0, (command, ran.stderr)
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path))
    (again,) = ingest([named], default_corpus_folder(), pipeline=pipeline).ingested
    assert again.document == "security-cooperation-2"  # the same file again: a re-ingest
    build_graph(open_corpus(None))  # and the default corpus still builds with it


# ---------------------------------------------------------------------- 7, 8. reported as made
def test_the_listing_shows_what_was_decided_beside_what_was_proposed(twins: Path) -> None:
    docs = by_document(twins)["regional-cooperation"]
    concept = next(p for p in docs if p.kind == "concept")
    other = next(p for p in docs if p.kind == "concept" and p is not concept)
    decide(twins, [concept.id], "accepted", edits={"class": "InternationalBody", "label": "SCO X"})
    decide(twins, [other.id], "accepted", merge_into=concept.id)
    listed = {
        p["id"]: p
        for p in json.loads(cli("proposals", "--corpus", str(twins), "--json", home=twins).stdout)
    }
    shown = listed[concept.id]
    assert (shown["label"], shown["class"], shown["concept"]) == (
        "SCO X", "InternationalBody", "sco-x"
    )  # fmt: skip
    assert shown["original"]["label"] == concept.label and shown["original"]["class"] == concept.cls
    assert listed[other.id]["merged_into"] == "sco-x"
    decide(twins, [concept.id], "accepted", edits={"class": "Threat"}, with_ends=True)
    assert status_of(twins)[concept.id] == "accepted"
    decide(twins, [other.id], "proposed")
    assert status_of(twins)[other.id] == "proposed"


def test_who_accepted_an_item_and_when_is_kept_and_exported_as_prov(twins: Path) -> None:
    concept = next(p for p in all_proposals(twins) if p.kind == "concept")
    decide(twins, [concept.id], "accepted", by="Analyst A")
    trail = json.loads((twins / concept.document / "decisions.json").read_text())["trail"]
    assert trail[-1]["id"] == concept.id and trail[-1]["by"] == "Analyst A"
    assert trail[-1]["decision"] == "accepted" and trail[-1]["was"] == "proposed"
    network = builds(twins)
    iri = CONCEPT[concept.concept or ""]
    agent = network.value(iri, PROV.wasAttributedTo)
    assert isinstance(agent, URIRef) and network.value(agent, RDFS.label) == Literal("Analyst A")
    assert network.value(iri, PROV.generatedAtTime) is not None
