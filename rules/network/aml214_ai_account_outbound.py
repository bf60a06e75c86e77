"""AML214: AI Services and Azure OpenAI accounts should restrict where they can send data."""

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
    id="AML214",
    title="AI Services account may send data to any address",
    severity=Severity.LOW,
    resource_types=(COGNITIVE_ACCOUNTS, CONNECTIONS),
    category="network",
    rationale=(
        "An AI Services or Azure OpenAI account fetches from URLs on its callers' behalf (data "
        "sources for 'on your data', images by URL, tools). Unless restrictOutboundNetworkAccess "
        "is on, with the allowed host names in allowedFqdnList, a prompt or a compromised "
        "caller can make it send data to any address: data loss prevention for the account is "
        "off by default."
    ),
    remediation=Remediation(
        description=(
            "Turn on restrictOutboundNetworkAccess and list the host names the account needs "
            "(your storage, search and model hosts) in allowedFqdnList."
        ),
        az=(
            "az resource update --ids <account-resource-id> "
            "--set properties.restrictOutboundNetworkAccess=true "
            "properties.allowedFqdnList='[\"mystorage.blob.core.windows.net\"]'"
        ),
        bicep=snippet(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: accountName
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              properties: {
                customSubDomainName: accountName
                restrictOutboundNetworkAccess: true
                allowedFqdnList: [ 'mystorage.blob.core.windows.net' ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention",
            "https://learn.microsoft.com/azure/templates/microsoft.cognitiveservices/accounts",
        ),
        mcsb=("DP-2", "NS-2"),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    AiAccounts(
        PropertyCheck(
            path="properties.restrictOutboundNetworkAccess",
            expected="true (with the allowed host names in allowedFqdnList)",
            good=(True,),
            bad=(False,),
            # Data loss prevention: "restrictOutboundNetworkAccess ... set to true" turns it on;
            # an account created without it can send anywhere (cognitive-services-data-loss-
            # prevention): absent is off.
            default="false",
            absent=Status.FAIL,
            passed="Account '{name}' sends data only to its allowed host names",
            failed="Account '{name}' may send data to any address",
            unknown="restrictOutboundNetworkAccess {value!r} is not a boolean",
        )
    ),
)
