"""Helpers for tests that point the real Azure SDK at the ARM simulator."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from azure.core.credentials import AccessToken

from auditor.inventory import arm
from auditor.simulator import Simulator, shapes
from auditor.simulator.shapes.authorization import BUILT_IN_ROLES
from auditor.simulator.tenant import Tenant, new_guid
from auditor.sources.live import LiveSource
from auditor.sources.live.arm_pipeline import RetrySettings
from auditor.sources.live.auth import StaticTokenCredential

SCOPE = "https://management.azure.com/.default"
# Bounded as in production, but with backoff in milliseconds so a 5xx that never recovers costs
# a test a fraction of a second.
FAST_RETRY = RetrySettings(backoff_factor=0.01, backoff_max=0.05)
_BY_REFERENCE = ("microsoft.storage/storageaccounts", "microsoft.containerregistry/registries")


def live_source(sim: Simulator, credential: Any = None, **options: Any) -> LiveSource:
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("concurrency", 8)
    return LiveSource(
        credential or StaticTokenCredential(sim.token, int(time.time()) + 3600),
        endpoint=sim.url,
        token_scopes=(SCOPE,),
        ca_file=str(sim.ca_file),
        **options,
    )


_KEY_ACTIONS = {"regeneratekeys", "regeneratekey", "listkeys", "token", "listsecrets"}


def kept_event_ids(tenant: Tenant) -> set[str]:
    """The Activity Log events a scan keeps: successful key regenerations and key reads (the
    tenants built here give each call one Succeeded event)."""
    kept = set()
    for subscription in tenant.subscription_ids:
        for event in tenant.events(subscription):
            operation = str(event["operationName"]["value"]).lower().split("/")
            is_key_action = operation[-1] == "action" and operation[-2] in _KEY_ACTIONS
            if is_key_action and event["status"]["value"] == "Succeeded":
                kept.add(arm.normalize_id(event["id"]))
    return kept


def access_ids(subscription: str) -> set[str]:
    """What every readable subscription holds besides its resources: ARM's built-in role
    definitions, and the record of the Activity Log window read."""
    scope = f"/subscriptions/{subscription}"
    roles = {
        arm.normalize_id(f"{scope}/providers/Microsoft.Authorization/roleDefinitions/{r.guid}")
        for r in BUILT_IN_ROLES
    }
    return roles | {f"{scope}/providers/microsoft.insights/eventtypes/management".lower()}


def expected_ids(tenant: Tenant) -> set[str]:
    """What a full scan must collect: every resource and subscription of the tenant, except the
    storage accounts and registries no workspace references (those types are read by reference
    only; the generator gives projects their own although a project uses its hub's), with the
    built-in roles, Activity Log record and kept events of each subscription."""
    resources = list(tenant)
    referenced = {
        arm.normalize_id(value)
        for r in resources
        if r["type"].lower() == "microsoft.machinelearningservices/workspaces"
        for key in ("storageAccount", "containerRegistry")
        if isinstance(value := (r.get("properties") or {}).get(key), str)
    }
    ids = {
        arm.normalize_id(r["id"])
        for r in resources
        if r["type"].lower() not in _BY_REFERENCE or arm.normalize_id(r["id"]) in referenced
    }
    ids |= kept_event_ids(tenant)
    for subscription in tenant.subscription_ids:
        ids |= access_ids(subscription)
    return ids | {f"/subscriptions/{s}".lower() for s in tenant.subscription_ids}


def ids(resources: Iterable[Any]) -> set[str]:
    return {arm.normalize_id(r.id) for r in resources}


class MintingCredential:
    """Asks the simulator for a new token on every get_token, like azure-identity asks Entra ID.

    `claimed_lifetime` is the expiry the credential reports; the simulator expires the token after
    `lifetime`. Reporting a longer one than the real one makes the token expire mid-scan while the
    SDK still trusts it (clock skew, revocation): ARM answers 401 and the scan must recover.
    """

    def __init__(self, sim: Simulator, lifetime: float, claimed_lifetime: float | None = None):
        self.sim = sim
        self.lifetime = lifetime
        self.claimed = claimed_lifetime
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        token, expires_on = self.sim.issue_token(self.lifetime)
        if self.claimed is not None:
            expires_on = int(time.time() + self.claimed)
        return AccessToken(token, expires_on)


def small_tenant() -> tuple[Tenant, dict[str, str]]:
    """Two subscriptions: `a` readable, with a purge-protected vault; `b` unreadable (403)."""
    tenant = Tenant()
    a = new_guid("collector-test/a")
    b = new_guid("collector-test/b")
    tenant.add_subscription(a, "readable")
    tenant.add_subscription(b, "locked", unreadable=True)
    tenant.add_resource_group(a, "rg-a")
    tenant.add_resource_group(b, "rg-b")
    vault = tenant.add(
        shapes.vault(a, "rg-a", "kv-protected", properties={"enablePurgeProtection": True})
    )
    tenant.add(shapes.vault(b, "rg-b", "kv-hidden"))
    return tenant, {"a": a, "b": b, "vault": vault["id"]}
