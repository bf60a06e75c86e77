"""Key Vault relationships the data-protection rules share: which workspaces use a vault (so a
finding on a shared vault can say whose data is at stake) and which key a workspace's
customer-managed key (CMK) names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.resource_types import WORKSPACES
from auditor.inventory.resources import Resource
from auditor.rulekit import times
from auditor.rulekit.relations import indexed, text, workspaces_naming

if TYPE_CHECKING:
    from auditor.rulekit.rule import Outcome, RuleContext

KEY_VAULT = "properties.keyVault"
CMK_STATUS = "properties.encryption.status"
CMK_VAULT = "properties.encryption.keyVaultProperties.keyVaultArmId"
CMK_KEY = "properties.encryption.keyVaultProperties.keyIdentifier"

# How a workspace uses a vault, by the property that names it.
_ROLES = ((KEY_VAULT, "key vault"), (CMK_VAULT, "customer-managed key vault"))


def text_at(resource: Resource, path: str) -> str | None:
    """A non-empty string at `path`, else None."""
    return text(resource.get(path))


def uses_cmk(workspace: Resource) -> bool:
    return arm.equals_ci(workspace.get(CMK_STATUS), "Enabled")


@dataclass(frozen=True, slots=True)
class KeyReference:
    """What a key URL (`https://{vault}.vault.azure.net/keys/{name}/{version}`) names."""

    vault_name: str  # the first DNS label of the vault's host
    key_name: str
    version: str | None


def parse_key_identifier(url: Any) -> KeyReference | None:
    """The vault, key and version a Key Vault (or Managed HSM) key URL names; None otherwise."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = parts.hostname or ""
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme.lower() != "https" or "." not in host or len(segments) not in (2, 3):
        return None
    if segments[0].lower() != "keys":
        return None
    version = segments[2] if len(segments) == 3 else None
    return KeyReference(host.split(".", 1)[0], segments[1], version)


def key_resource_id(vault_id: str, key_name: str) -> str:
    """The ARM id of a key: keys are child resources of their vault."""
    return f"{vault_id.rstrip('/')}/keys/{key_name}"


def cmk_key_id(workspace: Resource) -> str | None:
    """The ARM id of the key a workspace's CMK names, if its vault id and key URL are usable."""
    vault_id = text_at(workspace, CMK_VAULT)
    key = parse_key_identifier(workspace.get(CMK_KEY))
    if vault_id is None or key is None:
        return None
    return key_resource_id(vault_id, key.key_name)


def workspaces_with_cmk_key(key_id: str, ctx: RuleContext) -> list[Resource]:
    """Workspaces whose customer-managed key is this key (indexed once per inventory)."""

    def build() -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for workspace in ctx.of_type(WORKSPACES):
            named = cmk_key_id(workspace) if uses_cmk(workspace) else None
            if named is not None:
                index.setdefault(arm.normalize_id(named), []).append(workspace)
        return index

    by_key: dict[str, list[Resource]] = indexed(ctx, "workspaces by CMK key", build)
    return list(by_key.get(arm.normalize_id(key_id), ()))


def workspaces_using_vault(vault_id: str, ctx: RuleContext) -> list[tuple[Resource, str]]:
    """(workspace, role) for every workspace in the inventory that names this vault."""
    users = [
        (workspace, role)
        for path, role in _ROLES
        for workspace in workspaces_naming(ctx, path, vault_id)  # indexed once per inventory
    ]
    return sorted(users, key=lambda u: (arm.normalize_id(u[0].id), u[1]))


def vault_context(vault_id: str, ctx: RuleContext) -> tuple[str, ...]:
    """Context lines for a result on a vault: which workspaces depend on it, and how (worked out
    once a vault: each result on each of its keys and secrets carries them)."""
    lines: dict[str, tuple[str, ...]] = indexed(ctx, "vault context", dict)
    key = arm.normalize_id(vault_id)
    if key not in lines:
        lines[key] = tuple(
            f"used by workspace {workspace.name} ({workspace.id}) as its {role}"
            for workspace, role in workspaces_using_vault(vault_id, ctx)
        )
    return lines[key]


def key_context(key: Resource, ctx: RuleContext) -> tuple[str, ...]:
    """Context lines for a result on a key or secret: workspaces whose CMK it is, and the users
    of the vault that holds it."""
    vault_id = arm.parent_id(key.id)
    if not vault_id:
        return ()
    lines = [
        f"customer-managed key of workspace {workspace.name} ({workspace.id})"
        for workspace in workspaces_with_cmk_key(key.id, ctx)
    ]
    lines += [f"in a vault {line}" for line in vault_context(vault_id, ctx)]
    return tuple(sorted(lines))


EXPIRY_PATH = "properties.attributes.exp"


def judge_expiry(resource: Resource, ctx: RuleContext, noun: str) -> Iterator[Outcome]:
    """AML305 (keys) and AML307 (secrets): an `attributes.exp` (epoch seconds) is required.
    Neither has a default expiry, so absent or null means it never expires; a value that is
    not a time cannot be judged; a past one has expired (Key Vault does not enforce a secret's
    exp, so it is still served); one more than a century away stands for "never" (see
    auditor/rulekit/times.py)."""
    from auditor.rulekit.rule import evidence, fail, not_assessed, passed

    value = resource.get(EXPIRY_PATH)
    context = key_context(resource, ctx)
    expected = "an expiration time (epoch seconds) after the scan, within a century"
    expiry = times.judge_expiry(value, times.parse_epoch(value), ctx.now)
    subject = f"{noun} '{resource.name}'"
    if expiry.state is times.ExpiryState.NEVER:
        yield fail(
            f"{subject} never expires",
            evidence(EXPIRY_PATH, value, expected, default="never expires"),
            context=context,
        )
        return
    if expiry.state is times.ExpiryState.UNREADABLE:
        yield not_assessed(
            f"{subject} has an expiration value that is not a time",
            evidence(EXPIRY_PATH, value, expected),
        )
        return
    proof = evidence(EXPIRY_PATH, f"{value} ({expiry.shown})", expected)
    if expiry.state is times.ExpiryState.EXPIRED:
        yield fail(f"{subject} expired on {expiry.shown}", proof, context=context)
    elif expiry.state is times.ExpiryState.PLACEHOLDER:
        yield fail(
            f"{subject} expires on {expiry.shown}, a placeholder for never", proof, context=context
        )
    else:
        yield passed(f"{subject} expires on {expiry.shown}", proof, context=context)


# Properties that only a key's own GET returns. A key read from a vault's key *listing* carries
# just its attributes and keyUri, and ARM's list response does not carry the rotation policy, so
# "no rotationPolicy" only means "none" on a key that has these.
_KEY_DETAIL_PATHS = (
    "properties.rotationPolicy",
    "properties.kty",
    "properties.keyUriWithVersion",
    "properties.keySize",
    "properties.keyOps",
)


def has_key_details(key: Resource) -> bool:
    return any(key.get(path) is not MISSING for path in _KEY_DETAIL_PATHS)
