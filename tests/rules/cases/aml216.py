"""Cases of AML216: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    SEARCH_PRIVATE_ENDPOINT_CONNECTIONS,
    case,
    connection,
    expect,
    gap,
    private_link,
    search_service,
)

RULE = "AML216"


def _to(service: dict, name: str) -> dict:
    return connection(
        name,
        {
            "authType": "AAD",
            "category": "CognitiveSearch",
            "target": f"https://{service['name']}.search.windows.net",
        },
    )


CASES = [
    case(
        "no approved connection fails",
        [none := search_service("srch-none", {}), _to(none, "n")],
        expect=[expect(none, "fail", severity="low")],
    ),
    case(
        "an approved connection passes",
        [
            pe := search_service(
                "srch-pe",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Approved", parent=search_service("srch-pe"))
                    ]
                },
            ),
            _to(pe, "p"),
        ],
        expect=[expect(pe, "pass")],
    ),
    case(
        "unreadable connections are not assessed",
        [locked := search_service("srch-locked", {}), _to(locked, "l")],
        gaps=[gap(locked, SEARCH_PRIVATE_ENDPOINT_CONNECTIONS)],
        expect=[expect(locked, "not_assessed")],
    ),
]
