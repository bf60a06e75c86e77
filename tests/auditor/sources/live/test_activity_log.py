"""Which Activity Log events a scan keeps, and the window it asks for."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from auditor.sources.live import activity_log
from auditor.sources.live.activity_log import Window, is_kept, once_per_correlation

EP = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"


@pytest.mark.parametrize(
    ("operation", "status", "kept"),
    [
        (f"{EP}/regenerateKeys/action", "Succeeded", True),
        (f"{EP.upper()}/REGENERATEKEYS/ACTION", "succeeded", True),
        ("Microsoft.CognitiveServices/accounts/regenerateKey/action", "Succeeded", True),
        ("Microsoft.Storage/storageAccounts/regeneratekey/action", "Succeeded", True),
        (f"{EP}/listKeys/action", "Succeeded", True),
        (f"{EP}/token/action", "Succeeded", True),
        (
            "Microsoft.MachineLearningServices/workspaces/connections/listsecrets/action",
            "Succeeded",
            True,
        ),
        ("Microsoft.Storage/storageAccounts/listkeys/action", "Succeeded", True),
        (f"{EP}/regenerateKeys/action", "Started", False),
        (f"{EP}/listKeys/action", "Failed", False),
        (f"{EP}/listKeys/action", None, False),
        (f"{EP}/write", "Succeeded", False),
        (f"{EP}/listKeys", "Succeeded", False),  # not an action
        ("Microsoft.Storage/storageAccounts/listAccountSas/action", "Succeeded", False),
    ],
)
def test_only_successful_key_regenerations_and_reads_are_kept(
    operation: str, status: str | None, kept: bool
) -> None:
    assert is_kept(operation, status) is kept


def _event(name: str, correlation: str | None, operation: str, when: str) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/s/events/{name}",
        "properties": {
            "correlationId": correlation,
            "operationName": operation,
            "eventTimestamp": when,
        },
    }


def test_one_event_per_correlation_id_and_operation_the_latest() -> None:
    regenerate, read = f"{EP}/regenerateKeys/action", f"{EP}/listKeys/action"
    events = [
        _event("a", "C1", regenerate, "2026-11-01T10:00:00.0000000Z"),
        _event("b", "c1", regenerate, "2026-11-01T10:00:04.0000000Z"),  # same call, later
        _event("c", "C1", read, "2026-11-01T10:00:05.0000000Z"),  # another operation
        _event("d", "C2", regenerate, "2026-11-02T10:00:00.0000000Z"),
        _event("e", None, read, "2026-11-03T10:00:00.0000000Z"),
        _event("f", None, read, "2026-11-03T10:00:00.0000000Z"),
    ]
    assert [e["id"].rsplit("/", 1)[-1] for e in once_per_correlation(events)] == [
        "b",
        "c",
        "d",
        "e",
        "f",
    ]


def test_the_window_is_the_90_days_before_the_scan_in_three_slices() -> None:
    window = Window.ending(datetime(2026, 11, 20, 8, 0, 0, 123456, tzinfo=UTC))
    assert (window.start_text, window.end_text) == ("2026-08-22T08:00:00Z", "2026-11-20T08:00:00Z")
    assert [(w.start_text, w.end_text) for w in window.slices()] == [
        ("2026-08-22T08:00:00Z", "2026-09-21T08:00:00Z"),
        ("2026-09-21T08:00:00Z", "2026-10-21T08:00:00Z"),
        ("2026-10-21T08:00:00Z", "2026-11-20T08:00:00Z"),
    ]
    assert activity_log.record("s1", window) == {
        "id": "/subscriptions/s1/providers/Microsoft.Insights/eventtypes/management",
        "type": "Microsoft.Insights/eventtypes",
        "name": "management",
        "properties": {
            "from": "2026-08-22T08:00:00Z",
            "to": "2026-11-20T08:00:00Z",
            "resourceProviders": [
                "Microsoft.MachineLearningServices",
                "Microsoft.CognitiveServices",
            ],
        },
    }
