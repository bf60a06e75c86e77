"""Cases of AML301: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import WORKSPACES, case, expect, gap, hub, project, vault, workspace

RULE = "AML301"

CASES = [
    case(
        "no encryption block or disabled fails",
        [
            plain := workspace("plain"),
            off := workspace("off", {"encryption": {"status": "Disabled"}}),
        ],
        expect=[expect(plain, "fail", severity="medium"), expect(off, "fail")],
    ),
    case(
        "cmk enabled passes",
        [
            cmk := workspace(
                "cmk",
                {
                    "encryption": {
                        "status": "enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/k/1",
                        },
                    }
                },
            )
        ],
        expect=[expect(cmk, "pass")],
    ),
    case(
        "a project is judged by its hub",
        [
            hub_ws := hub("hub", {"encryption": {"status": "Enabled"}}),
            proj := project(
                "proj",
                {
                    "hubResourceId": "/subscriptions/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/HUB"
                },
            ),
            hub2 := hub("hub2"),
            proj2 := project("proj2", {"encryption": {"status": "Enabled"}}, hub=hub2),
        ],
        expect=[
            expect(hub_ws, "pass"),
            expect(proj, "pass"),
            expect(hub2, "fail"),
            expect(proj2, "fail"),
        ],
    ),
    case(
        "a project whose hub is not in the inventory is not assessed",
        [proj := project("proj", hub="elsewhere"), proj_nohub := project("proj-nohub")],
        expect=[expect(proj, "not_assessed"), expect(proj_nohub, "not_assessed")],
    ),
    case(
        "a project whose hub is unreadable is not assessed",
        [proj := project("proj", hub="locked")],
        gaps=[gap(workspace("locked"), WORKSPACES)],
        expect=[expect(proj, "not_assessed"), expect(workspace("locked"), "not_assessed")],
    ),
    case(
        "a workspace that names a hub but has no known kind is not assessed: it may be a project, judged through its hub",
        [
            kindless_hub := hub("kindless-hub"),
            kindless := workspace("kindless", {"hubResourceId": kindless_hub["id"]}, kind=None),
            odd_kind := workspace("odd-kind", {"hubResourceId": kindless_hub["id"]}, kind="Child"),
        ],
        expect=[
            expect(
                kindless,
                "not_assessed",
                message="Workspace 'kindless' names a hub (hubResourceId) but its kind is absent, not one of Default, Hub, Project, FeatureStore, Lean, so whether it is a project, judged through its hub, is unknown",
            ),
            expect(
                odd_kind,
                "not_assessed",
                message="Workspace 'odd-kind' names a hub (hubResourceId) but its kind is 'Child', not one of Default, Hub, Project, FeatureStore, Lean, so whether it is a project, judged through its hub, is unknown",
            ),
            expect(kindless_hub, "fail"),
        ],
    ),
]
