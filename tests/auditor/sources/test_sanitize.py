"""auditor/sources/sanitize.py, the input boundary: what a source reads loses its credentials
before rules, logs or a snapshot see it, and keeps everything the inventory is built from."""

from __future__ import annotations

from typing import Any

from auditor.core.redact import literal_secret_reason
from auditor.inventory.resource_types import (
    COMPUTES,
    CONNECTIONS,
    DATASTORES,
    ONLINE_DEPLOYMENTS,
    SECRETS,
    WEB_SERVICES,
    WORKSPACES,
)
from auditor.sources.sanitize import WITHHELD, sanitize_resource

SUB = "/subscriptions/11111111-1111-4111-8111-111111111111"
WS = f"{SUB}/resourceGroups/rg/providers/{WORKSPACES}/ws1"
VAULT = f"{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"
SAS = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
ACCOUNT_KEY = "AccountKey=abcdEFGH1234567890abcdEFGH1234567890=="
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij"
SAS_MARKER = "[redacted: looks like a shared access signature]"
KEY_MARKER = "[redacted: looks like a storage connection string]"
JWT_MARKER = "[redacted: looks like a JSON web token]"


def test_a_resource_without_credentials_is_returned_as_it_is() -> None:
    raw: dict[str, Any] = {
        "id": WS,
        "type": WORKSPACES,
        "name": "ws1",
        "properties": {
            "keyVault": VAULT,
            "serviceProvisionedResourceGroup": "ws1_8970d525-9c31-4ab3-9b52-0123456789ab",
            "environmentVariables": {"LOG_LEVEL": "debug"},
        },
    }
    assert sanitize_resource(raw, WORKSPACES) is raw


def test_credential_patterns_anywhere_become_markers_and_ids_stay() -> None:
    raw = {
        "id": WS,
        "type": WORKSPACES,
        "name": "ws1",
        "tags": {"sas": SAS, "team": "ml"},
        "properties": {"description": ACCOUNT_KEY, "keyVault": VAULT, "notes": [JWT, "plain"]},
    }
    assert sanitize_resource(raw, WORKSPACES) == {
        "id": WS,
        "type": WORKSPACES,
        "name": "ws1",
        "tags": {"sas": SAS_MARKER, "team": "ml"},
        "properties": {
            "description": KEY_MARKER,
            "keyVault": VAULT,
            "notes": [JWT_MARKER, "plain"],
        },
    }
    assert raw["tags"] == {"sas": SAS, "team": "ml"}  # the input is not changed


def test_a_resource_keeps_its_own_id_type_and_name_when_a_value_of_it_is_redacted() -> None:
    # A hand-written snapshot may name a resource anything; a name is never a credential.
    raw = {"id": WS, "type": WORKSPACES, "name": ACCOUNT_KEY, "tags": {"sas": SAS}}
    assert sanitize_resource(raw, WORKSPACES) == {
        "id": WS,
        "type": WORKSPACES,
        "name": ACCOUNT_KEY,
        "tags": {"sas": SAS_MARKER},
    }


def test_values_arm_never_returns_are_withheld_whole() -> None:
    connection = {
        "id": f"{WS}/connections/c1",
        "type": CONNECTIONS,
        "properties": {"authType": "AccountKey", "credentials": {"key": "plain", "empty": ""}},
    }
    secret = {"id": f"{VAULT}/secrets/s1", "type": SECRETS, "properties": {"value": "plain"}}
    assert sanitize_resource(connection, CONNECTIONS)["properties"] == {
        "authType": "AccountKey",
        "credentials": {"key": WITHHELD, "empty": ""},
    }
    assert sanitize_resource(secret, SECRETS)["properties"] == {"value": WITHHELD}


def test_datastore_secrets_are_withheld_even_when_returned_and_their_kind_kept() -> None:
    # A GET returns `secrets: {secretsType}` only; a snapshot or a response that carries the
    # secret itself (as the create request does) must not bring it into the inventory.
    datastore = {
        "id": f"{WS}/datastores/ds1",
        "type": DATASTORES,
        "properties": {
            "datastoreType": "AzureDataLakeGen2",
            "credentials": {
                "credentialsType": "ServicePrincipal",
                "clientId": "00000000-1111-2222-3333-444444444444",
                "secrets": {"secretsType": "ServicePrincipal", "clientSecret": "plain-secret"},
            },
        },
    }
    assert sanitize_resource(datastore, DATASTORES)["properties"]["credentials"] == {
        "credentialsType": "ServicePrincipal",
        "clientId": "00000000-1111-2222-3333-444444444444",
        "secrets": {"secretsType": "ServicePrincipal", "clientSecret": WITHHELD},
    }
    as_returned = {**datastore, "properties": {"credentials": {"secrets": {"secretsType": "Sas"}}}}
    assert sanitize_resource(as_returned, DATASTORES) is as_returned


def test_attached_compute_and_web_service_secrets_are_withheld() -> None:
    kubernetes = {
        "id": f"{WS}/computes/k8s",
        "type": COMPUTES,
        "properties": {
            "computeType": "Kubernetes",
            "properties": {
                "namespace": "default",
                "relayConnectionString": "Endpoint=sb://relay.example/;SharedAccessKey=plain",
                "serviceBusConnectionString": "plain",
            },
        },
    }
    vm = {
        "id": f"{WS}/computes/vm",
        "type": COMPUTES,
        "properties": {
            "computeType": "VirtualMachine",
            "properties": {
                "administratorAccount": {"username": "azureuser", "password": "plain"},
                "sslConfiguration": {"cert": "public", "key": "plain"},
            },
        },
    }
    service = {
        "id": f"{WS}/services/svc",
        "type": WEB_SERVICES,
        "properties": {
            "computeType": "ACI",
            "authEnabled": False,
            "sslKey": "plain",
            "environmentImageRequest": {
                "environment": {"environmentVariables": {"DB_PASSWORD": "hunter2-but-longer"}}
            },
        },
    }
    assert sanitize_resource(kubernetes, COMPUTES)["properties"]["properties"] == {
        "namespace": "default",
        "relayConnectionString": WITHHELD,
        "serviceBusConnectionString": WITHHELD,
    }
    assert sanitize_resource(vm, COMPUTES)["properties"]["properties"] == {
        "administratorAccount": {"username": "azureuser", "password": WITHHELD},
        "sslConfiguration": {"cert": "public", "key": WITHHELD},
    }
    cleaned = sanitize_resource(service, WEB_SERVICES)["properties"]
    assert cleaned["sslKey"] == WITHHELD
    assert cleaned["authEnabled"] is False
    environment = cleaned["environmentImageRequest"]["environment"]["environmentVariables"]
    assert environment == {"DB_PASSWORD": WITHHELD}


def test_literal_secrets_in_environment_variables_keep_their_kind_for_rules() -> None:
    variables = {"TOKEN": JWT, "DB_PASSWORD": "hunter2-but-longer", "REF": "${{azureml://x}}"}
    for rtype in (ONLINE_DEPLOYMENTS, COMPUTES):
        raw = {
            "id": f"{WS}/x/y",
            "type": rtype,
            "properties": {"settings": {"environmentVariables": variables}},
        }
        cleaned = sanitize_resource(raw, rtype)["properties"]["settings"]["environmentVariables"]
        assert cleaned == {"TOKEN": JWT_MARKER, "DB_PASSWORD": WITHHELD, "REF": "${{azureml://x}}"}
        # A rule judges the marker as it judged the value.
        for name in ("TOKEN", "DB_PASSWORD"):
            assert literal_secret_reason(name, cleaned[name]) == literal_secret_reason(
                name, variables[name]
            )


def test_sanitizing_twice_changes_nothing_more() -> None:
    # A snapshot written by a live scan is read back through the same boundary.
    raw = {
        "id": f"{WS}/onlineEndpoints/e/deployments/d",
        "type": ONLINE_DEPLOYMENTS,
        "tags": {"sas": SAS},
        "properties": {"environmentVariables": {"TOKEN": JWT, "DB_PASSWORD": "hunter2-longer"}},
    }
    once = sanitize_resource(raw, ONLINE_DEPLOYMENTS)
    assert sanitize_resource(once, ONLINE_DEPLOYMENTS) == once


def test_a_credential_in_a_sentence_loses_only_itself_and_names_stay() -> None:
    prod = f"{SUB}/resourceGroups/rg/providers/{WORKSPACES}/mlw-prod-001"
    raw = {
        "id": prod,
        "type": WORKSPACES,
        "name": "mlw-prod-001",
        "tags": {"owner": "e2etest_test_86533533175", "peer": prod},
        "properties": {
            "description": f"features for mlw-prod-001, read with {SAS} until May",
            "friendlyName": "mlw-prod-001 (e2etest_test_86533533175)",
        },
    }
    assert sanitize_resource(raw, WORKSPACES) == {
        **raw,
        "properties": {
            "description": f"features for mlw-prod-001, read with {SAS_MARKER} until May",
            "friendlyName": "mlw-prod-001 (e2etest_test_86533533175)",
        },
    }


def test_an_arm_id_in_a_secret_named_variable_is_kept() -> None:
    key_id = f"{VAULT}/keys/cmk"
    raw = {
        "id": f"{WS}/onlineEndpoints/e/deployments/d",
        "type": ONLINE_DEPLOYMENTS,
        "properties": {"environmentVariables": {"ENCRYPTION_KEY": key_id, "API_KEY": "abc123xyz"}},
    }
    cleaned = sanitize_resource(raw, ONLINE_DEPLOYMENTS)["properties"]["environmentVariables"]
    assert cleaned == {"ENCRYPTION_KEY": key_id, "API_KEY": WITHHELD}


def test_an_activity_log_event_is_reduced_to_what_the_rules_read() -> None:
    from auditor.sources.sanitize import reduce_activity_event
    from tests.auditor.access_tenant import example

    event = example("GetActivityLogsFiltered.json")["value"][0]  # the REST example, whole
    event["authorization"]["evidence"] = {"principalType": "User", "principalId": "x"}
    assert reduce_activity_event(event) == {
        "id": event["id"],
        "type": "Microsoft.Insights/eventtypes/values",
        "name": "44ade6b4-3813-45e6-ae27-7420a95fa2f8",
        "properties": {
            "operationName": "microsoft.support/supporttickets/write",
            "status": "Succeeded",
            "eventTimestamp": "2015-01-21T22:14:26.9792776Z",
            "caller": "admin@contoso.com",
            "callerObjectId": "2468adf0-8211-44e3-95xq-85137af64708",
            "callerType": "User",
            "correlationId": "1e121103-0ba6-4300-ac9d-952bb5d0c80f",
            "resourceId": None,  # the example has none
        },
    }
    assert reduce_activity_event({"id": event["id"], "eventDataId": "e"}) is None  # no operation


def test_a_stored_event_keeps_nothing_beyond_the_reduced_shape() -> None:
    bloated = {
        "id": "/subscriptions/s/providers/x/events/e/ticks/1",
        "type": "Microsoft.Insights/eventtypes/values",
        "name": "e",
        "claims": {"ipaddr": "203.0.113.24"},
        "httpRequest": {"clientIpAddress": "203.0.113.24"},
        "properties": {
            "operationName": "Microsoft.Storage/storageAccounts/listkeys/action",
            "status": "Succeeded",
            "caller": {"nested": "not a string"},
            "secret": "AccountKey=" + "Zm9vYmFy" * 11 + "==",
        },
    }
    assert sanitize_resource(bloated, "microsoft.insights/EVENTTYPES/values") == {
        "id": bloated["id"],
        "type": "Microsoft.Insights/eventtypes/values",
        "name": "e",
        "properties": {
            "operationName": "Microsoft.Storage/storageAccounts/listkeys/action",
            "status": "Succeeded",
            "eventTimestamp": None,
            "caller": None,
            "callerObjectId": None,
            "callerType": None,
            "correlationId": None,
            "resourceId": None,
        },
    }
