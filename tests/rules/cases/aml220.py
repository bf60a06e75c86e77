"""Cases of AML220: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    CONTAINER_REGISTRIES,
    case,
    container_registry,
    expect,
    gap,
    private_link,
    workspace,
)

RULE = "AML220"

CASES = [
    case(
        "no approved connection fails: none, or rejected",
        [
            none := container_registry("acrnone", {}),
            rejected := container_registry(
                "acrrejected",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Rejected", parent=container_registry("acrrejected"))
                    ]
                },
            ),
            workspace("ws1", {"containerRegistry": none["id"]}),
            workspace("ws2", {"containerRegistry": rejected["id"]}),
        ],
        expect=[expect(none, "fail", severity="low"), expect(rejected, "fail")],
    ),
    case(
        "an approved connection passes",
        [
            pe := container_registry(
                "acrpe",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Approved", parent=container_registry("acrpe"))
                    ]
                },
            ),
            workspace("ws", {"containerRegistry": pe["id"]}),
        ],
        expect=[expect(pe, "pass")],
    ),
    case(
        "unreadable connections are not assessed",
        [
            locked := container_registry("acrlocked", {}),
            workspace("ws", {"containerRegistry": locked["id"]}),
        ],
        gaps=[gap(locked, f"{CONTAINER_REGISTRIES}/privateEndpointConnections")],
        expect=[expect(locked, "not_assessed")],
    ),
]
