"""The ingest wing: an analyst's documents in, proposed concepts and claims with exact excerpts out.

Files become text exactly as excerpts index them (``readers``), a language
pipeline reads them (``pipeline``: spaCy's English model, or a blank fallback
that says what it loses), rules propose mentions, new concepts and claims, each
with offsets, quote, confidence and the rule that made it (``extract``, with
its cue words in ``cues.yaml``), and a corpus folder keeps each document with its
proposals and a person's decisions (``workspace``), which become the document's
curated annotations (``review``).

May import: ``graph.network``, ``graph.store``, ``graph.model`` and the base modules.
"""
