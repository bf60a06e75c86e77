"""How the resources of an ML estate refer to each other, for cross-resource rules.

Rules stay pure: everything here reads the inventory behind a `RuleContext` and never calls
Azure. Several rules need the same relation (which workspaces name a registry, which connections
target an AI Services account, whether a resource has an approved private endpoint), so it is
written once here rather than copied into each rule module.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import Inventory, Lookup, LookupState, gap_reason
from auditor.inventory.resource_types import (
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    SEARCH_SERVICES,
    WORKSPACES,
)
from auditor.inventory.resources import Resource

if TYPE_CHECKING:
    from auditor.rulekit.rule import Outcome, RuleContext


_T = TypeVar("_T")

# Computes the workspace creates and manages. Attached computes (AKS, Kubernetes, VirtualMachine,
# HDInsight, Databricks, ...) are configured in their own service, so compute rules skip them.
MANAGED_COMPUTE_TYPES = ("ComputeInstance", "AmlCompute")

# Connection categories whose target is a Microsoft.CognitiveServices account. ("OpenAI" is
# api.openai.com and "CognitiveSearch" is Microsoft.Search: neither is such an account.)
COGNITIVE_CATEGORIES = ("AzureOpenAI", "AIServices", "CognitiveService")


def text(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else (absent, null, "", a number)."""
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- indexes, built once per inventory --------------------------------------------------------
#
# Rules ask "which workspaces name this registry" or "which connections target this account" once
# per resource; scanning every workspace or connection each time is quadratic (minutes on a large
# estate). Each index is built on first use and kept while the inventory lives and keeps its size.


@dataclass
class _Indexes:
    size: int
    built: dict[tuple[str, str], Any] = field(default_factory=dict)


_INDEXES: WeakKeyDictionary[Inventory, _Indexes] = WeakKeyDictionary()


def _cached(inventory: Inventory, key: tuple[str, str], build: Any) -> Any:
    indexes = _INDEXES.get(inventory)
    if indexes is None or indexes.size != len(inventory):
        indexes = _INDEXES[inventory] = _Indexes(len(inventory))
    if key not in indexes.built:
        indexes.built[key] = build()
    return indexes.built[key]


def indexed(ctx: RuleContext, name: str, build: Callable[[], Any]) -> Any:
    """An index named `name` over the inventory, built by `build` on first use (for relations
    that live in other modules, such as auditor/rulekit/keyvault.py)."""
    return _cached(ctx.inventory, (name, ""), build)


def per_resource(ctx: RuleContext, name: str, resource: Resource, work: Callable[[], _T]) -> _T:
    """`work()`, the answer named `name` about `resource`, worked out once a scan however many
    rules and paths ask. Kept by the resource's id, for this very resource: another one with the
    same id (a test's, another inventory's) is worked out afresh."""
    answers: dict[str, tuple[Resource, _T]] = _cached(ctx.inventory, ("per resource", name), dict)
    key = arm.normalize_id(resource.id)
    known = answers.get(key)
    if known is None or known[0] is not resource:
        known = answers[key] = (resource, work())
    return known[1]


# --- computes -----------------------------------------------------------------------------------


def managed_compute_type(compute: Resource) -> str | None:
    """`ComputeInstance` or `AmlCompute` (canonical spelling) if the compute is one, else None."""
    value = compute.get("properties.computeType")
    for known in MANAGED_COMPUTE_TYPES:
        if arm.equals_ci(value, known):
            return known
    return None


SUBNET = "properties.properties.subnet.id"


def subnet_of(compute: Resource) -> str | None:
    """The subnet id the compute names, or None when it names none (rules ask
    `unreadable_subnet` first: a value that is not a subnet's resource id is unreadable)."""
    return text(compute.get(SUBNET))


def unreadable_subnet(compute: Resource) -> str | None:
    """Why the compute's subnet cannot be read (a `subnet` that is not an object, an id that is
    not a string), or None when it names a subnet or none at all (absent, null, blank). Junk
    there is not "no subnet", and not a subnet either."""
    holder = compute.get(SUBNET.rsplit(".", 1)[0])
    if holder is MISSING or holder is None or (isinstance(holder, str) and not holder.strip()):
        return None
    value = compute.get(SUBNET) if isinstance(holder, Mapping) else holder
    if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(holder, Mapping) and arm.is_arm_id(value):
        return None
    if isinstance(holder, Mapping) and isinstance(value, str):
        # ARM returns a subnet's resource id; anything else (the REST spec examples' placeholder
        # "test-subnet-resource-id", a name) says nothing about which network the compute is in.
        return (
            f"the subnet id of '{compute.name}' ({value!r}) is not a subnet's resource id, so "
            "whether it runs in a virtual network is unknown"
        )
    return (
        f"the subnet of '{compute.name}' ({value!r}) is not an object holding a subnet id, so "
        "whether it runs in a virtual network is unknown"
    )


# --- workspaces and what they name --------------------------------------------------------------


def is_project(workspace: Resource) -> bool:
    """An AI Foundry project: kind Project, or kind Lean with a hubResourceId (the name
    projects had in the early api-versions that introduced hubs)."""
    if arm.equals_ci(workspace.kind, "Project"):
        return True
    return (
        arm.equals_ci(workspace.kind, "Lean")
        and text(workspace.get("properties.hubResourceId")) is not None
    )


# Workspace kinds (Workspace.kind is a free string in the REST spec; these are the values the
# service and the SDKs use: azure-ai-ml's WorkspaceKind, and Lean from the first hub versions).
WORKSPACE_KINDS = ("Default", "Hub", "Project", "FeatureStore", "Lean")


def unclear_kind(workspace: Resource) -> str | None:
    """Why it is unknown whether the workspace is a project, or None when it is known. A
    workspace that names a hub but whose kind is absent, null or not a known kind may be a
    project (judged through its hub) or not: judging it as a standalone workspace would give it
    a verdict on settings that, for a project, are its hub's."""
    if is_project(workspace) or text(workspace.get("properties.hubResourceId")) is None:
        return None
    kind = workspace.get("kind")
    if arm.equals_ci(kind, *WORKSPACE_KINDS):
        return None
    shown = "absent" if kind is MISSING else repr(kind)
    return (
        f"Workspace '{workspace.name}' names a hub (hubResourceId) but its kind is {shown}, not "
        f"one of {', '.join(WORKSPACE_KINDS)}, so whether it is a project, judged through its "
        "hub, is unknown"
    )


# A hub from the 2023 api-versions lists its dependencies (`storageAccounts: [...]`,
# `keyVaults: [...]`, `containerRegistries: [...]`) and may leave the singular property null.
_LISTED_AS = {
    "properties.storageAccount": "properties.storageAccounts",
    "properties.keyVault": "properties.keyVaults",
    "properties.containerRegistry": "properties.containerRegistries",
}


def named_ids(workspace: Resource, path: str) -> list[str]:
    """The ids a workspace names at `path` (e.g. properties.storageAccount), with those its
    list form holds (`storageAccounts`), each once, in order."""
    found = [text(workspace.get(path))]
    listed = workspace.get(_LISTED_AS[path]) if path in _LISTED_AS else None
    if isinstance(listed, list):
        found += [text(item) for item in listed]
    unique: dict[str, str] = {}
    for named in found:
        if named is not None:
            unique.setdefault(arm.normalize_id(named), named)
    return list(unique.values())


def workspaces_naming(ctx: RuleContext, path: str, resource_id: str) -> list[Resource]:
    """Workspaces whose `path` (e.g. properties.containerRegistry), or its list form, names
    `resource_id`."""
    index = _cached(ctx.inventory, ("workspaces naming", path), lambda: _by_named(ctx, path))
    return list(index.get(arm.normalize_id(resource_id), ()))


def _by_named(ctx: RuleContext, path: str) -> dict[str, list[Resource]]:
    index: dict[str, list[Resource]] = {}
    for workspace in ctx.of_type(WORKSPACES):
        for named in named_ids(workspace, path):
            index.setdefault(arm.normalize_id(named), []).append(workspace)
    return index


def used_by(kind: str, resources: Sequence[Resource]) -> tuple[str, ...]:
    """Context lines naming the resources that use a shared one (sorted, stable)."""
    return tuple(sorted(f"{kind} {r.name} ({r.id})" for r in resources))


MANAGED_NETWORK = "properties.managedNetwork.isolationMode"
ISOLATION_MODES = ("Disabled", "AllowInternetOutbound", "AllowOnlyApprovedOutbound")


def isolation_mode(workspace: Resource) -> str | None:
    """The workspace's managed network isolation mode in canonical spelling; "Disabled" when
    absent (the documented default: no managed network); None for an unrecognised value."""
    value = workspace.get(MANAGED_NETWORK)
    if value is MISSING or value is None:
        return "Disabled"
    for mode in ISOLATION_MODES:
        if arm.equals_ci(value, mode):
            return mode
    return None


def hub_of(workspace: Resource, ctx: RuleContext) -> tuple[str | None, Lookup]:
    """A Project's hub: its id (if named) and what the inventory knows about it."""
    hub_id = text(workspace.get("properties.hubResourceId"))
    return hub_id, ctx.resolve(hub_id)


# --- private endpoints --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrivateEndpoints:
    """What is known about a resource's private endpoint connections."""

    state: LookupState  # FOUND (known, possibly none), UNREADABLE, UNKNOWN
    statuses: tuple[tuple[str, str], ...] = ()  # (connection name, status) pairs
    source: str = ""  # the JSON path or child collection they were read from
    reason: str = ""  # why they are not known

    @property
    def approved(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.statuses if arm.equals_ci(s, "Approved"))

    def describe(self) -> str:
        if not self.statuses:
            return "none"
        return ", ".join(f"{n}: {s}" for n, s in self.statuses)


def _connection_status(item: Mapping[str, Any]) -> tuple[str, str]:
    name = text(arm.get_path(item, "name")) or arm.name_of(str(arm.get_path(item, "id") or "?"))
    for path in (
        "properties.privateLinkServiceConnectionState.status",
        "privateLinkServiceConnectionState.status",  # Azure Policy's alias shape
    ):
        status = text(arm.get_path(item, path))
        if status:
            return name, status
    return name, "unknown"


def private_endpoints(resource: Resource, ctx: RuleContext, child_type: str) -> PrivateEndpoints:
    """The resource's private endpoint connections: inline in `properties` (as the GET of a
    workspace or vault returns them), else the listed `child_type` collection."""
    path = "properties.privateEndpointConnections"
    inline = resource.get(path)
    if isinstance(inline, list):
        items = [i for i in inline if isinstance(i, Mapping)]
        return PrivateEndpoints(LookupState.FOUND, tuple(map(_connection_status, items)), path)
    listing = ctx.listing(resource.id, child_type)
    if listing.state is LookupState.FOUND:
        statuses = tuple(_connection_status(r.raw) for r in listing.items)
        return PrivateEndpoints(LookupState.FOUND, statuses, f"{child_type} (listed)")
    if listing.state is LookupState.UNREADABLE and listing.gap is not None:
        return PrivateEndpoints(LookupState.UNREADABLE, source=path, reason=gap_reason(listing.gap))
    # Absent and never listed: ARM leaves the read-only array out when there are none.
    return PrivateEndpoints(LookupState.FOUND, (), path)


# --- firewalls: a default action and IP rules ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class FirewallPaths:
    """Where a resource type keeps its firewall: the object holding `defaultAction` ("Allow" or
    "Deny") and `ipRules`, a list of `{"value": "<address or CIDR range>", "action": "Allow"}`.

    Key Vault (NetworkRuleSet, IPRule), Cognitive Services (NetworkRuleSet, IpRule) and Storage
    (NetworkRuleSet, IPRule: `value`, `action` "Allow") write it as `networkAcls`; Container
    Registry as `networkRuleSet` (2023-07-01 NetworkRuleSet: `defaultAction` 'Allow' | 'Deny',
    `ipRules`: IPRule `action` 'Allow', `value` "the IP or IP range in CIDR format"). AI Search's
    `networkRuleSet` holds IP rules only: it has no default action."""

    rule_set: str

    @property
    def action(self) -> str:
        return f"{self.rule_set}.defaultAction"

    @property
    def ip_rules(self) -> str:
        return f"{self.rule_set}.ipRules"


NETWORK_ACLS = FirewallPaths("properties.networkAcls")
NETWORK_RULE_SET = FirewallPaths("properties.networkRuleSet")


def open_to_public_network(
    resource: Resource, firewall: FirewallPaths = NETWORK_ACLS
) -> tuple[bool, Any, Any]:
    """(exposed, publicNetworkAccess, defaultAction) for a resource behind `firewall`.

    Exposed when public network access is not Disabled (absent: Enabled, the services' default)
    and the firewall's default action is not Deny (an absent rule set allows every network).
    """
    access = resource.get("properties.publicNetworkAccess")
    action = resource.get(firewall.action)
    access_open = not arm.equals_ci(access, "Disabled")
    firewall_open = not arm.equals_ci(action, "Deny")
    return access_open and firewall_open, access, action


@dataclass(frozen=True, slots=True)
class IpRules:
    """A firewall's IP rules as read: those that admit every address (`0.0.0.0/0`, `::/0`: a
    Deny default action with one of these is no firewall at all), and why the rest could not
    all be read (None when they could)."""

    allow_all: tuple[str, ...] = ()
    unreadable: str | None = None


def ip_rules(resource: Resource, path: str = NETWORK_ACLS.ip_rules) -> IpRules:
    """The IP rules at `path`: a list of `{"value": "<address or CIDR range>"}` (and an
    `action`, whose one value is "Allow"; a rule is judged by its range alone, so a rule can
    only ever be counted as admitting). Absent or null is no rules; a list, an entry or a value
    that is something else cannot be read, and an unread rule may admit anyone, so the firewall
    is not judged closed on it. Any range with prefix length 0 (`10.0.0.0/0` too) is every
    address."""
    rules = resource.get(path)
    if rules is MISSING or rules is None:
        return IpRules()
    if not isinstance(rules, list):
        return IpRules(unreadable=f"ipRules is not a list ({rules!r})")
    found: list[str] = []
    unread: list[str] = []
    for index, rule in enumerate(rules):
        value = arm.get_path(rule, "value") if isinstance(rule, Mapping) else rule
        network = _ip_network(value)
        if network is None:
            unread.append(f"ipRules[{index}] ({rule!r})")
        elif network.prefixlen == 0:
            found.append(str(value))
    reason = None
    if unread:
        reason = f"{', '.join(unread)} is not an IP address or CIDR range"
        if len(unread) > 1:
            reason = f"{', '.join(unread)} are not IP addresses or CIDR ranges"
    return IpRules(tuple(found), reason)


def _ip_network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


# --- workspace connections and the resources they target ---------------------------------------


def _host(url: Any) -> str | None:
    value = text(url)
    if value is None:
        return None
    parts = urlsplit(value if "://" in value else f"https://{value}")
    return parts.hostname.lower() if parts.hostname else None


def account_hosts(account: Resource) -> set[str]:
    """Every host name an AI Services / OpenAI account answers on, per its properties."""
    hosts = {_host(account.get("properties.endpoint"))}
    endpoints = account.get("properties.endpoints")
    if isinstance(endpoints, Mapping):
        hosts |= {_host(v) for v in endpoints.values()}
    return {h for h in hosts if h}


@dataclass(frozen=True, slots=True)
class ConnectionTarget:
    """The resource a workspace connection points at (an AI account, a search service), and how
    we know."""

    lookup: Lookup
    via: str  # e.g. "properties.metadata.ResourceId" or "properties.target"
    reference: str  # the id or URL the connection holds


@dataclass(frozen=True, slots=True)
class _TargetKind:
    """A kind of resource connections point at: how a connection names one, and how the rules
    speak of one they could not judge."""

    resource_type: str
    categories: tuple[str, ...]  # connection categories that target this kind by URL
    hosts: Callable[[Resource], set[str]]  # the host names one answers on
    noun: str  # "an AI account"
    expected: str  # what the evidence expected: "an AI account in the inventory"


def _target(connection: Resource, ctx: RuleContext, kind: _TargetKind) -> ConnectionTarget | None:
    """The resource of `kind` a connection targets, or None if it targets none: its
    metadata.ResourceId when that names one (authoritative), else, for a connection of one of the
    kind's categories, its target URL matched against the hosts of the inventory's resources of
    the kind (UNKNOWN when none answers on that host). Worked out once a connection: each rule
    asks, and so does the index of connections by target."""
    return per_resource(
        ctx,
        f"connection target: {kind.resource_type}",
        connection,
        lambda: _find_target(connection, ctx, kind),
    )


def _find_target(
    connection: Resource, ctx: RuleContext, kind: _TargetKind
) -> ConnectionTarget | None:
    metadata = connection.get("properties.metadata")
    if isinstance(metadata, Mapping):
        rid = text(arm.get_path(metadata, "ResourceId"))
        if rid and arm.normalize_type(arm.type_of(rid) or "") == kind.resource_type.lower():
            return ConnectionTarget(ctx.resolve(rid), "properties.metadata.ResourceId", rid)
    category = connection.get("properties.category")
    if not any(arm.equals_ci(category, c) for c in kind.categories):
        return None
    target = text(connection.get("properties.target"))
    host = _host(target)
    by_host: dict[str, Resource] = _cached(
        ctx.inventory, ("by host", kind.resource_type), lambda: _by_host(ctx, kind)
    )
    if target is None or host is None or host not in by_host:
        return ConnectionTarget(Lookup(LookupState.UNKNOWN), "properties.target", str(target))
    return ConnectionTarget(Lookup(LookupState.FOUND, by_host[host]), "properties.target", target)


def _by_host(ctx: RuleContext, kind: _TargetKind) -> dict[str, Resource]:
    by_host: dict[str, Resource] = {}
    for resource in ctx.of_type(kind.resource_type):
        for host in kind.hosts(resource):
            by_host.setdefault(host, resource)
    return by_host


def _connections_to(resource: Resource, ctx: RuleContext, kind: _TargetKind) -> list[Resource]:
    """The connections that target `resource` (of `kind`)."""
    index = _cached(
        ctx.inventory, ("connections by target", kind.resource_type), lambda: _by_target(ctx, kind)
    )
    return list(index.get(arm.normalize_id(resource.id), ()))


def _by_target(ctx: RuleContext, kind: _TargetKind) -> dict[str, list[Resource]]:
    index: dict[str, list[Resource]] = {}
    for connection in ctx.of_type(CONNECTIONS):
        target = _target(connection, ctx, kind)
        if target is not None and target.lookup.resource is not None:
            key = arm.normalize_id(target.lookup.resource.id)
            index.setdefault(key, []).append(connection)
    return index


def _unjudged_target(
    connection: Resource, ctx: RuleContext, kind: _TargetKind
) -> Iterator[Outcome]:
    """A connection gets a result only when the resource it targets could not be judged
    (unreadable or not collected): that resource is judged as itself, and a gap among them is
    never a silent pass. A 404 gives nothing: nothing accepts anything there any more."""
    from auditor.rulekit.rule import (  # rule.py is the rules' API, not a dependency
        evidence,
        not_assessed,
    )

    target = _target(connection, ctx, kind)
    if target is None or target.lookup.state in (LookupState.FOUND, LookupState.NOT_FOUND):
        return
    yield not_assessed(
        f"Connection '{connection.name}' targets {kind.noun} that could not be judged: "
        f"{target.lookup.reason}",
        evidence(target.via, target.reference, kind.expected),
    )


# --- connections and the AI Services accounts they target ---------------------------------------

_AI_ACCOUNTS = _TargetKind(
    COGNITIVE_ACCOUNTS,
    COGNITIVE_CATEGORIES,
    account_hosts,
    "an AI account",
    "an AI account in the inventory",
)


def cognitive_target(connection: Resource, ctx: RuleContext) -> ConnectionTarget | None:
    """The Cognitive Services account a connection targets, or None if it targets no such account
    (an AzureOpenAI, AIServices or CognitiveService connection by its URL; see `_target`)."""
    return _target(connection, ctx, _AI_ACCOUNTS)


def connections_targeting(account: Resource, ctx: RuleContext) -> list[Resource]:
    return _connections_to(account, ctx, _AI_ACCOUNTS)


def unjudged_ai_target(connection: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    """For the AI-account rules (AML107, AML212, AML314): see `_unjudged_target`."""
    return _unjudged_target(connection, ctx, _AI_ACCOUNTS)


AI_ACCOUNT_KINDS = ("AIServices", "OpenAI")


def ai_account_in_scope(account: Resource, ctx: RuleContext) -> tuple[bool, tuple[str, ...]]:
    """Whether the AI account rules judge this Cognitive Services account, and the context lines.

    They judge accounts of kind AIServices or OpenAI, and any other account a workspace
    connection targets (its keys or network then matter to the ML estate).
    """
    connections = connections_targeting(account, ctx)
    applies = any(arm.equals_ci(account.kind, k) for k in AI_ACCOUNT_KINDS) or bool(connections)
    return applies, connection_context(connections)


def connection_context(connections: Iterable[Resource]) -> tuple[str, ...]:
    lines = []
    for c in connections:
        workspace = arm.parent_id(c.id)
        lines.append(f"targeted by connection {c.name} of workspace {arm.name_of(workspace or '')}")
    return tuple(sorted(lines))


# --- connections and the AI Search services they target -----------------------------------------

# A workspace connection to Azure AI Search has category "CognitiveSearch" and the service's URL
# (https://{name}.search.windows.net) as its target; `metadata.ResourceId`, when present, names it.
SEARCH_CATEGORIES = ("CognitiveSearch",)
SEARCH_HOST_SUFFIX = ".search.windows.net"


def search_hosts(service: Resource) -> set[str]:
    """The host names a search service answers on: `{name}.search.windows.net`, and its
    `properties.endpoint` where the api-version returns one."""
    hosts = {
        f"{service.name.lower()}{SEARCH_HOST_SUFFIX}",
        _host(service.get("properties.endpoint")),
    }
    return {h for h in hosts if h}


_SEARCH_SERVICES = _TargetKind(
    SEARCH_SERVICES,
    SEARCH_CATEGORIES,
    search_hosts,
    "an AI Search service",
    "a search service in the inventory",
)


def search_target(connection: Resource, ctx: RuleContext) -> ConnectionTarget | None:
    """The AI Search service a connection targets, or None if it targets none (a CognitiveSearch
    connection by its URL; see `_target`)."""
    return _target(connection, ctx, _SEARCH_SERVICES)


def connections_targeting_search(service: Resource, ctx: RuleContext) -> list[Resource]:
    return _connections_to(service, ctx, _SEARCH_SERVICES)


def unjudged_search_target(connection: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    """For the Search rules: see `_unjudged_target`."""
    return _unjudged_target(connection, ctx, _SEARCH_SERVICES)
