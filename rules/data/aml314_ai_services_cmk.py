"""AML314: an Azure AI Services / Azure OpenAI account in the ML estate should encrypt its data
with a customer-managed key."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.inventory.arm import equals_ci
from auditor.rulekit.relations import COGNITIVE_ACCOUNTS, ai_account_in_scope, unjudged_ai_target
from auditor.rulekit.rule import (
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
    passed,
)

META = RuleMeta(
    id="AML314",
    title="AI Services account is not encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource_types=(COGNITIVE_ACCOUNTS, "Microsoft.MachineLearningServices/workspaces/connections"),
    category="data",
    rationale=(
        "Azure OpenAI and AI Services accounts store customer content at rest: fine-tuning "
        "files and models, batch inputs, assistants and agent threads, uploaded files. With "
        "Microsoft-managed keys you cannot revoke access to that data or prove key custody. A "
        "customer-managed key keeps the workspace's CMK guarantee from stopping at the model "
        "endpoint it calls."
    ),
    remediation=Remediation(
        description=(
            "Give the account a managed identity with Key Vault Crypto Service Encryption User "
            "on a vault with purge protection, then switch its encryption to that key."
        ),
        az=(
            "az cognitiveservices account update --name <account> --resource-group <rg> "
            '--encryption \'{"keySource": "Microsoft.KeyVault", "keyVaultProperties": '
            '{"keyName": "<key>", "keyVersion": "<version>", "keyVaultUri": '
            '"https://<vault>.vault.azure.net/"}}\''
        ),
        bicep=(
            "resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n"
            "  name: accountName\n"
            "  location: location\n"
            "  kind: 'AIServices'\n"
            "  sku: { name: 'S0' }\n"
            "  identity: { type: 'SystemAssigned' }\n"
            "  properties: {\n"
            "    encryption: {\n"
            "      keySource: 'Microsoft.KeyVault'\n"
            "      keyVaultProperties: {\n"
            "        keyName: key.name\n"
            "        keyVersion: last(split(key.properties.keyUriWithVersion, '/'))\n"
            "        keyVaultUri: vault.properties.vaultUri\n"
            "      }\n"
            "    }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/openai/encrypt-data-at-rest",
            "https://learn.microsoft.com/azure/ai-services/encryption/cognitive-services-encryption-keys-portal",
        ),
        # Policy 67121cc7 excludes kind AIServices by default ("no data stored"); AI Services
        # accounts that host Azure OpenAI deployments do store data, so this rule judges them.
        policy=("67121cc7-ff39-4ab8-b7e3-95b84dab487d",),
        mcsb=("DP-5",),
    ),
)

PATH = "properties.encryption.keySource"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if arm.normalize_type(resource.type) == COGNITIVE_ACCOUNTS.lower():
        yield from _check_account(resource, ctx)
    else:
        yield from unjudged_ai_target(resource, ctx)


def _check_account(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    applies, context = ai_account_in_scope(resource, ctx)
    if not applies:
        return  # not an AI Services / OpenAI account, and no connection targets it
    source = resource.get(PATH)
    proof = evidence(
        PATH,
        source,
        "Microsoft.KeyVault",
        default="Microsoft.CognitiveServices (Microsoft-managed keys)",
    )
    if equals_ci(source, "Microsoft.KeyVault"):
        yield passed(
            f"Account '{resource.name}' is encrypted with a customer-managed key",
            proof,
            context=context,
        )
    else:
        yield fail(
            f"Account '{resource.name}' is encrypted with Microsoft-managed keys",
            proof,
            context=context,
        )


RULE = Rule(META, check)
