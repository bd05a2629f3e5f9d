"""The network wing: the concept network as networkx, and what is computed on it.

The RDF graph as a MultiDiGraph of concepts and claims (``concepts``), paths,
neighbourhoods, centrality and communities (``analytics``), label search
(``search``), seeded and saved positions (``layout``), and every export,
RDF or GraphML/GEXF (``export``).

May import: ``graph.store``, ``graph.model`` and the base modules. Not ``graph.sparql``.
"""

from graph.network.concepts import claim_sentence, to_networkx

__all__ = ["claim_sentence", "to_networkx"]
