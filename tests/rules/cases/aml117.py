"""AML117: who can read endpoint keys (role assignments, definitions, deny assignments, PIM)."""

from tests.rules.shapes import (
    AZUREML_DATA_SCIENTIST,
    CONTRIBUTOR,
    OWNER,
    READER,
    ROLE_ASSIGNMENTS,
    access_listed,
    activity_event,
    activity_log,
    azureml_data_scientist,
    case,
    contributor,
    deny_assignment,
    eligibility,
    expect,
    gap,
    online_endpoint,
    owner,
    reader,
    resource_group_scope,
    role_assignment,
    role_definition,
    serverless_endpoint,
    subscription_scope,
    workspace,
)

RULE = "AML117"
NOW = "2026-12-01T00:00:00+00:00"
GROUP = "22222222-2222-2222-2222-222222222222"
GROUP2 = "33333333-3333-3333-3333-333333333333"
USER = "44444444-4444-4444-4444-444444444444"
APP = "55555555-5555-5555-5555-555555555555"
ROLES = [owner(), contributor(), reader(), azureml_data_scientist()]
WS = workspace("ws")
RG = resource_group_scope()
SUB = subscription_scope()
CUSTOM = "99999999-9999-9999-9999-999999999999"

CASES = [
    case(
        "a group holding AzureML Data Scientist at the workspace passes; Reader does not read keys",
        [
            ep := online_endpoint("on-key", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", WS, AZUREML_DATA_SCIENTIST, GROUP, "Group"),
            role_assignment("ra2", SUB, READER, USER, "User"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[
            expect(
                ep,
                "pass",
                observed={
                    "principals that can read the keys": [
                        {
                            "principal": GROUP,
                            "type": "Group",
                            "role": "AzureML Data Scientist",
                            "scope": WS["id"],
                            "granted": "group",
                        }
                    ],
                    "Activity Log: keys read": (
                        "not read: the Activity Log of subscription "
                        "00000000-0000-0000-0000-000000000001 was not collected (a live scan reads "
                        "it; an older snapshot does not hold it)"
                    ),
                },
            )
        ],
    ),
    case(
        "a user assigned Contributor directly on the resource group fails",
        [
            ep := online_endpoint("on-user", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", RG, CONTRIBUTOR, USER, "User"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[
            expect(
                ep,
                "fail",
                severity="medium",
                message=(
                    "The keys of endpoint 'on-user' (listKeys or token) can be read by: user(s) "
                    f"{USER} assigned directly"
                ),
            )
        ],
    ),
    case(
        "a group holding Owner at subscription scope fails",
        [
            ep := online_endpoint("on-sub", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", SUB, OWNER, GROUP, "Group"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "an inherited management-group assignment counts as above the subscription: fails",
        [
            ep := serverless_endpoint("sl-mg", {"authMode": "Key"}),
            *ROLES,
            role_assignment(
                "ra1",
                "/providers/Microsoft.Management/managementGroups/mg-root",
                CONTRIBUTOR,
                APP,
                "ServicePrincipal",
            ),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "more principals than max_readers fails",
        [
            ep := online_endpoint("on-many", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", WS, AZUREML_DATA_SCIENTIST, GROUP, "Group"),
            role_assignment("ra2", ep, CONTRIBUTOR, GROUP2, "Group"),
        ],
        listed=access_listed(),
        settings={"max_readers": 1},
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "a deny assignment for everyone but an app removes the user, not the app: passes",
        [
            ep := online_endpoint("on-deny", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", RG, CONTRIBUTOR, USER, "User"),
            role_assignment("ra2", WS, CONTRIBUTOR, APP, "ServicePrincipal"),
            deny_assignment(
                "da1",
                RG,
                ["Microsoft.MachineLearningServices/*"],
                [("00000000-0000-0000-0000-000000000000", "SystemDefined")],
                exclude=[(APP, "ServicePrincipal")],
            ),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[
            expect(
                ep,
                "pass",
                observed={
                    "principals that can read the keys": [
                        {
                            "principal": APP,
                            "type": "ServicePrincipal",
                            "role": "Contributor",
                            "scope": WS["id"],
                            "granted": "direct",
                        }
                    ]
                },
            )
        ],
    ),
    case(
        "a deny assignment that names a group may apply to a user: the user stays listed",
        [
            ep := online_endpoint("on-deny-group", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", RG, CONTRIBUTOR, USER, "User"),
            deny_assignment("da1", RG, ["*"], [(GROUP, "Group")]),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "a deny assignment that does not apply to child scopes leaves the user: fails",
        [
            ep := online_endpoint("on-deny-rg", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", RG, CONTRIBUTOR, USER, "User"),
            deny_assignment(
                "da1",
                RG,
                ["*"],
                [("00000000-0000-0000-0000-000000000000", "SystemDefined")],
                child_scopes=False,
            ),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "a custom role whose NotActions take out the key actions reads no keys: passes",
        [
            ep := online_endpoint("on-notactions", {"authMode": "Key"}),
            *ROLES,
            role_definition(
                CUSTOM,
                "ML operator",
                ["Microsoft.MachineLearningServices/*"],
                not_actions=["*/listKeys/action", "*/token/action"],
                custom=True,
            ),
            role_assignment("ra1", RG, CUSTOM, USER, "User"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "pass")],
    ),
    case(
        "a PIM-eligible user is listed as eligible and does not fail; reads are listed",
        [
            ep := online_endpoint("on-pim", {"authMode": "Key"}),
            *ROLES,
            eligibility("el1", RG, CONTRIBUTOR, USER, "User"),
            activity_log(),
            activity_event(
                "r1", ep, "listKeys/action", "2026-11-02T10:00:00Z", caller="bob@contoso.com"
            ),
            activity_event(
                "r2", ep, "listKeys/action", "2026-11-20T09:30:00Z", caller="bob@contoso.com"
            ),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[
            expect(
                ep,
                "pass",
                observed={
                    "principals that can read the keys": [
                        {
                            "principal": USER,
                            "type": "User",
                            "role": "Contributor",
                            "scope": RG,
                            "granted": "eligible",
                        }
                    ],
                    "Activity Log: keys read": [
                        {
                            "caller": "bob@contoso.com",
                            "type": "User",
                            "calls": 2,
                            "last": "2026-11-20 09:30 UTC",
                        }
                    ],
                },
            )
        ],
    ),
    case(
        "an assignment with a condition the tool does not evaluate: not assessed, never pass",
        [
            ep := online_endpoint("on-condition", {"authMode": "Key"}),
            *ROLES,
            role_assignment(
                "ra1",
                WS,
                AZUREML_DATA_SCIENTIST,
                GROUP,
                "Group",
                condition="@Resource[name] StringEquals 'ws'",
            ),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "a role definition that was not collected: not assessed",
        [
            ep := online_endpoint("on-unknown-role", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", WS, CUSTOM, GROUP, "Group"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "role assignments could not be read: not assessed",
        [ep := online_endpoint("on-gap", {"authMode": "Key"}), *ROLES],
        gaps=[gap(SUB, ROLE_ASSIGNMENTS)],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "role assignments never collected (an older snapshot): not assessed",
        [ep := online_endpoint("on-old", {"authMode": "Key"})],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "PIM eligibility not read: not assessed rather than a pass",
        [
            ep := online_endpoint("on-nopim", {"authMode": "Key"}),
            *ROLES,
            role_assignment("ra1", WS, AZUREML_DATA_SCIENTIST, GROUP, "Group"),
        ],
        listed=access_listed(eligibility_=False),
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "an Entra ID endpoint has no keys to read: no result",
        [online_endpoint("on-aad", {"authMode": "AADToken"}), *ROLES],
        listed=access_listed(),
        now=NOW,
        expect=[],
    ),
]

# A role granting only data actions (`*`) does not reach the control-plane listKeys action.
CASES.append(
    case(
        "DataActions never grant a control-plane action: a data-only role reads no keys",
        [
            ep := online_endpoint("on-data", {"authMode": "Key"}),
            *ROLES,
            role_definition(CUSTOM, "data only", [], data_actions=["*"], custom=True),
            role_assignment("ra1", RG, CUSTOM, USER, "User"),
        ],
        listed=access_listed(),
        now=NOW,
        expect=[expect(ep, "pass")],
    )
)
