"""Errors a user can cause, each with a plain-language message.

Programmer errors stay ordinary Python exceptions; everything here is caught by
the CLI and the app and shown as its message, never as a traceback.
"""

from __future__ import annotations


class BriefgraphError(Exception):
    """Base of every error a user can cause: the message is meant for them."""


class AnnotationError(BriefgraphError):
    """An annotation file cannot be read or says something impossible."""


class QuoteNotFoundError(AnnotationError):
    """A quote in an annotation file does not occur in its source document."""


class RDFInputError(BriefgraphError):
    """An RDF file or string cannot be parsed."""


class QueryError(BriefgraphError):
    """A SPARQL query is malformed, refused or failed."""


class QuerySyntaxError(QueryError):
    """A SPARQL query cannot be parsed; the message gives the line and column."""


class QueryRefusedError(QueryError):
    """A SPARQL query asks for something briefgraph never does: an update, SERVICE, FROM."""


class QueryLimitError(QueryError):
    """A SPARQL query went past a limit (its time, or its worker's memory) and was stopped."""


class QueryTimeoutError(QueryLimitError):
    """A SPARQL query ran past its time limit and was stopped."""


class QueryRetryLaterError(QueryLimitError):
    """A SPARQL query that was not run now, but may be in ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryBusyError(QueryRetryLaterError):
    """Every query worker stayed busy for as long as a query may wait for one."""


class QueryShareError(QueryRetryLaterError):
    """A client used more than its share of query time in the last minute."""


class ExportError(BriefgraphError):
    """A graph cannot be exported as asked (unknown format, unwritable file)."""


class BriefingError(BriefgraphError):
    """A briefing file cannot be read, names something the graph lacks, or cannot be saved."""


class IngestError(BriefgraphError):
    """A document that cannot be ingested: empty, binary, too large, unreadable, no text layer."""


class ReviewError(BriefgraphError):
    """A review decision that cannot be made: an unknown proposal, a bad edit."""


class CorpusWriteError(BriefgraphError):
    """A corpus folder cannot be written (a full disk, a read-only folder): nothing changed."""
