"""Cases of AML218: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    STORAGE_ACCOUNTS,
    case,
    expect,
    gap,
    private_link,
    storage_account,
    workspace,
)

RULE = "AML218"

CASES = [
    case(
        "no approved connection fails",
        [
            st := storage_account("stnone"),
            workspace("ws", {"storageAccount": st["id"]}),
        ],
        expect=[expect(st, "fail", severity="low")],
    ),
    case(
        "an approved connection passes",
        [
            st := storage_account(
                "stpe",
                {
                    "privateEndpointConnections": [
                        private_link("blob", "Approved", parent=storage_account("stpe"))
                    ]
                },
            ),
            workspace("ws", {"storageAccount": st["id"]}),
        ],
        expect=[expect(st, "pass")],
    ),
    case(
        "unreadable connections are not assessed",
        [
            st := storage_account("stlocked"),
            workspace("ws", {"storageAccount": st["id"]}),
        ],
        gaps=[gap(st, f"{STORAGE_ACCOUNTS}/privateEndpointConnections")],
        expect=[expect(st, "not_assessed")],
    ),
]
