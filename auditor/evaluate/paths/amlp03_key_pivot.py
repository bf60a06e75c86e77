"""AMLP03: an AI account's key copied where many can read it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from auditor.evaluate.paths.kit import Chain, Finding
from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    COGNITIVE_ACCOUNTS,
    ONLINE_DEPLOYMENTS,
)
from auditor.inventory.resources import Resource
from auditor.rulekit.checks import snippet
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity
from auditor.rulekit.relations import account_hosts, connections_targeting, indexed, text
from auditor.rulekit.rule import RuleContext

META = RuleMeta(
    id="AMLP03",
    title="Key pivot: an AI account that accepts keys, its key copied into a shared connection "
    "or a deployment's environment",
    severity=Severity.CRITICAL,
    resource_types=(COGNITIVE_ACCOUNTS,),
    category="attack-path",
    rationale=(
        "An AI Services or OpenAI account that accepts keys (AML107) from any network (AML212) "
        "is as safe as the least protected copy of its key. A workspace connection that stores "
        "the key (AML105), above all one shared to every user of the workspace (AML312), or a "
        "deployment whose environment holds it in clear (AML311), hands the key to everyone who "
        "can read the connection or the deployment: they call the model as the account, outside "
        "any role assignment, from anywhere the account is reachable."
    ),
    remediation=Remediation(
        description=(
            "Break any link: disable local auth on the account (disableLocalAuth) and use "
            "Microsoft Entra ID connections, restrict its network, or take the key out of the "
            "connection and the environment (a key vault reference, or an identity-based "
            "connection), then regenerate the key."
        ),
        az=("az resource update --ids <account-id> --set properties.disableLocalAuth=true"),
        bicep=snippet(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: accountName
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              properties: {
                disableLocalAuth: true
                publicNetworkAccess: 'Disabled'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
            "https://learn.microsoft.com/azure/machine-learning/how-to-connection",
        ),
        mcsb=("IM-1", "IM-8"),
    ),
)

_DEPLOYMENTS = (ONLINE_DEPLOYMENTS, BATCH_DEPLOYMENTS)


def _hosts_named(deployment: Resource) -> set[str]:
    """The hosts of the URLs among the deployment's environment variables (the endpoint a key in
    the same environment is for)."""
    variables = deployment.get("properties.environmentVariables")
    if not isinstance(variables, Mapping):
        return set()
    hosts = set()
    for value in variables.values():
        url = text(value)
        if url and "." in url:
            host = urlsplit(url if "://" in url else f"https://{url}").hostname
            if host:
                hosts.add(host.lower())
    return hosts


def _deployments_by_host(ctx: RuleContext) -> dict[str, list[Resource]]:
    def build() -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for kind in _DEPLOYMENTS:
            for deployment in ctx.of_type(kind):
                for host in _hosts_named(deployment):
                    index.setdefault(host, []).append(deployment)
        return index

    found: dict[str, list[Resource]] = indexed(ctx, "paths: deployments by host", build)
    return found


def find(ctx: RuleContext) -> Iterator[Chain]:
    for account in ctx.of_type(COGNITIVE_ACCOUNTS):
        hosts = account_hosts(account)
        connections = tuple(connections_targeting(account, ctx))
        by_host = _deployments_by_host(ctx)
        deployments = tuple(
            dict.fromkeys(d for host in sorted(hosts) for d in by_host.get(host, ()))
        )
        if not connections and not deployments:
            continue
        yield Chain(
            account,
            (
                Finding("accepts keys", ("AML107",), (account,)),
                Finding("reachable from any network", ("AML212",), (account,)),
                Finding(
                    "its key copied where many can read it",
                    ("AML312", "AML105", "AML311"),
                    connections + deployments,
                ),
            ),
        )
