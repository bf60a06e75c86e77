"""Cases of AML217: resources built from shapes, and the results the rule must give."""

# Case names stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import STORAGE_ACCOUNTS, case, expect, gap, storage_account, workspace

RULE = "AML217"

CASES = [
    case(
        "open to every network fails: defaults, or Allow; an unused account gives nothing",
        [
            st_default := storage_account("stdefault"),
            st_allow := storage_account(
                "stallow",
                {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}},
            ),
            storage_account("stunused"),
            ws := workspace("ws", {"storageAccount": st_default["id"]}),
            workspace("ws2", {"storageAccount": st_allow["id"]}),
        ],
        expect=[
            expect(
                st_default,
                "fail",
                severity="high",
                observed={"properties.networkAcls.defaultAction": "absent (default: Allow)"},
                context=[f"used by workspace ws ({ws['id']})"],
            ),
            expect(st_allow, "fail"),
        ],
    ),
    case(
        "a firewall that denies, or public access disabled, passes",
        [
            st_deny := storage_account(
                "stdeny",
                {
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "203.0.113.4", "action": "Allow"}],
                    }
                },
            ),
            st_off := storage_account("stoff", {"publicNetworkAccess": "Disabled"}),
            workspace("ws", {"storageAccount": st_deny["id"]}),
            workspace("ws2", {"storageAccount": st_off["id"]}),
        ],
        expect=[expect(st_deny, "pass"), expect(st_off, "pass")],
    ),
    case(
        "a perimeter is not assessed; an unreadable account is not assessed on the workspace",
        [
            st_nsp := storage_account("stnsp", {"publicNetworkAccess": "SecuredByPerimeter"}),
            workspace("ws", {"storageAccount": st_nsp["id"]}),
            ws_locked := workspace(
                "ws-locked",
                {"storageAccount": storage_account("stlocked", resource_group="locked")["id"]},
            ),
        ],
        gaps=[
            gap(
                storage_account("stlocked", resource_group="locked")["id"].rsplit("/providers/", 1)[
                    0
                ],
                STORAGE_ACCOUNTS,
            )
        ],
        expect=[
            expect(st_nsp, "not_assessed"),
            expect(ws_locked, "not_assessed"),
            expect(
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/locked",
                "not_assessed",
            ),
        ],
    ),
    case(
        "a Deny firewall with an IP rule for every address fails; an unreadable rule is not assessed",
        [
            st_wide := storage_account(
                "stwide",
                {
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "0.0.0.0/0", "action": "Allow"}],
                    }
                },
            ),
            st_junk := storage_account(
                "stjunk",
                {
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "not-an-ip", "action": "Allow"}],
                    }
                },
            ),
            workspace("ws", {"storageAccount": st_wide["id"]}),
            workspace("ws2", {"storageAccount": st_junk["id"]}),
        ],
        expect=[
            expect(st_wide, "fail", observed={"properties.networkAcls.ipRules": ["0.0.0.0/0"]}),
            expect(st_junk, "not_assessed"),
        ],
    ),
    case(
        "a default action that cannot be read is not assessed",
        [
            st_junk := storage_account("stjunk", {"networkAcls": {"defaultAction": "Maybe"}}),
            workspace("ws", {"storageAccount": st_junk["id"]}),
        ],
        expect=[expect(st_junk, "not_assessed")],
    ),
]
