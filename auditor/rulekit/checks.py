"""Ready-made checks: most rules judge one property against known values, a firewall, private
endpoints or diagnostic settings, on resources picked the same few ways. Each such rule is one
declaration here instead of an if-chain; rules that need more keep a `check` function.

Every check is a frozen dataclass that is itself a `check(resource, ctx)` function, so a rule
module says `RULE = Rule(META, PropertyCheck(...))`. Judgements (`PropertyCheck`, `FirewallCheck`,
`PrivateEndpointCheck`) yield one outcome; scopes (`OnlyWhen`, `AiAccounts`,
`WorkspaceDependency`) pick the resources a judgement applies to and the context lines it carries.

Message templates are `str.format` strings with `{name}` (the resource's name) and, in a
`PropertyCheck`, `{value}` (the property as read, so `{value!r}` quotes it) and `{subject}`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from auditor.core.errors import RuleDefinitionError
from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import LookupState, gap_reason
from auditor.inventory.resource_types import (
    COGNITIVE_ACCOUNTS,
    SEARCH_SERVICES,
    SECURITY_PRICINGS,
)
from auditor.inventory.resources import Resource
from auditor.rulekit import diagnostics, keyvault, relations
from auditor.rulekit.meta import Status
from auditor.rulekit.relations import PrivateEndpoints
from auditor.rulekit.rule import (
    CheckFunction,
    Outcome,
    RuleContext,
    evidence,
    fail,
    not_an_object_on,
    not_assessed,
    passed,
)

ContextLines = Callable[[Resource, RuleContext], tuple[str, ...]]
"""Related facts a result carries, e.g. `vault_users`: the workspaces using a vault."""


def snippet(text: str) -> str:
    """A Bicep or az snippet written as an indented triple-quoted block, as users copy it:
    dedented, without the empty first and last lines the quotes leave."""
    return textwrap.dedent(text).strip("\n")


def vault_users(vault: Resource, ctx: RuleContext) -> tuple[str, ...]:
    """Context lines for a result on a key vault: the workspaces whose data depends on it."""
    return keyvault.vault_context(vault.id, ctx)


# --- judgements: one outcome for one resource ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Judgement:
    """A check that gives exactly one outcome, with context lines from `context` — or, when a
    scope such as `AiAccounts` applies it, from the scope. `not_assessed` never carries context."""

    context: ContextLines | None = None

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        raise NotImplementedError

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        lines = self.context(resource, ctx) if self.context is not None else ()
        yield self.outcome(resource, ctx, lines)


Known = str | bool  # a string compares case-insensitively; True/False also match "true"/"false"


def _matches(value: Any, known: tuple[Known, ...]) -> bool:
    for wanted in known:
        if wanted is True and arm.is_true(value):
            return True
        if wanted is False and arm.is_false(value):
            return True
        if isinstance(wanted, str) and arm.equals_ci(value, wanted):
            return True
    return False


@dataclass(frozen=True, kw_only=True)
class PropertyCheck(Judgement):
    """One property: known-bad values fail, known-good values pass; absent is judged by the
    service's documented default (`absent`, shown as `default` in the evidence), and any other
    value is `otherwise` — not_assessed unless the rule says everything but good fails.

    An explicit null means "never set", which is not the same as a default applied today (a
    pre-2020 vault reports `enableSoftDelete: null` and has no soft delete). So null never
    passes on a default: it is judged as absent only where the API documents null as the
    default (`null_is_absent`, cite it) or where absent fails anyway; otherwise it is
    not_assessed with `null_message`."""

    path: str
    expected: str  # what the evidence says was expected
    passed: str  # message templates
    failed: str
    good: tuple[Known, ...] = ()
    bad: tuple[Known, ...] = ()
    default: str | None = None  # the documented default, for the evidence of an absent value
    absent: Status = Status.NOT_ASSESSED  # the verdict on an absent or null value
    absent_message: str = ""  # when `absent` is NOT_ASSESSED
    otherwise: Status = Status.NOT_ASSESSED  # the verdict on any value neither good nor bad
    unknown: str = ""  # when `otherwise` is NOT_ASSESSED
    null_is_absent: bool = False  # the API documents null as meaning the default: judge as absent
    null_message: str = ""  # when a null is not judged; a generic reason if blank
    subject: Callable[[Resource], str] | None = None  # `{subject}` in the templates

    def __post_init__(self) -> None:
        for verdict, message, what in (
            (self.absent, self.absent_message, "absent_message"),
            (self.otherwise, self.unknown, "unknown"),
        ):
            if verdict not in (Status.PASS, Status.FAIL, Status.NOT_ASSESSED):
                raise RuleDefinitionError(f"{self.path}: a verdict is pass, fail or not_assessed")
            if verdict is Status.NOT_ASSESSED and not message:
                raise RuleDefinitionError(f"{self.path}: a not_assessed verdict needs {what}")

    def null_judged_as_absent(self) -> bool:
        return self.null_is_absent or self.absent is not Status.PASS

    def verdict(self, value: Any) -> Status:
        if value is MISSING:
            return self.absent
        if value is None:
            return self.absent if self.null_judged_as_absent() else Status.NOT_ASSESSED
        if _matches(value, self.bad):
            return Status.FAIL
        if _matches(value, self.good):
            return Status.PASS
        return self.otherwise

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        blocked = not_an_object_on(resource, self.path)
        if blocked is not None:  # junk where an object belongs: not an absent value
            return not_assessed(blocked, evidence(self.path, MISSING, self.expected))
        value = resource.get(self.path)
        shown = MISSING if value is None and self.null_is_absent else value
        proof = evidence(self.path, shown, self.expected, default=self.default)
        status = self.verdict(value)

        def say(template: str) -> str:
            subject = self.subject(resource) if self.subject is not None else ""
            return template.format(name=resource.name, value=value, subject=subject)

        if status is Status.PASS:
            return passed(say(self.passed), proof, context=context)
        if status is Status.FAIL:
            return fail(say(self.failed), proof, context=context)
        if value is None and not self.null_judged_as_absent():
            leaf = self.path.rsplit(".", 1)[-1]
            generic = (
                f"{leaf} is null: it was never set, and the service does not document null as "
                "its default, so it is not judged"
            )
            return not_assessed(say(self.null_message) if self.null_message else generic, proof)
        absent = value is MISSING or value is None
        return not_assessed(say(self.absent_message if absent else self.unknown), proof)


@dataclass(frozen=True, kw_only=True)
class FirewallCheck(Judgement):
    """A resource is open when public network access is not Disabled and its firewall does not
    deny by default — or denies, then lets every address back in by IP rule.

    `firewall` says where the resource keeps its default action and IP rules (`networkAcls` for
    Key Vault, AI accounts and storage; `networkRuleSet` for a container registry). An absent
    rule set or default action allows every network (the services' default); a default action
    that is there but neither Allow nor Deny (null, or a value no API version has) cannot be
    read, so it is not assessed unless public access is disabled anyway. `enforced_on` names
    the SKUs (`sku.name`) on which the service applies the firewall at all (empty: every SKU);
    on any other SKU a Deny is not taken as protection, so the resource is not assessed rather
    than passed."""

    subject: str  # e.g. "Key vault '{name}'"
    firewall: relations.FirewallPaths = relations.NETWORK_ACLS
    enforced_on: tuple[str, ...] = ()

    ACCESS = "properties.publicNetworkAccess"
    SKU = "sku.name"

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        subject = self.subject.format(name=resource.name)
        exposed, access, action = relations.open_to_public_network(resource, firewall=self.firewall)
        action_path = self.firewall.action
        proofs = (
            evidence(
                self.ACCESS, access, "Disabled (or a firewall that denies)", default="Enabled"
            ),
            evidence(action_path, action, "Deny (or public access disabled)", default="Allow"),
        )
        if arm.equals_ci(access, "SecuredByPerimeter"):
            # A network security perimeter decides: in Enforced mode only its access rules
            # apply, in Learning mode they fall back to the resource's firewall
            # (learn.microsoft.com/azure/private-link/network-security-perimeter-transition).
            # The perimeter's rules and mode are another resource's, which we do not read.
            return not_assessed(
                f"{subject} leaves public access to a network security perimeter "
                "(SecuredByPerimeter), whose access rules this tool does not read",
                *proofs,
            )
        if access not in (MISSING, None) and not arm.equals_ci(access, "Enabled", "Disabled"):
            return not_assessed(f"publicNetworkAccess {access!r} is not a known value", *proofs)
        disabled = arm.equals_ci(access, "Disabled")
        if not disabled and action is not MISSING and not arm.equals_ci(action, "Allow", "Deny"):
            shown = action_path.removeprefix("properties.")
            return not_assessed(f"{shown} {action!r} is not a known value", *proofs)
        ip_rules = self.firewall.ip_rules
        rules = (
            relations.IpRules() if exposed or disabled else relations.ip_rules(resource, ip_rules)
        )
        if rules.allow_all:
            return fail(
                f"{subject} denies by default but an IP rule admits every address",
                *proofs,
                evidence(
                    ip_rules, list(rules.allow_all), "no rule covering all addresses (prefix /0)"
                ),
                context=context,
            )
        if rules.unreadable is not None:
            return not_assessed(
                f"{subject} denies by default, but its IP rules cannot all be read, and an "
                f"unread rule may admit every address: {rules.unreadable}",
                *proofs,
                evidence(ip_rules, resource.get(ip_rules), "IP addresses or CIDR ranges"),
            )
        if exposed:
            return fail(f"{subject} accepts traffic from every network", *proofs, context=context)
        sku = resource.get(self.SKU)
        if self.enforced_on and not disabled and not arm.equals_ci(sku, *self.enforced_on):
            tiers = " or ".join(self.enforced_on)
            return not_assessed(
                f"{subject} denies by default, but the service applies network rules only on "
                f"the {tiers} SKU, and its SKU is {_shown(sku)}: whether that Deny is enforced "
                "is not documented",
                *proofs,
                evidence(self.SKU, sku, f"{tiers} (where network rules apply)"),
            )
        return passed(f"{subject} restricts network access", *proofs, context=context)


def _shown(value: Any) -> str:
    return "absent" if value is MISSING else repr(value)


def private_endpoint_outcome(
    endpoints: PrivateEndpoints, subject: str, context: tuple[str, ...] = (), where: str = ""
) -> Outcome:
    """Approved private endpoint or not; unreadable connections are not assessed. `where`
    prefixes the evidence path when the endpoints are another resource's (a project's hub)."""
    proof = evidence(
        where + endpoints.source,
        endpoints.describe(),
        "at least one connection with status Approved",
    )
    if endpoints.state is not LookupState.FOUND:
        return not_assessed(
            f"Could not read the private endpoints of {subject}: {endpoints.reason}", proof
        )
    if endpoints.approved:
        return passed(f"{subject} has an approved private endpoint", proof, context=context)
    return fail(f"{subject} has no approved private endpoint connection", proof, context=context)


@dataclass(frozen=True, kw_only=True)
class PrivateEndpointCheck(Judgement):
    """The resource is reached through an approved private endpoint connection."""

    subject: str  # e.g. "Key vault '{name}'"
    child_type: str  # the privateEndpointConnections collection listed when not inline

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        endpoints = relations.private_endpoints(resource, ctx, self.child_type)
        return private_endpoint_outcome(endpoints, self.subject.format(name=resource.name), context)


@dataclass(frozen=True, kw_only=True)
class DiagnosticLogsCheck(Judgement):
    """A diagnostic setting sends the logs `selector` picks to a destination (see diagnostics)."""

    subject: str  # e.g. "Workspace '{name}'"
    selector: diagnostics.LogSelector

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        outcome = diagnostics.judge(
            resource, ctx, self.selector, self.subject.format(name=resource.name)
        )
        if context and outcome.status is not Status.NOT_ASSESSED:
            outcome = replace(outcome, context=context)
        return outcome


@dataclass(frozen=True)
class ExpiryCheck:
    """A key or secret has an expiration time (see keyvault.judge_expiry)."""

    noun: str  # "Key" or "Secret"

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        yield from keyvault.judge_expiry(resource, ctx, self.noun)


@dataclass(frozen=True)
class DefenderPlanCheck:
    """A Microsoft Defender for Cloud plan is on for a subscription that holds resources of the
    types it protects (a subscription with none gets no result): the subscription's
    `Microsoft.Security/pricings` list (one GET) has the plan `plan` with pricingTier Standard
    ("Standard" enables the plan, "Free" leaves it off: PricingProperties, Security REST
    2024-01-01). An unreadable list, or a plan the list does not name, is not assessed."""

    plan: str  # the pricing's name, e.g. "AI" or "KeyVaults"
    label: str  # "Defender for AI services"
    protects: tuple[str, ...]  # the resource types the plan watches: judged where there are some

    TIER = "properties.pricingTier"

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        if not any(arm.is_within(r.id, resource.id) for t in self.protects for r in ctx.of_type(t)):
            for t in self.protects:  # none known: unreadable is not "none"
                listing = ctx.listing(resource.id, t)
                if listing.state is LookupState.UNREADABLE and listing.gap is not None:
                    yield not_assessed(
                        f"Whether {self.label} matters here is unknown: {gap_reason(listing.gap)}",
                        evidence(f"providers/{t}", MISSING, f"resources of type {t}"),
                    )
            return  # nothing here for the plan to watch
        where = f"providers/{SECURITY_PRICINGS}/{self.plan}"
        shown = resource.get("displayName")
        subject = f"Subscription '{shown if isinstance(shown, str) else resource.name}'"
        plans = [
            p
            for p in ctx.children(resource.id, SECURITY_PRICINGS)
            if arm.equals_ci(p.name, self.plan)
        ]
        if not plans:
            listing = ctx.listing(resource.id, SECURITY_PRICINGS)
            if listing.state is LookupState.FOUND:
                why = "the plans listed do not name it: it may not be offered in this cloud"
            elif listing.state is LookupState.UNREADABLE and listing.gap is not None:
                why = gap_reason(listing.gap)
            else:
                why = "its Defender plans (Microsoft.Security/pricings) were not collected"
            yield not_assessed(
                f"Could not read whether {self.label} is on for {subject}: {why}",
                evidence(where, MISSING, "pricingTier Standard"),
            )
            return
        tier = plans[0].get(self.TIER)
        proof = evidence(f"{where}/{self.TIER}", tier, "Standard")
        if arm.equals_ci(tier, "Standard"):
            yield passed(f"{self.label} is on for {subject}", proof)
        elif arm.equals_ci(tier, "Free"):
            yield fail(f"{self.label} is off for {subject}", proof)
        else:
            yield not_assessed(f"pricingTier {tier!r} is not Standard or Free", proof)


# --- scopes: which resources a check applies to -------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OnlyWhen:
    """Apply `then` only to resources whose `path` is one of `values` (compute types, endpoint
    compute types). An absent discriminator is not assessed: the rule cannot tell whether it
    applies. Any other value is outside the rule (attached computes, Kubernetes deployments),
    unless `others` says every value is the rule's: then an unknown one is not assessed."""

    path: str
    values: tuple[str, ...]
    expected: str
    unknown: str  # message template when the discriminator is absent
    then: CheckFunction
    others: str = ""  # message template ({name}, {value}) for a value outside `values`

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        value = resource.get(self.path)
        if value is MISSING or value is None:
            yield not_assessed(
                self.unknown.format(name=resource.name),
                evidence(self.path, value, self.expected),
            )
        elif arm.equals_ci(value, *self.values):
            yield from self.then(resource, ctx)
        elif self.others:
            yield not_assessed(
                self.others.format(name=resource.name, value=value),
                evidence(self.path, value, self.expected),
            )


def managed_computes(then: CheckFunction) -> OnlyWhen:
    """Compute instances and clusters: attached computes are configured in their own service."""
    return OnlyWhen(
        path="properties.computeType",
        values=relations.MANAGED_COMPUTE_TYPES,
        expected="ComputeInstance or AmlCompute",
        unknown="computeType is not present, so it is unknown whether this compute is managed",
        then=then,
    )


def compute_instances(then: CheckFunction) -> OnlyWhen:
    """Compute instances only: clusters scale to zero and reimage their nodes by themselves."""
    return OnlyWhen(
        path="properties.computeType",
        values=("ComputeInstance",),
        expected="ComputeInstance",
        unknown=(
            "Compute '{name}' has no computeType, so whether it is a compute instance is unknown"
        ),
        then=then,
    )


# Legacy (v1) web services: ComputeEnvironmentType in stable/2021-07-01/services.json.
WEB_SERVICE_COMPUTE_TYPES = ("ACI", "AKS")


def web_services(then: CheckFunction) -> OnlyWhen:
    """Legacy ACI and AKS web services; any other computeType is one whose authentication
    properties the rule does not know, so it is not assessed."""
    return OnlyWhen(
        path="properties.computeType",
        values=WEB_SERVICE_COMPUTE_TYPES,
        expected="ACI or AKS",
        unknown="Web service '{name}' has no computeType, so how it authenticates is unknown",
        others="Web service '{name}' has computeType {value!r}, which this rule does not know",
        then=then,
    )


def managed_deployments(then: CheckFunction, *, unknown: str) -> OnlyWhen:
    """Managed online deployments: a Kubernetes deployment's network and monitoring are its
    cluster's."""
    return OnlyWhen(
        path="properties.endpointComputeType",
        values=("Managed",),
        expected="Managed",
        unknown=unknown,
        then=then,
    )


@dataclass(frozen=True)
class AiAccounts:
    """The AI-account rules (AML107, AML212, AML314): judge AI Services and OpenAI accounts, and
    any other Cognitive Services account a workspace connection targets, with the connections as
    context; a connection gets a result only when its account could not be judged."""

    judgement: Judgement

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        if arm.normalize_type(resource.type) != COGNITIVE_ACCOUNTS.lower():
            yield from relations.unjudged_ai_target(resource, ctx)
            return
        applies, context = relations.ai_account_in_scope(resource, ctx)
        if applies:  # otherwise another kind of account that no connection uses
            yield self.judgement.outcome(resource, ctx, context)


@dataclass(frozen=True)
class SearchServices:
    """The AI Search rules: judge a search service a workspace connection targets, with those
    connections as context (a service no connection uses is outside the ML estate); a connection
    gets a result only when its service could not be judged."""

    judgement: Judgement

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        if arm.normalize_type(resource.type) != SEARCH_SERVICES.lower():
            yield from relations.unjudged_search_target(resource, ctx)
            return
        connections = relations.connections_targeting_search(resource, ctx)
        if connections:
            context = relations.connection_context(connections)
            yield self.judgement.outcome(resource, ctx, context)


@dataclass(frozen=True, kw_only=True)
class WorkspaceDependency:
    """A resource a workspace names at `path` (its container registry, its storage account):
    the resource itself is judged when a workspace names it, with those workspaces as context;
    a workspace gets a result only when what it names does not exist (the global name can be
    claimed by anyone) or could not be judged."""

    resource_type: str
    path: str  # the workspace property that names it, e.g. properties.containerRegistry
    noun: str  # "container registry"
    judgement: Judgement
    expected: str = ""  # what the workspace's reference should be; "an existing {noun}" if blank

    def __call__(self, resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        if arm.normalize_type(resource.type) == self.resource_type.lower():
            users = relations.workspaces_naming(ctx, self.path, resource.id)
            if users:  # otherwise not a workspace's: outside the rule
                context = relations.used_by("used by workspace", users)
                yield self.judgement.outcome(resource, ctx, context)
            return
        # Names none (yet, or a project using its hub's), one, or a 2023 hub's list of them.
        for named in relations.named_ids(resource, self.path):
            lookup = ctx.resolve(named)
            proof = evidence(self.path, named, self.expected or f"an existing {self.noun}")
            if lookup.state is LookupState.NOT_FOUND:
                yield fail(
                    f"Workspace '{resource.name}' names {self.noun} '{arm.name_of(named)}', "
                    "which does not exist: its name can be claimed by anyone",
                    proof,
                )
            elif lookup.state is not LookupState.FOUND:
                yield not_assessed(
                    f"The {self.noun} of workspace '{resource.name}' could not be judged: "
                    f"{lookup.reason}",
                    proof,
                )
