"""The generated tenant of the benchmarks."""

from __future__ import annotations

from collections import Counter

from auditor.simulator import generate_tenant, shapes, tenant_document


def test_generator_counts_match_the_benchmark_estate() -> None:
    tenant = generate_tenant()
    counts = Counter(r["type"] for r in tenant.resources())
    workspaces = 10 * 20
    assert {t: n for t, n in counts.items() if t != shapes.DIAGNOSTIC_SETTINGS} == {
        shapes.WORKSPACES: workspaces,
        shapes.ONLINE_ENDPOINTS: workspaces * 3,
        shapes.ONLINE_DEPLOYMENTS: workspaces * 3 * 2,
        shapes.COMPUTES: workspaces * 2,
        shapes.CONNECTIONS: workspaces * 3,
        shapes.STORAGE_ACCOUNTS: workspaces,
        shapes.CONTAINER_REGISTRIES: workspaces,
        shapes.VAULTS: workspaces,
        shapes.KEYS: workspaces * 3,
        shapes.SECRETS: workspaces * 3,
    }
    assert 0 < counts[shapes.DIAGNOSTIC_SETTINGS] < 2 * workspaces
    assert len(tenant.subscription_ids) == 10
    kinds = Counter(r["kind"] for r in tenant.resources([shapes.WORKSPACES]))
    assert kinds == {"Default": 140, "Hub": 20, "Project": 40}
    access = Counter(
        r["properties"]["publicNetworkAccess"] for r in tenant.resources([shapes.WORKSPACES])
    )
    assert set(access) == {"Enabled", "Disabled"}  # a mix of good and bad settings
    tenant.validate()


def test_generator_is_deterministic_by_seed() -> None:
    assert tenant_document(generate_tenant(2, 3, seed=1)) == tenant_document(
        generate_tenant(2, 3, seed=1)
    )
    assert tenant_document(generate_tenant(2, 3, seed=1)) != tenant_document(
        generate_tenant(2, 3, seed=2)
    )


def test_generator_optional_collections() -> None:
    tenant = generate_tenant(1, 2, batch_endpoints=1, serverless_endpoints=2, registries=1)
    counts = Counter(r["type"] for r in tenant.resources())
    assert counts[shapes.BATCH_ENDPOINTS] == 2
    assert counts[shapes.SERVERLESS_ENDPOINTS] == 4
    assert counts[shapes.REGISTRIES] == 1
