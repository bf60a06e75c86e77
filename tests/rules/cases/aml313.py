"""Cases of AML313: resources built from shapes, and the results the rule must give."""

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
]
