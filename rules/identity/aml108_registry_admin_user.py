"""AML108: the container registry a workspace uses should have no admin user."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.inventory.arm import is_false, is_true
from auditor.inventory.inventory import LookupState
from auditor.rulekit.relations import WORKSPACES, text, used_by, workspaces_naming
from auditor.rulekit.rule import (
    MISSING,
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    not_assessed,
    passed,
)

REGISTRIES = "Microsoft.ContainerRegistry/registries"

META = RuleMeta(
    id="AML108",
    title="Workspace container registry has the admin user enabled",
    severity=Severity.MEDIUM,
    resource_types=(REGISTRIES, WORKSPACES),
    category="identity",
    rationale=(
        "The registry admin user is a shared username and password with push and pull rights on "
        "every repository: whoever has it can replace the images the workspace trains and serves "
        "with, and its use is not tied to an identity. Azure Machine Learning enables it when it "
        "creates the registry itself. Workspaces, computes and endpoints can pull with managed "
        "identities instead. A workspace that names a registry which no longer exists fails too: "
        "registry names are global, so someone else can claim it and serve the images."
    ),
    remediation=Remediation(
        description=(
            "Grant the workspace identity 'AcrPush' (and compute/endpoint identities 'AcrPull') "
            "on the registry, set the workspace to build images with a compute that uses its "
            "managed identity, then disable the admin user and regenerate its passwords."
        ),
        az="az acr update --name <registry> --admin-enabled false",
        bicep=(
            "resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {\n"
            "  name: registryName\n"
            "  location: location\n"
            "  sku: { name: 'Premium' }\n"
            "  properties: {\n"
            "    adminUserEnabled: false\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
            "https://learn.microsoft.com/azure/container-registry/container-registry-authentication",
        ),
        mcsb=("IM-1",),
    ),
)

REGISTRY = "properties.containerRegistry"
ADMIN = "properties.adminUserEnabled"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if arm.normalize_type(resource.type) == REGISTRIES.lower():
        yield from _check_registry(resource, ctx)
    else:
        yield from _check_workspace(resource, ctx)


def _check_registry(registry: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    users = workspaces_naming(ctx, REGISTRY, registry.id)
    if not users:
        return  # not a workspace's registry: outside this rule
    value = registry.get(ADMIN)
    proof = evidence(ADMIN, value, "false", default="false")  # the registry API's default
    context = used_by("used by workspace", users)
    if is_true(value):
        yield fail(f"Registry '{registry.name}' has the admin user enabled", proof, context=context)
    elif value is MISSING or value is None or is_false(value):
        yield passed(f"Registry '{registry.name}' has no admin user", proof, context=context)
    else:
        yield not_assessed(f"adminUserEnabled {value!r} is not a boolean", proof)


def _check_workspace(workspace: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    """The registry's own result covers a found registry; the workspace gets a result only when
    its registry is missing or could not be judged."""
    registry_id = text(workspace.get(REGISTRY))
    if registry_id is None:
        return  # no registry yet (one is created on the first image build)
    lookup = ctx.resolve(registry_id)
    proof = evidence(REGISTRY, registry_id, "an existing registry")
    if lookup.state is LookupState.FOUND:
        return
    if lookup.state is LookupState.NOT_FOUND:
        yield fail(
            f"Workspace '{workspace.name}' names container registry "
            f"'{arm.name_of(registry_id)}', which does not exist: its name can be claimed by "
            "anyone",
            proof,
        )
    else:
        yield not_assessed(
            f"The container registry of workspace '{workspace.name}' could not be judged: "
            f"{lookup.reason}",
            proof,
        )


RULE = Rule(META, check)
