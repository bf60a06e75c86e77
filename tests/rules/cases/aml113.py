"""Cases of AML113: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import DATASTORES, case, datastore, expect, gap, workspace


def _with(credentials_type: object) -> dict[str, object]:
    """A blob datastore as Datastores_List returns it: the credential's type, never its secret."""
    return {
        "datastoreType": "AzureBlob",
        "accountName": "stdata",
        "containerName": "raw",
        "credentials": {"credentialsType": credentials_type},
    }


RULE = "AML113"

CASES = [
    case(
        "every credential-storing type fails, any case",
        [
            account_key := datastore(
                "ds-account-key",
                {
                    **_with("AccountKey"),
                    "credentials": {
                        "credentialsType": "AccountKey",
                        "secrets": {"secretsType": "AccountKey"},
                    },
                },
            ),
            sas := datastore("ds-sas", _with("sas")),
            principal := datastore("ds-principal", _with("ServicePrincipal")),
            certificate := datastore("ds-certificate", _with("Certificate")),
        ],
        expect=[
            expect(
                account_key,
                "fail",
                severity="medium",
                message="Datastore 'ds-account-key' stores a credential (credentialsType "
                "AccountKey)",
                observed={"properties.credentials.credentialsType": "AccountKey"},
            ),
            expect(sas, "fail"),
            expect(principal, "fail"),
            expect(certificate, "fail"),
        ],
    ),
    case(
        "identity-based access passes",
        [identity := datastore("ds-identity", _with("None"))],
        expect=[expect(identity, "pass")],
    ),
    case(
        "no credentials, null, junk or an unknown type is not assessed, never pass",
        [
            bare := datastore("ds-bare", {"datastoreType": "AzureBlob"}),
            null := datastore("ds-null", _with(None)),
            empty := datastore("ds-empty", _with("")),
            odd := datastore("ds-odd", _with("Unknown")),
            listed_without_properties := {
                key: value for key, value in datastore("ds-generic").items() if key != "properties"
            },
        ],
        expect=[
            expect(bare, "not_assessed"),
            expect(null, "not_assessed"),
            expect(empty, "not_assessed"),
            expect(odd, "not_assessed"),
            expect(listed_without_properties, "not_assessed"),
        ],
    ),
    case(
        "an unreadable datastores collection is not assessed",
        [],
        gaps=[gap(workspace("ws"), DATASTORES, message="no access")],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
]
