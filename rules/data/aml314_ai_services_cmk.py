"""AML314: an Azure AI Services / Azure OpenAI account in the ML estate should encrypt its data
with a customer-managed key."""

from __future__ import annotations

from auditor.rulekit import (
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    AiAccounts,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    snippet,
)

META = RuleMeta(
    id="AML314",
    title="AI Services account is not encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource_types=(
        COGNITIVE_ACCOUNTS,
        CONNECTIONS,
    ),
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
        bicep=snippet(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: accountName
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              identity: { type: 'SystemAssigned' }
              properties: {
                encryption: {
                  keySource: 'Microsoft.KeyVault'
                  keyVaultProperties: {
                    keyName: key.name
                    keyVersion: last(split(key.properties.keyUriWithVersion, '/'))
                    keyVaultUri: vault.properties.vaultUri
                  }
                }
              }
            }
            """
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
        defender=(
            "Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)",
        ),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    AiAccounts(
        PropertyCheck(
            path="properties.encryption.keySource",
            expected="Microsoft.KeyVault",
            good=("Microsoft.KeyVault",),
            default="Microsoft.CognitiveServices (Microsoft-managed keys)",
            absent=Status.FAIL,
            otherwise=Status.FAIL,
            passed="Account '{name}' is encrypted with a customer-managed key",
            failed="Account '{name}' is encrypted with Microsoft-managed keys",
        )
    ),
)
