"""ARM permission matching (auditor/rulekit/access.py), held to Azure RBAC's documented semantics
(learn.microsoft.com/azure/role-based-access-control/role-definitions): case-insensitive, `*`
spanning `/`, Actions minus NotActions within one block, DataActions apart from Actions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.inventory.inventory import Inventory, LookupState
from auditor.inventory.resources import Gap, Resource
from auditor.rulekit import access
from auditor.rulekit.access import Permissions, action_matches
from auditor.rulekit.rule import RuleContext
from tests.rules import shapes

ONLINE_KEYS = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action"
WRAP = "Microsoft.KeyVault/vaults/keys/wrap/action"


@pytest.mark.parametrize(
    ("pattern", "operation", "matches"),
    [
        ("*", ONLINE_KEYS, True),
        ("Microsoft.MachineLearningServices/*", ONLINE_KEYS, True),
        # The wildcard spans `/`: AzureML Data Scientist's workspaces/*/action reaches an
        # endpoint's listKeys two levels down.
        ("Microsoft.MachineLearningServices/workspaces/*/action", ONLINE_KEYS, True),
        ("Microsoft.MachineLearningServices/workspaces/*/read", ONLINE_KEYS, False),
        ("*/listKeys/action", ONLINE_KEYS, True),
        ("Microsoft.MachineLearningServices/*/listKeys/*", ONLINE_KEYS, True),
        # Case does not matter, on either side.
        ("microsoft.machinelearningservices/WORKSPACES/*/ACTION", ONLINE_KEYS, True),
        (ONLINE_KEYS.upper(), ONLINE_KEYS.lower(), True),
        # A literal is the whole operation, not a prefix.
        ("Microsoft.MachineLearningServices/workspaces/listKeys/action", ONLINE_KEYS, False),
        ("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", ONLINE_KEYS, False),
        ("*/read", ONLINE_KEYS, False),
        # Regex characters in an operation are literal.
        ("Microsoft.MachineLearningServices/workspaces/.*", ONLINE_KEYS, False),
        ("Microsoft.Storage/*", ONLINE_KEYS, False),
    ],
)
def test_action_matching(pattern: str, operation: str, matches: bool) -> None:
    assert action_matches(pattern, operation) is matches


def test_not_actions_subtract_within_one_block() -> None:
    contributor_like = Permissions(actions=("*",), not_actions=("*/listKeys/action",))
    assert contributor_like.allows(ONLINE_KEYS) is False
    assert contributor_like.allows(ONLINE_KEYS.replace("listKeys", "token")) is True


def test_not_actions_of_another_block_do_not_subtract() -> None:
    blocks = (
        Permissions(actions=("Microsoft.MachineLearningServices/*",)),
        Permissions(actions=("*/read",), not_actions=("*",)),
    )
    assert [b.allows(ONLINE_KEYS) for b in blocks] == [True, False]


def test_data_actions_are_apart_from_actions() -> None:
    owner = Permissions(actions=("*",))
    crypto_user = Permissions(
        data_actions=("Microsoft.KeyVault/vaults/keys/wrap/action",),
    )
    data_everything = Permissions(data_actions=("*",), not_data_actions=("*/unwrap/action",))
    # `*` in Actions grants no data action, and DataActions grant no control-plane action.
    assert owner.allows(WRAP, data=True) is False
    assert owner.allows(WRAP) is True
    assert crypto_user.allows(WRAP, data=True) is True
    assert crypto_user.allows(WRAP) is False
    assert data_everything.allows(ONLINE_KEYS) is False
    assert data_everything.allows(WRAP, data=True) is True
    assert data_everything.allows(WRAP.replace("wrap", "unwrap"), data=True) is False


def _inventory(resources: list[dict[str, Any]], **kwargs: Any) -> Inventory:
    return Inventory(
        [Resource(r["id"], r["type"], r["name"], r) for r in resources],
        **kwargs,
    )


def _listed() -> list[tuple[str, str]]:
    return [(entry["scope"], entry["type"]) for entry in shapes.access_listed()]


NOW = datetime(2026, 12, 1, tzinfo=UTC)
EP = shapes.online_endpoint("ep", {"authMode": "Key"})
GROUP = "22222222-2222-2222-2222-222222222222"


def test_grants_name_scope_role_and_how() -> None:
    inventory = _inventory(
        [
            EP,
            shapes.azureml_data_scientist(),
            shapes.role_assignment(
                "ra1",
                shapes.workspace("ws"),
                shapes.AZUREML_DATA_SCIENTIST,
                GROUP,
                "Group",
            ),
        ],
        listed=_listed(),
    )
    grants = access.grants_on(RuleContext(inventory, NOW), EP["id"], (ONLINE_KEYS,))
    assert grants.state is LookupState.FOUND
    assert [(g.principal_id, g.role, g.how, g.level, g.undecidable) for g in grants.grants] == [
        (GROUP, "AzureML Data Scientist", access.How.GROUP, "resource", "")
    ]


def test_an_unreadable_assignment_list_is_unreadable_not_empty() -> None:
    inventory = _inventory(
        [EP, shapes.owner()],
        gaps=[Gap(shapes.subscription_scope(), shapes.ROLE_ASSIGNMENTS, 403, "Denied", "no")],
        listed=_listed(),
    )
    grants = access.grants_on(RuleContext(inventory, NOW), EP["id"], (ONLINE_KEYS,))
    assert grants.state is LookupState.UNREADABLE
    assert grants.grants == ()


def test_an_assignment_on_a_sibling_scope_does_not_reach_the_resource() -> None:
    other = shapes.online_endpoint("ep-other", {"authMode": "Key"})
    inventory = _inventory(
        [EP, other, shapes.owner(), shapes.role_assignment("ra1", other, shapes.OWNER, GROUP)],
        listed=_listed(),
    )
    grants = access.grants_on(RuleContext(inventory, NOW), EP["id"], (ONLINE_KEYS,))
    assert (grants.state, grants.grants) == (LookupState.FOUND, ())
