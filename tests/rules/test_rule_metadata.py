"""Registry meta-tests: every rule ships complete metadata — a rationale, a remediation with a
real `az` command and a Bicep snippet, and references (documentation, Microsoft cloud security
benchmark controls, and the Azure Policy definitions issue #4 names, with the MCSB controls the
benchmark maps those policies to)."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest

from auditor.evaluate.registry import load_rules
from auditor.rulekit.meta import RuleMeta
from tests.conftest import TEST_DATA

METAS = [rule.meta for rule in load_rules(entry_points=False).rules]
AZPOLICY = TEST_DATA / "azpolicy"

# The built-in policy definitions the catalogue issue asks each rule to carry.
ISSUE_POLICIES = {
    "AML104": "e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f",
    "AML107": "71ef260a-8f18-47b7-abcb-62d0673d94dc",
    "AML110": "5f0c7d88-c7de-45b8-ac49-db49e72eaa78",
    "AML202": "45e05259-1eb5-4f70-9574-baf73e9d219b",
    "AML203": "6ddb1705-c8cf-450e-aa4b-19ad6703c440",
    "AML208": "7804b5c7-01dc-4723-969b-ae300cc07ff1",
    "AML210": "55615ac9-af46-4a59-874e-391cc3dfb490",
    "AML211": "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",
    "AML212": "037eea7a-bd0a-46c5-9a66-03aea78705d3",
    "AML303": "1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d",
    "AML304": "12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5",
    "AML305": "152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0",
    "AML306": "d8cf8476-a2ec-4916-896e-992351803c44",
    "AML307": "98728c90-32c7-4049-8429-847dc0f4fe37",
    "AML314": "67121cc7-ff39-4ab8-b7e3-95b84dab487d",
    "AML401": "679ddf89-ab8f-48a5-9029-e76054077449",
    "AML402": "f110a506-2dcb-422e-bcea-d533fc8c35e2",
    "AML501": "afe0c3be-ba3b-4544-ba52-0c99672a8ad6",
    "AML504": "cf820ca0-f99e-4f3e-84fb-66e913812d21",
}
BICEP_RESOURCE = re.compile(
    r"^resource \w+ '[A-Za-z]+\.[A-Za-z]+/[^@']+@\d{4}-\d{2}-\d{2}(-preview)?'", re.M
)


def by_id(param: RuleMeta) -> str:
    return param.id


@pytest.mark.parametrize("meta", METAS, ids=by_id)
def test_rule_has_complete_metadata(meta: RuleMeta) -> None:
    assert meta.title.strip() == meta.title and not meta.title.endswith(".")
    assert len(meta.rationale.split()) >= 25, "the rationale should say why it matters"
    assert len(meta.remediation.description.split()) >= 5
    commands = [line for line in meta.remediation.az.splitlines() if line.strip()]
    assert commands and all(c.startswith("az ") or c.startswith("#") for c in commands)
    assert BICEP_RESOURCE.search(meta.remediation.bicep), "a Bicep resource with its api-version"
    assert meta.references.docs, "at least one documentation link"
    assert all(url.startswith("https://") for url in meta.references.docs)
    assert meta.references.mcsb, "at least one Microsoft cloud security benchmark control"


@pytest.mark.parametrize("rule_id", sorted(ISSUE_POLICIES))
def test_rule_carries_the_policy_the_issue_names(rule_id: str) -> None:
    (meta,) = [m for m in METAS if m.id == rule_id]
    assert ISSUE_POLICIES[rule_id] in meta.references.policy


def _policy_map() -> dict[str, Any]:
    document = json.loads((AZPOLICY / "policy_to_mcsb_controls.json").read_text())
    return dict(document["map"])


def _builtin_policies() -> set[str]:
    builtins = json.loads((AZPOLICY / "builtin_policies.json").read_text())
    return {d["name"] for d in builtins["definitions"]}


@pytest.mark.parametrize("meta", [m for m in METAS if m.references.policy], ids=by_id)
def test_policies_exist_and_their_mcsb_controls_are_carried(meta: RuleMeta) -> None:
    builtin, mapping = _builtin_policies(), _policy_map()
    for guid in meta.references.policy:
        assert guid in builtin, f"{guid} is not a built-in policy definition"
        controls: set[str] = set()
        for key, value in mapping.get(guid, {}).items():
            if key.startswith("mcsb_"):
                controls |= set(value)
        assert controls <= set(meta.references.mcsb), f"{guid} maps to {sorted(controls)}"


# Every `az` command a remediation uses, with the long flags its Azure CLI reference page
# (learn.microsoft.com/cli/azure/...) documents for it, as far as the remediations need them.
# A command or flag missing here must be checked against that page before it is added: a
# remediation a user cannot paste is no remediation. (`az ml workspace update` has no
# --user-assigned-identities; `az ml serverless-endpoint create` has no --model-id; an AmlCompute's
# YAML spells public SSH `ssh_public_access_enabled`.)
AZ_FLAGS: dict[str, set[str]] = {
    # Access review (issue 11): az ml online-endpoint regenerate-keys, az cognitiveservices
    # account keys regenerate, az storage account update --key-exp-days, az role assignment,
    # az role definition, az monitor activity-log list (learn.microsoft.com/cli/azure).
    "az ml online-endpoint regenerate-keys": {
        "--name",
        "--resource-group",
        "--workspace-name",
        "--key-type",
    },
    "az cognitiveservices account keys regenerate": {"--name", "--resource-group", "--key-name"},
    "az role assignment delete": {"--assignee", "--role", "--scope"},
    "az role assignment create": {
        "--assignee-object-id",
        "--assignee-principal-type",
        "--role",
        "--scope",
    },
    "az role definition update": {"--role-definition"},
    "az monitor activity-log list": {"--resource-id", "--offset", "--query"},
    "az acr update": {"--name", "--admin-enabled"},
    "az cognitiveservices account update": {"--name", "--resource-group", "--encryption"},
    "az keyvault key rotate": {"--vault-name", "--name"},
    "az keyvault key rotation-policy update": {"--vault-name", "--name", "--value"},
    "az keyvault key set-attributes": {"--vault-name", "--name", "--enabled", "--expires"},
    "az keyvault recover": {"--name"},
    "az keyvault secret set-attributes": {"--vault-name", "--name", "--expires"},
    "az keyvault update": {
        "--name",
        "--resource-group",
        "--default-action",
        "--bypass",
        "--public-network-access",
        "--enable-purge-protection",
        "--enable-rbac-authorization",
    },
    "az ml compute create": {
        "--name",
        "--resource-group",
        "--workspace-name",
        "--type",
        "--size",
        "--vnet-name",
        "--subnet",
        "--enable-node-public-ip",
        "--file",
        "--set",
    },
    "az ml compute delete": {"--name", "--resource-group", "--workspace-name", "--yes"},
    "az ml connection create": {"--resource-group", "--workspace-name", "--file", "--name"},
    "az ml datastore create": {"--resource-group", "--workspace-name", "--file", "--name"},
    "az ml online-endpoint create": {"--name", "--resource-group", "--workspace-name", "--file"},
    "az ml connection update": {"--name", "--resource-group", "--workspace-name", "--set"},
    "az ml online-deployment create": {
        "--file",
        "--name",
        "--endpoint-name",
        "--resource-group",
        "--workspace-name",
        "--set",
    },
    "az ml online-deployment update": {
        "--file",
        "--name",
        "--endpoint-name",
        "--resource-group",
        "--workspace-name",
        "--set",
    },
    "az ml online-endpoint update": {
        "--file",
        "--name",
        "--resource-group",
        "--workspace-name",
        "--set",
    },
    "az ml serverless-endpoint create": {
        "--file",
        "--name",
        "--resource-group",
        "--workspace-name",
        "--set",
        "--no-wait",
    },
    "az ml workspace create": {
        "--name",
        "--resource-group",
        "--customer-managed-key",
        "--key-vault",
        "--file",
    },
    "az ml workspace update": {
        "--name",
        "--resource-group",
        "--file",
        "--set",
        "--public-network-access",
        "--managed-network",
        "--system-datastores-auth-mode",
        "--primary-user-assigned-identity",
    },
    "az monitor diagnostic-settings create": {"--name", "--resource", "--workspace", "--logs"},
    "az network private-endpoint create": {
        "--name",
        "--resource-group",
        "--vnet-name",
        "--subnet",
        "--private-connection-resource-id",
        "--group-id",
        "--connection-name",
    },
    "az resource update": {"--ids", "--set"},
    "az rest": {"--method", "--url", "--body"},
    "az storage account update": {
        "--name",
        "--resource-group",
        "--allow-shared-key-access",
        "--key-exp-days",
    },
}


# `az ml ... --set` sets fields of the YAML entity (snake_case), not ARM properties: the fields each
# command's YAML schema documents, as far as the remediations set them.
AZ_ML_SET_FIELDS: dict[str, set[str]] = {
    "az ml compute create": {"ssh_public_access_enabled"},
    "az ml connection update": {"is_shared"},
    "az ml online-deployment create": {"egress_public_network_access"},
    "az ml online-deployment update": {"app_insights_enabled", "environment_variables"},
    "az ml online-endpoint update": {"auth_mode", "public_network_access"},
    "az ml serverless-endpoint create": {"model_id", "auth_mode"},
}


def _set_fields(words: list[str]) -> set[str]:
    """The top-level fields `--set a.b=1 c=2` names: {"a", "c"}."""
    fields: set[str] = set()
    for i, word in enumerate(words):
        if word != "--set":
            continue
        for value in words[i + 1 :]:
            if value.startswith("--"):
                break
            fields.add(value.split("=", 1)[0].split(".", 1)[0])
    return fields


@pytest.mark.parametrize("meta", METAS, ids=by_id)
def test_remediation_az_commands_use_documented_flags(meta: RuleMeta) -> None:
    for line in meta.remediation.az.splitlines():
        command = line.split("  #", 1)[0].strip()  # a trailing comment explains, not runs
        if not command or command.startswith("#"):
            continue
        words = shlex.split(command)
        known = [c for c in AZ_FLAGS if words[: len(c.split())] == c.split()]
        assert known, f"{meta.id}: '{' '.join(words[:4])}' is not a checked az command"
        group = max(known, key=len)
        flags = {w.split("=", 1)[0] for w in words if w.startswith("--")}
        unknown = flags - AZ_FLAGS[group]
        assert not unknown, f"{meta.id}: {group} has no {sorted(unknown)}"
        if group.startswith("az ml ") and "--set" in flags:
            fields = _set_fields(words)
            allowed = AZ_ML_SET_FIELDS.get(group, set())
            assert fields <= allowed, f"{meta.id}: {group} YAML has no {sorted(fields - allowed)}"
