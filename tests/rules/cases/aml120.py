"""Cases of AML120: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import case, connection, expect, search_service

RULE = "AML120"


def _to(service: dict, name: str = "search") -> dict:
    """A workspace connection to the service by its URL (category CognitiveSearch)."""
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
        "keys accepted fails: absent disableLocalAuth, or false with apiKeyOnly",
        [
            absent := search_service("srch-absent", {}),
            keys := search_service(
                "srch-keys", {"disableLocalAuth": False, "authOptions": {"apiKeyOnly": {}}}
            ),
            _to(absent, "a"),
            _to(keys, "k"),
        ],
        expect=[
            expect(
                absent,
                "fail",
                severity="medium",
                observed={"properties.disableLocalAuth": "absent (default: false)"},
                context=["targeted by connection a of workspace ws"],
            ),
            expect(keys, "fail", message="Search service 'srch-keys' accepts API keys only"),
        ],
    ),
    case(
        "local auth disabled passes; a service no connection targets gives nothing",
        [
            entra := search_service("srch-entra", {"disableLocalAuth": True}),
            search_service("srch-unused", {}),
            connection(
                "byid",
                {
                    "authType": "AAD",
                    "category": "CognitiveSearch",
                    "target": "https://elsewhere.example/",
                    "metadata": {"ResourceId": search_service("srch-entra")["id"].upper()},
                },
            ),
        ],
        expect=[expect(entra, "pass")],
    ),
    case(
        "junk is not assessed; a connection to an uncollected service is not assessed",
        [
            junk := search_service("srch-junk", {"disableLocalAuth": "sometimes"}),
            _to(junk, "j"),
            lost := connection(
                "lost",
                {
                    "authType": "ApiKey",
                    "category": "CognitiveSearch",
                    "target": "https://not-here.search.windows.net",
                },
            ),
        ],
        expect=[expect(junk, "not_assessed"), expect(lost, "not_assessed")],
    ),
]
