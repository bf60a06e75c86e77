"""AML509: Microsoft Defender for Key Vault should be on for every subscription scanned."""

from __future__ import annotations

from auditor.rulekit import (
    SUBSCRIPTIONS,
    VAULTS,
    DefenderPlanCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML509",
    title="Defender for Key Vault is off for the subscription",
    severity=Severity.MEDIUM,
    resource_types=(SUBSCRIPTIONS,),
    category="logging",
    rationale=(
        "A workspace's key vault holds its connection secrets and its customer-managed key. "
        "Defender for Key Vault alerts on unusual access: reads from a Tor exit node or a new "
        "location, an identity listing every secret, a spike in key operations. With the plan "
        "off (the Free tier) a stolen identity reading the workspace's secrets raises no alert. "
        "Judged on subscriptions that hold key vaults."
    ),
    remediation=Remediation(
        description=(
            "Turn on the Defender for Key Vault plan (pricing 'KeyVaults') on the subscription."
        ),
        az=(
            "az rest --method put "
            "--url https://management.azure.com/subscriptions/<subscription-id>/providers/"
            "Microsoft.Security/pricings/KeyVaults?api-version=2024-01-01 "
            '--body \'{"properties": {"pricingTier": "Standard"}}\''
        ),
        bicep=snippet(
            """
            targetScope = 'subscription'
            resource keyVaults 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'KeyVaults'
              properties: { pricingTier: 'Standard' }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/defender-for-cloud/defender-for-key-vault-introduction",
            "https://learn.microsoft.com/azure/templates/microsoft.security/pricings",
        ),
        # "Azure Defender for Key Vault should be enabled": pricings/KeyVaults pricingTier
        # Standard on the subscription (auditIfNotExists).
        policy=("0e6763cc-5078-4e64-889d-ff4d9a839047",),
        mcsb=("DP-8", "IR-3", "IR-5", "LT-1", "LT-2"),
        defender=("Azure Defender for Key Vault should be enabled",),
    ),
)


RULE = Rule(
    META, DefenderPlanCheck(plan="KeyVaults", label="Defender for Key Vault", protects=(VAULTS,))
)
