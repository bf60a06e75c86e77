"""The bundled demo tenant: every rule in the catalogue meets a failing and a passing resource,
one subscription is unreadable (403) and one is throttled.

How it is put together (so several people can extend it without touching each other's lines):

- `base.py` builds the skeleton (subscriptions, resource groups, workspaces of every kind —
  Default, Hub, Project, FeatureStore —, vaults, storage, container registry, an AI Services
  account) and returns a `DemoContext` with their ids.
- One module per rule category — `identity.py`, `network.py`, `data.py`, `compute.py`,
  `logging.py`, `ai.py` — exposes `resources(ctx) -> list[dict]`: ARM JSON (built with
  `auditor.simulator.shapes`) for that category's rules, a failing and a passing resource per
  rule, listed in the module's docstring. Diagnostic settings are resources too
  (`Microsoft.Insights/diagnosticSettings` with an id under their target).
- `demo_tenant()` adds each module's resources to the base, in CATEGORY_MODULES order.
- `access.py` covers the access review's rules (key age, who can read keys, custom roles, CMK
  access, key reads): resources, role assignments and custom roles (`Tenant.add_authorization`)
  and Activity Log events (`Tenant.add_event`), the events dated relative to when the demo is
  built so they lie inside the 90 days a scan reads.
- `paths.py` adds what chains other rules' findings into each attack path (AMLP01-AMLP05).

To cover a new rule: add its resources to its category's module; nothing else changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import ModuleType

from auditor.simulator.demo import (
    access,
    ai,
    base,
    compute,
    data,
    identity,
    logging,
    network,
    paths,
)
from auditor.simulator.demo.base import DemoContext
from auditor.simulator.tenant import Tenant

CATEGORY_MODULES: tuple[ModuleType, ...] = (identity, network, data, compute, logging, ai)

__all__ = ["CATEGORY_MODULES", "DemoContext", "demo_context", "demo_tenant"]


def demo_context(now: datetime | None = None) -> tuple[Tenant, DemoContext]:
    now = now or datetime.now(UTC)
    tenant, context = base.build()
    for module in CATEGORY_MODULES:
        for resource in module.resources(context):
            tenant.add(resource)
    for resource in access.resources(context, now):
        tenant.add(resource)
    for resource in paths.resources(context):
        tenant.add(resource)
    access.age_base_keys(tenant, context, now)
    for fact in (*access.authorization(context), *paths.authorization(context)):
        tenant.add_authorization(fact)
    for subscription, event in access.activity_log(context, now):
        tenant.add_event(subscription, event)
    tenant.validate()
    return tenant, context


def demo_tenant() -> Tenant:
    return demo_context()[0]
