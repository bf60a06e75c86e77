"""Cases of AML402: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import COMPUTES, case, compute, expect, gap, workspace

RULE = "AML402"

CASES = [
    case(
        "an outdated image fails (boolean or string false)",
        [
            old := compute(
                "old",
                {
                    "properties": {
                        "osImageMetadata": {
                            "currentImageVersion": "22.06.14",
                            "latestImageVersion": "22.07.22",
                            "isLatestOsImageVersion": False,
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
            old_str := compute(
                "old-str",
                {
                    "properties": {
                        "osImageMetadata": {
                            "currentImageVersion": "22.06.14",
                            "latestImageVersion": "22.07.22",
                            "isLatestOsImageVersion": "false",
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
        ],
        expect=[expect(old, "fail", severity="medium"), expect(old_str, "fail")],
    ),
    case(
        "the latest image passes",
        [
            fresh := compute(
                "fresh",
                {
                    "properties": {
                        "osImageMetadata": {
                            "currentImageVersion": "22.06.14",
                            "latestImageVersion": "22.07.22",
                            "isLatestOsImageVersion": True,
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            )
        ],
        expect=[expect(fresh, "pass")],
    ),
    case(
        "clusters give no result",
        [
            compute(
                "cluster",
                {
                    "properties": {
                        "osImageMetadata": {
                            "currentImageVersion": "22.06.14",
                            "latestImageVersion": "22.07.22",
                            "isLatestOsImageVersion": False,
                        }
                    },
                    "computeType": "AmlCompute",
                },
            )
        ],
        expect=[],
    ),
    case(
        "no image report, no computeType, or unreadable computes are not assessed",
        [
            silent := compute("silent", {"properties": {}, "computeType": "ComputeInstance"}),
            untyped := compute(
                "untyped",
                {
                    "properties": {
                        "osImageMetadata": {
                            "currentImageVersion": "22.06.14",
                            "latestImageVersion": "22.07.22",
                            "isLatestOsImageVersion": False,
                        }
                    }
                },
            ),
        ],
        gaps=[gap(workspace("ws"), COMPUTES)],
        expect=[
            expect(silent, "not_assessed"),
            expect(untyped, "not_assessed"),
            expect(workspace("ws"), "not_assessed"),
        ],
    ),
]
