"""Cases of AML313: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import CONNECTIONS, case, connection, expect, gap, workspace

RULE = "AML313"

CASES = [
    case(
        "a secret-storing connection without an expiry time fails",
        [
            pat := connection("pat", {"authType": "PAT"}),
            sas_blank := connection("sas-blank", {"authType": "SAS", "expiryTime": ""}),
        ],
        expect=[expect(pat, "fail", severity="low"), expect(sas_blank, "fail")],
    ),
    case(
        "an expiry time passes",
        [sas := connection("sas", {"authType": "SAS", "expiryTime": "2027-01-01T00:00:00Z"})],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(sas, "pass")],
    ),
    case(
        "identity-based connections give no result",
        [connection("aad", {"authType": "AAD"})],
        expect=[],
    ),
    case(
        "an absent authType or unreadable connections are not assessed",
        [no_type := connection("no-type")],
        gaps=[gap(workspace("ws"), CONNECTIONS)],
        expect=[expect(no_type, "not_assessed"), expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "an expiryTime that is not a date-time ('Unknown', 0, [], {}) is not assessed, never pass",
        [
            unknown := connection("unknown", {"authType": "PAT", "expiryTime": "Unknown"}),
            zero := connection("zero", {"authType": "PAT", "expiryTime": 0}),
            empty_list := connection("empty-list", {"authType": "PAT", "expiryTime": []}),
            empty_object := connection("empty-object", {"authType": "PAT", "expiryTime": {}}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(unknown, "not_assessed"),
            expect(zero, "not_assessed"),
            expect(empty_list, "not_assessed"),
            expect(empty_object, "not_assessed"),
        ],
    ),
    case(
        "a past expiryTime has expired and fails; 9999-12-31 stands for never and fails; null records nothing and fails",
        [
            past := connection("past", {"authType": "SAS", "expiryTime": "2025-06-30T00:00:00Z"}),
            forever := connection(
                "forever", {"authType": "ApiKey", "expiryTime": "9999-12-31T23:59:59Z"}
            ),
            null_expiry := connection("null-expiry", {"authType": "ApiKey", "expiryTime": None}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(
                past,
                "fail",
                observed={
                    "properties.expiryTime": "2025-06-30T00:00:00Z (2025-06-30T00:00:00+00:00)"
                },
            ),
            expect(forever, "fail"),
            expect(null_expiry, "fail"),
        ],
    ),
    case(
        "a .NET-style date-time with seven fractional digits and an offset is read",
        [
            dotnet := connection(
                "dotnet", {"authType": "SAS", "expiryTime": "2027-04-01T22:00:00.0000000+00:00"}
            )
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(dotnet, "pass")],
    ),
]
