"""Cases of AML109: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    STORAGE_ACCOUNTS,
    case,
    expect,
    gap,
    guid,
    hub,
    project,
    resource_id,
    storage_account,
    subscription_scope,
    workspace,
)

RULE = "AML109"

CASES = [
    case(
        "shared key allowed fails: true, absent and null (documented as true)",
        [
            stkeys := storage_account("stkeys", {"allowSharedKeyAccess": True}),
            stdefault := storage_account("stdefault"),
            stnull := storage_account("stnull", {"allowSharedKeyAccess": None}),
            hub_ws := hub("hub", {"storageAccount": stkeys["id"]}),
            features := workspace(
                "features", {"storageAccount": stkeys["id"]}, kind="FeatureStore"
            ),
            workspace("ws-d", {"storageAccount": stdefault["id"]}),
            workspace("ws-n", {"storageAccount": stnull["id"]}),
        ],
        expect=[
            expect(
                stkeys,
                "fail",
                severity="medium",
                context=[
                    f"used by workspace features ({features['id']})",
                    f"used by workspace hub ({hub_ws['id']})",
                ],
            ),
            expect(
                stdefault,
                "fail",
                observed={"properties.allowSharedKeyAccess": "absent (default: true)"},
            ),
            expect(
                stnull,
                "fail",
                observed={"properties.allowSharedKeyAccess": "absent (default: true)"},
            ),
        ],
    ),
    case(
        "shared key disallowed passes",
        [
            stoff := storage_account("stoff", {"allowSharedKeyAccess": False}),
            workspace("ws-o", {"storageAccount": stoff["id"]}),
        ],
        expect=[expect(stoff, "pass")],
    ),
    case(
        "storage no workspace names, and projects naming none, give no result",
        [storage_account("stunused"), project("proj", hub="hub")],
        expect=[],
    ),
    case(
        "a workspace naming a storage account that does not exist fails",
        [ws_gone := workspace("ws-gone", {"storageAccount": storage_account("stgone")["id"]})],
        missing=[storage_account("stgone")["id"]],
        expect=[expect(ws_gone, "fail")],
    ),
    case(
        "a workspace whose storage account is unreadable is not assessed",
        [
            ws_locked := workspace(
                "ws-locked",
                {
                    "storageAccount": storage_account(
                        "stlocked", subscription=guid(3), resource_group="shared"
                    )["id"]
                },
            )
        ],
        gaps=[
            gap(
                subscription_scope(guid(3)),
                STORAGE_ACCOUNTS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[
            expect(ws_locked, "not_assessed"),
            expect(subscription_scope(guid(3)), "not_assessed"),
        ],
    ),
    case(
        "a 2023 hub with storageAccount null and a storageAccounts list: the listed accounts are judged",
        [
            hub2023 := hub(
                "hub-2023",
                {
                    "storageAccount": None,
                    "storageAccounts": [storage_account("sthub2023")["id"]],
                    "keyVault": None,
                    "keyVaults": [resource_id("Microsoft.KeyVault/vaults", "kvhub2023")],
                },
            ),
            st2023 := storage_account("sthub2023", {"allowSharedKeyAccess": True}),
        ],
        expect=[
            expect(st2023, "fail", context=[f"used by workspace hub-2023 ({hub2023['id']})"]),
        ],
    ),
    case(
        "a 2023 hub whose listed storage account does not exist fails (its name can be claimed)",
        [
            hub_gone := hub(
                "hub-gone",
                {"storageAccount": None, "storageAccounts": [storage_account("stgone2023")["id"]]},
            ),
        ],
        missing=[storage_account("stgone2023")["id"]],
        expect=[expect(hub_gone, "fail")],
    ),
]
