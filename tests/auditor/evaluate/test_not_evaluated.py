"""Resources read that no rule judged are listed as "read but not evaluated", in the scan and in
every report format: nothing read is silently dropped."""

from __future__ import annotations

import io
import json
from typing import Any

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import NotEvaluated, ScanResult
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import COMPUTES, DIAGNOSTIC_SETTINGS, WEB_SERVICES
from auditor.inventory.resources import Resource
from auditor.reporters.interface import Format, ReportOptions

WS = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
    "Microsoft.MachineLearningServices/workspaces/ws"
)
K8S = f"{WS}/computes/k8s-arc"
AKS = f"{WS}/computes/aks-attached"
CLUSTER = f"{WS}/computes/cluster"
SERVICE = f"{WS}/services/svc"
DIAGNOSTICS = f"{WS}/providers/{DIAGNOSTIC_SETTINGS}/to-law"
RULES = load_rules(entry_points=False).rules


def _resource(rid: str, rtype: str, properties: dict[str, Any]) -> Resource:
    raw = {"id": rid, "type": rtype, "name": rid.rsplit("/", 1)[-1], "properties": properties}
    return Resource(rid, rtype, raw["name"], raw)


def _scan(*, rules: tuple[str, ...] = ()) -> ScanResult:
    inventory = Inventory()
    inventory.add(_resource(K8S, COMPUTES, {"computeType": "Kubernetes"}))
    inventory.add(_resource(AKS, COMPUTES, {"computeType": "AKS"}))
    inventory.add(_resource(CLUSTER, COMPUTES, {"computeType": "AmlCompute"}))
    inventory.add(_resource(SERVICE, WEB_SERVICES, {"computeType": "ACI", "authEnabled": True}))
    inventory.add(_resource(DIAGNOSTICS, DIAGNOSTIC_SETTINGS, {"logs": []}))
    chosen = [r for r in RULES if not rules or r.meta.id in rules]
    return engine.evaluate(inventory, chosen)


def _render(scan: ScanResult, fmt: Format, *, verbose: bool = False) -> str:
    stream = io.StringIO()
    fmt.reporter().render(scan, stream, ReportOptions(verbose=verbose))
    return stream.getvalue()


def test_attached_computes_no_rule_judges_are_listed_by_compute_type() -> None:
    # Compute rules judge compute instances and clusters; attached Kubernetes and AKS computes
    # are read and get no result. Diagnostic settings are facts about their target, not subjects.
    assert _scan().not_evaluated == (
        NotEvaluated(COMPUTES, "AKS", (AKS,)),
        NotEvaluated(COMPUTES, "Kubernetes", (K8S,)),
    )


def test_a_type_whose_rules_did_not_run_is_listed_too() -> None:
    # With only AML104 selected the web service has no result: it was read, not evaluated.
    scan = _scan(rules=("AML104",))
    assert NotEvaluated(WEB_SERVICES, None, (SERVICE,)) in scan.not_evaluated


def test_every_report_format_says_what_was_read_but_not_evaluated() -> None:
    scan = _scan()
    line = "Read but not evaluated (no rule judges them): 1 AKS compute, 1 Kubernetes compute"
    console = _render(scan, Format.CONSOLE)
    assert line in console
    assert K8S not in console
    assert K8S in _render(scan, Format.CONSOLE, verbose=True)
    assert f"\n{line}.\n" in _render(scan, Format.MARKDOWN)
    html = _render(scan, Format.HTML)
    assert f"{line}." in html
    assert f'Kubernetes compute <code class="rid">{K8S}</code>' in html
    summary = json.loads(_render(scan, Format.JSON))["summary"]
    assert summary["not_evaluated"] == [
        {"resource_type": COMPUTES, "kind": "AKS", "count": 1, "resource_ids": [AKS]},
        {"resource_type": COMPUTES, "kind": "Kubernetes", "count": 1, "resource_ids": [K8S]},
    ]


def test_nothing_is_said_when_everything_read_was_judged() -> None:
    inventory = Inventory()
    inventory.add(_resource(CLUSTER, COMPUTES, {"computeType": "AmlCompute"}))
    scan = engine.evaluate(inventory, RULES)
    assert scan.not_evaluated == ()
    assert "not evaluated" not in _render(scan, Format.CONSOLE)
    assert "not evaluated" not in _render(scan, Format.MARKDOWN)
