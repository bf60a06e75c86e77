"""Cases of AML401: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import COMPUTES, case, compute, expect, gap, workspace

RULE = "AML401"

CASES = [
    case(
        "no idle shutdown and no enabled stop schedule fails",
        [
            bare := compute(
                "bare",
                {"properties": {"vmSize": "Standard_DS3_v2"}, "computeType": "ComputeInstance"},
            ),
            blank_idle := compute(
                "blank-idle",
                {
                    "properties": {
                        "idleTimeBeforeShutdown": "",
                        "schedules": {
                            "computeStartStop": [
                                {
                                    "action": "Stop",
                                    "status": "Disabled",
                                    "triggerType": "Cron",
                                    "cron": {"expression": "0 19 * * 1-5", "timeZone": "UTC"},
                                }
                            ]
                        },
                    },
                    "computeType": "ComputeInstance",
                },
            ),
            start_only := compute(
                "start-only",
                {
                    "properties": {
                        "schedules": {
                            "computeStartStop": [
                                {
                                    "action": "Start",
                                    "status": "Enabled",
                                    "triggerType": "Cron",
                                    "cron": {"expression": "0 19 * * 1-5", "timeZone": "UTC"},
                                }
                            ]
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
        ],
        expect=[
            expect(bare, "fail", severity="low"),
            expect(blank_idle, "fail"),
            expect(start_only, "fail"),
        ],
    ),
    case(
        "idle shutdown or an enabled stop schedule passes (a schedule without status is enabled)",
        [
            idle := compute(
                "idle",
                {
                    "properties": {"idleTimeBeforeShutdown": "PT30M"},
                    "computeType": "ComputeInstance",
                },
            ),
            scheduled := compute(
                "scheduled",
                {
                    "properties": {
                        "schedules": {
                            "computeStartStop": [
                                {
                                    "action": "Stop",
                                    "triggerType": "Cron",
                                    "cron": {"expression": "0 19 * * 1-5", "timeZone": "UTC"},
                                }
                            ]
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
            lower := compute(
                "lower",
                {
                    "properties": {"idleTimeBeforeShutdown": "PT1H"},
                    "computeType": "computeinstance",
                },
            ),
        ],
        expect=[expect(idle, "pass"), expect(scheduled, "pass"), expect(lower, "pass")],
    ),
    case(
        "clusters and attached computes give no result",
        [
            compute("cluster", {"properties": {}, "computeType": "AmlCompute"}),
            compute("aks", {"properties": {}, "computeType": "AKS"}),
        ],
        expect=[],
    ),
    case(
        "a compute without computeType, or unreadable computes, are not assessed",
        [untyped := compute("untyped", {"properties": {}})],
        gaps=[gap(workspace("ws"), COMPUTES)],
        expect=[expect(untyped, "not_assessed"), expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "an idleTimeBeforeShutdown that is not an ISO 8601 duration is not assessed, never pass",
        [
            idle_word := compute(
                "idle-word",
                {
                    "properties": {"idleTimeBeforeShutdown": "Unknown"},
                    "computeType": "ComputeInstance",
                },
            ),
            idle_number := compute(
                "idle-number",
                {"properties": {"idleTimeBeforeShutdown": 60}, "computeType": "ComputeInstance"},
            ),
            idle_ok := compute(
                "idle-ok",
                {
                    "properties": {"idleTimeBeforeShutdown": "PT1H30M"},
                    "computeType": "ComputeInstance",
                },
            ),
        ],
        expect=[
            expect(idle_word, "not_assessed"),
            expect(idle_number, "not_assessed"),
            expect(idle_ok, "pass"),
        ],
    ),
    case(
        "a stop schedule whose status is null or unknown is not counted as enabled: not assessed; one without a status is, and the evidence cites the default",
        [
            status_junk := compute(
                "status-junk",
                {
                    "properties": {
                        "schedules": {
                            "computeStartStop": [
                                {"action": "Stop", "status": None, "triggerType": "Cron"},
                                {"action": "Stop", "status": "Paused", "triggerType": "Cron"},
                            ]
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
            status_absent := compute(
                "status-absent",
                {
                    "properties": {
                        "schedules": {
                            "computeStartStop": [{"action": "Stop", "triggerType": "Cron"}]
                        }
                    },
                    "computeType": "ComputeInstance",
                },
            ),
        ],
        expect=[
            expect(
                status_junk,
                "not_assessed",
                message="Compute instance 'status-junk' has no idle shutdown, and stop schedules whose status is neither Enabled nor Disabled (computeStartStop[0] None, computeStartStop[1] 'Paused'), so whether they run is unknown",
            ),
            expect(
                status_absent,
                "pass",
                observed={
                    "properties.properties.schedules.computeStartStop[0].status": "absent (default: Enabled)"
                },
            ),
        ],
    ),
]
