"""AML108: the container registry a workspace uses should have no admin user."""

from __future__ import annotations

from auditor.rulekit import (
    CONTAINER_REGISTRIES,
    WORKSPACES,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    WorkspaceDependency,
    snippet,
)

META = RuleMeta(
    id="AML108",
    title="Workspace container registry has the admin user enabled",
    severity=Severity.MEDIUM,
    resource_types=(CONTAINER_REGISTRIES, WORKSPACES),
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
        bicep=snippet(
            """
            resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
              name: registryName
              location: location
              sku: { name: 'Premium' }
              properties: {
                adminUserEnabled: false
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
            "https://learn.microsoft.com/azure/container-registry/container-registry-authentication",
        ),
        mcsb=("IM-1",),
        defender=("Container registries should have local admin account disabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=CONTAINER_REGISTRIES,
        path="properties.containerRegistry",  # none yet: one is created on the first image build
        noun="container registry",
        expected="an existing registry",
        judgement=PropertyCheck(
            path="properties.adminUserEnabled",
            expected="false",
            bad=(True,),
            good=(False,),
            # RegistryProperties.adminUserEnabled: "This value is false by default" (ACR REST).
            default="false",
            absent=Status.PASS,
            failed="Registry '{name}' has the admin user enabled",
            passed="Registry '{name}' has no admin user",
            unknown="adminUserEnabled {value!r} is not a boolean",
        ),
    ),
)
