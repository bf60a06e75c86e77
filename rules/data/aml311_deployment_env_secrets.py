"""AML311: a deployment must not carry literal secrets in its environment variables."""

from __future__ import annotations

from auditor.rulekit import (
    BATCH_DEPLOYMENTS,
    MISSING,
    ONLINE_DEPLOYMENTS,
    Evidence,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    literal_secret_reason,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML311",
    title="Deployment has a literal secret in its environment variables",
    severity=Severity.HIGH,
    resource_types=(
        ONLINE_DEPLOYMENTS,
        BATCH_DEPLOYMENTS,
    ),
    category="data",
    rationale=(
        "A deployment's environmentVariables are part of its ARM definition: anyone with Reader "
        "on the workspace - and every tool, export and template that reads it - sees the values "
        "in clear text. An API key, storage connection string or token set there leaks to all of "
        "them, is never rotated with the source credential, and stays in deployment history."
    ),
    remediation=Remediation(
        description=(
            "Remove the literal value. Give the deployment a managed identity and let the scoring "
            "code fetch the secret from Key Vault at start-up, or reference a workspace "
            "connection with a ${{azureml://connections/<name>/credentials/<key>}} placeholder. "
            "Then rotate the exposed credential: it has been readable by every Reader."
        ),
        az=(
            "az ml online-deployment update --name <deployment> --endpoint-name <endpoint> "
            "--resource-group <rg> --workspace-name <workspace> "
            "--set environment_variables.OPENAI_API_KEY='${{azureml://connections/<name>/credentials/key}}'"
        ),
        bicep=snippet(
            """
            resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {
              parent: endpoint
              name: deploymentName
              location: location
              sku: { name: 'Default', capacity: 1 }
              properties: {
                endpointComputeType: 'Managed'
                environmentVariables: {
                  // a reference resolved at run time, never the secret itself
                  OPENAI_API_KEY: '${{azureml://connections/${connectionName}/credentials/key}}'
                  KEY_VAULT_URL: vault.properties.vaultUri
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-online-endpoint-with-secret-injection",
            "https://learn.microsoft.com/azure/machine-learning/how-to-use-secrets-in-runs",
        ),
        mcsb=("IM-8",),
    ),
    judged_in_templates=True,
)


PATH = "properties.environmentVariables"
EXPECTED = "a Key Vault or connection reference (or no value), never a literal secret"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    variables = resource.get(PATH)
    subject = f"Deployment '{resource.name}'"
    if variables is MISSING or variables is None:
        yield passed(
            f"{subject} sets no environment variables",
            evidence(PATH, variables, EXPECTED, default="none"),
        )
        return
    if not isinstance(variables, dict):
        yield not_assessed(
            f"{subject} has environment variables in a shape this rule cannot read",
            Evidence(PATH, type(variables).__name__, "an object of NAME: value"),
        )
        return
    # Evidence names each variable and why it is flagged; it never carries a value.
    flagged = [
        (str(name), reason)
        for name, value in sorted(variables.items())
        if (reason := literal_secret_reason(str(name), value))
    ]
    if flagged:
        yield fail(
            f"{subject} has literal secrets in environment variables: "
            + ", ".join(name for name, _ in flagged),
            *(Evidence(f"{PATH}.{n}", f"[value withheld: {r}]", EXPECTED) for n, r in flagged),
        )
    else:
        yield passed(
            f"The environment variables of deployment '{resource.name}' hold no literal secrets",
            Evidence(PATH, sorted(str(n) for n in variables), EXPECTED),
        )


RULE = Rule(META, check)
