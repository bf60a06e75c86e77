"""Cases of AML106: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    WORKSPACES,
    case,
    expect,
    gap,
    resource_group_scope,
    storage_account,
    workspace,
)

RULE = "AML106"

CASES = [
    case(
        "absent (default AccessKey) and AccessKey fail",
        [
            ws_default := workspace("ws-default", {"storageAccount": storage_account("st")["id"]}),
            ws_key := workspace("ws-key", {"systemDatastoresAuthMode": "AccessKey"}),
            ws_key_lower := workspace("ws-key-lower", {"systemDatastoresAuthMode": "accesskey"}),
        ],
        expect=[
            expect(
                ws_default,
                "fail",
                severity="medium",
                observed={"properties.systemDatastoresAuthMode": "absent (default: AccessKey)"},
            ),
            expect(ws_key, "fail"),
            expect(ws_key_lower, "fail"),
        ],
    ),
    case(
        "identity and user delegation SAS pass",
        [
            ws_identity := workspace("ws-identity", {"systemDatastoresAuthMode": "Identity"}),
            ws_udsas := workspace("ws-udsas", {"systemDatastoresAuthMode": "userdelegationsas"}),
        ],
        expect=[expect(ws_identity, "pass"), expect(ws_udsas, "pass")],
    ),
    case(
        "an unknown mode is not assessed",
        [ws_odd := workspace("ws-odd", {"systemDatastoresAuthMode": "Magic"})],
        expect=[expect(ws_odd, "not_assessed")],
    ),
    case(
        "an unreadable resource group is not assessed",
        [],
        gaps=[
            gap(
                resource_group_scope(),
                WORKSPACES,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(resource_group_scope(), "not_assessed")],
    ),
]
