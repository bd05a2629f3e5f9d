"""The explorer's view state survives a round trip through the URL."""

from __future__ import annotations

import pytest

from app.state import ViewState, from_query_params, to_query_params
from graph.model.namespaces import BG, CLAIM, CONCEPT


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(node=str(CONCEPT["interpol"]), hops=2),
        ViewState(edge=str(CLAIM["a--counters--b"]), theme="dark", colour="community"),
        ViewState(
            hidden_classes=(str(BG.Threat), str(BG.Outcome)),
            hidden_relations=("http://www.w3.org/2004/02/skos/core#broader",),
            path=(str(CONCEPT["terrorism"]), str(CONCEPT["interpol"])),
        ),
    ],
)
def test_a_view_reopens_from_its_query_parameters(state: ViewState) -> None:
    assert from_query_params(to_query_params(state)) == state


def test_query_parameters_are_short_and_readable() -> None:
    params = to_query_params(
        ViewState(node=str(CONCEPT["interpol"]), hops=1, hidden_classes=(str(BG.Threat),))
    )
    assert params == {"node": "interpol", "hops": "1", "hide": "Threat"}


def test_nonsense_parameters_fall_back_to_defaults() -> None:
    state = from_query_params({"hops": "lots", "theme": "neon", "colour": "x", "path": "a"})
    assert state == ViewState()
    assert from_query_params({"hops": "99"}).hops == 3
