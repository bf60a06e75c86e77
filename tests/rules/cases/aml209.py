"""Cases of AML209: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import ML_REGISTRIES, case, expect, gap, ml_registry, resource_group_scope

RULE = "AML209"

CASES = [
    case(
        "public access fails, including absent (default Enabled)",
        [
            reg_default := ml_registry(
                "reg-default", {"regionDetails": [{"location": "westeurope"}]}
            ),
            reg_public := ml_registry("reg-public", {"publicNetworkAccess": "Enabled"}),
        ],
        expect=[
            expect(
                reg_default,
                "fail",
                severity="medium",
                observed={"properties.publicNetworkAccess": "absent (default: Enabled)"},
            ),
            expect(reg_public, "fail"),
        ],
    ),
    case(
        "public access disabled passes, any case",
        [reg_private := ml_registry("reg-private", {"publicNetworkAccess": "disabled"})],
        expect=[expect(reg_private, "pass")],
    ),
    case(
        "an unknown value is not assessed",
        [reg_odd := ml_registry("reg-odd", {"publicNetworkAccess": "string"})],
        expect=[expect(reg_odd, "not_assessed")],
    ),
    case(
        "unreadable registries are not assessed",
        [],
        gaps=[
            gap(
                resource_group_scope(),
                ML_REGISTRIES,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(resource_group_scope(), "not_assessed")],
    ),
]
