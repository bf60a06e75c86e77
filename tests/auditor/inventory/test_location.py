"""A template resource's result points at the lines of the property its evidence names, else at
the nearest object under the resource that was set, else at the resource's block."""

from __future__ import annotations

import pytest

from auditor.inventory.resources import Location

BLOCK = Location(
    "file",
    "infra/main.json",
    None,
    10,
    40,
    positions={
        "properties": (14, 38),
        "properties.authmode": (15, 15),
        "properties.networkacls": (20, 30),
        "properties.networkacls.iprules.1": (25, 27),
        "identity": (11, 13),
    },
)


@pytest.mark.parametrize(
    ("paths", "lines"),
    [
        (["properties.authMode"], (15, 15)),  # evidence paths keep ARM's casing
        (["properties.networkAcls.ipRules[1].value"], (25, 27)),
        (["properties.networkAcls.defaultAction"], (20, 30)),  # absent under a set object
        (["properties.publicNetworkAccess"], (10, 40)),  # absent: the block, not `properties`
        (["identity.type"], (10, 40)),
        (["properties"], (14, 38)),
        (["nowhere", "properties.authMode"], (15, 15)),  # the first path that was set
        ([], (10, 40)),
    ],
)
def test_narrowed_to_the_property_or_the_block(paths: list[str], lines: tuple[int, int]) -> None:
    narrowed = BLOCK.narrowed(paths)
    assert (narrowed.uri, narrowed.start_line, narrowed.end_line) == ("infra/main.json", *lines)
    assert narrowed.positions == {}


def test_a_location_without_positions_is_kept() -> None:
    live = Location("arm", "https://management.azure.com/x", "2024-04-01")
    assert live.narrowed(["properties.authMode"]) is live
