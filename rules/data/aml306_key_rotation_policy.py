"""AML306: a key vault key should rotate automatically (a rotation policy with a Rotate action)."""

from __future__ import annotations

from auditor.rulekit import (
    KEYS,
    MISSING,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    evidence,
    fail,
    keyvault,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML306",
    title="Key vault key does not rotate automatically",
    severity=Severity.MEDIUM,
    resource_types=(KEYS,),
    category="data",
    rationale=(
        "Keys rotated by hand are rotated late or never, and a key that expires before anyone "
        "rotates it takes down everything that depends on it - for a workspace's "
        "customer-managed key, access to the workspace's data. A rotation policy with a Rotate "
        "lifetime action makes Key Vault create a new key version on schedule; Azure Machine "
        "Learning picks up the new version when the workspace names the key without a version."
    ),
    remediation=Remediation(
        description=(
            "Give the key a rotation policy that rotates it (for example 90 days after creation, "
            "or 30 days before expiry) and sets the expiry of new versions."
        ),
        az=(
            "az keyvault key rotation-policy update --vault-name <vault> --name <key> "
            '--value \'{"lifetimeActions": [{"trigger": {"timeAfterCreate": "P90D"}, '
            '"action": {"type": "Rotate"}}, {"trigger": {"timeBeforeExpiry": "P30D"}, '
            '"action": {"type": "Notify"}}], "attributes": {"expiryTime": "P1Y"}}\''
        ),
        bicep=snippet(
            """
            resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
              parent: vault
              name: keyName
              properties: {
                kty: 'RSA'
                keySize: 3072
                rotationPolicy: {
                  attributes: { expiryTime: 'P1Y' }
                  lifetimeActions: [
                    { trigger: { timeAfterCreate: 'P90D' }, action: { type: 'rotate' } }
                    { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } }
                  ]
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
            "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
        ),
        policy=("d8cf8476-a2ec-4916-896e-992351803c44",),
        mcsb=("DP-6",),
        defender=(
            "Keys should have a rotation policy ensuring that their rotation is scheduled within the specified number of days after creation.",
        ),
    ),
    judged_in_templates=True,
)


POLICY = "properties.rotationPolicy"
ACTIONS = "properties.rotationPolicy.lifetimeActions"


def _rotates(actions: object) -> bool:
    """True if any lifetime action rotates the key (action types compare case-insensitively)."""
    return isinstance(actions, list) and any(
        isinstance(a, dict) and arm.equals_ci(arm.get_path(a, "action.type"), "Rotate")
        for a in actions
    )


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    policy = resource.get(POLICY)
    actions = resource.get(ACTIONS)
    expected = "a lifetime action of type Rotate"
    context = keyvault.key_context(resource, ctx)
    if policy is MISSING and not keyvault.has_key_details(resource):
        yield not_assessed(
            f"Key '{resource.name}' was read from a key listing, which does not include the "
            "rotation policy; it needs the key's own GET",
            evidence(POLICY, policy, expected),
        )
        return
    if _rotates(actions):
        yield passed(
            f"Key '{resource.name}' rotates automatically",
            evidence(ACTIONS, actions, expected),
            context=context,
        )
    elif policy is MISSING or policy is None:
        # The service omits an empty rotation policy: absent on a fully read key means none.
        yield fail(
            f"Key '{resource.name}' has no rotation policy",
            evidence(POLICY, policy, expected, default="no rotation policy"),
            context=context,
        )
    else:
        yield fail(
            f"Key '{resource.name}' has a rotation policy that never rotates it",
            evidence(ACTIONS, actions, expected, default="no lifetime actions"),
            context=context,
        )


RULE = Rule(META, check)
