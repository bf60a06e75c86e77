"""AML309: the key behind a workspace's customer-managed key must exist, be enabled and not be
about to expire."""

from __future__ import annotations

from datetime import timedelta

from auditor.rulekit import (
    KEYS,
    MISSING,
    WORKSPACES,
    Evidence,
    LookupState,
    Outcome,
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
    not_an_object_on,
    not_assessed,
    passed,
    snippet,
    times,
)

META = RuleMeta(
    id="AML309",
    title="Workspace's customer-managed key is missing, disabled or expiring",
    severity=Severity.CRITICAL,
    resource_types=(WORKSPACES,),
    category="data",
    rationale=(
        "A workspace encrypted with a customer-managed key needs that key for every read of its "
        "encrypted data. A deleted, disabled, expired or not-yet-valid key locks the workspace "
        "out of its own data (jobs, models, indexes); a key expiring within 30 days will do so "
        "soon unless it is rotated. Nothing in Azure Machine Learning warns before that happens. "
        "Severity: critical for a key that is missing, disabled, expired or not yet valid; high "
        "for one that expires within 30 days."
    ),
    remediation=Remediation(
        description=(
            "Recover a deleted key (az keyvault key recover) or re-enable a disabled one. Before "
            "a key expires, create a new key version (or a new key), point the workspace at it, "
            "and give the key a rotation policy so it never lapses again."
        ),
        az=snippet(
            """
            az keyvault key set-attributes --vault-name <vault> --name <key> --enabled true
            az keyvault key rotate --vault-name <vault> --name <key>
            az resource update --ids <workspace-resource-id> --set properties.encryption.keyVaultProperties.keyIdentifier=<new-key-url>
            """
        ),
        bicep=snippet(
            """
            resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
              parent: vault
              name: keyName
              properties: {
                kty: 'RSA'
                keySize: 3072
                attributes: { enabled: true }
                rotationPolicy: {
                  attributes: { expiryTime: 'P1Y' }
                  lifetimeActions: [
                    { trigger: { timeBeforeExpiry: 'P60D' }, action: { type: 'rotate' } }
                  ]
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
            "https://learn.microsoft.com/azure/machine-learning/how-to-setup-customer-managed-keys",
            "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
        ),
        mcsb=("DP-6", "DP-5"),
    ),
    judged_in_templates=True,
)


ATTRIBUTES = "properties.attributes"
ENABLED = f"{ATTRIBUTES}.enabled"
EXPIRES = "properties.attributes.exp"
NOT_BEFORE = "properties.attributes.nbf"
CURRENT_VERSION_URL = "properties.keyUriWithVersion"
WARN_BEFORE = timedelta(days=30)  # a key expiring sooner is a finding


def _judge_key(workspace_name: str, key: Resource, named: Evidence, ctx: RuleContext) -> Outcome:
    blocked = not_an_object_on(key, ENABLED)
    if blocked is not None:  # attributes that are not an object: nothing in them is known
        return not_assessed(
            blocked,
            named,
            evidence(f"{key.id}: {ATTRIBUTES}", MISSING, "an object: enabled, exp, nbf"),
        )
    enabled = key.get(ENABLED)
    exp_value = key.get(EXPIRES)
    nbf_value = key.get(NOT_BEFORE)
    # Epoch seconds, read strictly (times.parse_epoch): true, "Unknown" or a time no calendar
    # holds is not a time. A far-future exp is a working key here (AML305 judges lifetimes).
    # exp and nbf are optional attributes (KeyAttributes: "exp: Expiry date in UTC", "nbf: Not
    # before date in UTC"); null is "not set", as absent is: no expiry, valid from creation. No
    # service default is applied, the key simply carries no such limit.
    exp = times.parse_epoch(exp_value)
    nbf = times.parse_epoch(nbf_value)
    now = ctx.now
    cmk = f"The customer-managed key '{key.name}' of workspace '{workspace_name}'"
    proof: tuple[Evidence, ...] = (
        named,
        evidence(f"{key.id}: {ENABLED}", enabled, "true", default="true"),
        evidence(
            f"{key.id}: {EXPIRES}",
            exp_value if exp is None else f"{exp_value} ({exp.isoformat()})",
            f"later than 30 days after the scan ({ctx.now.date().isoformat()})",
            default="never expires",
        ),
    )
    if nbf_value is not MISSING:
        proof += (evidence(f"{key.id}: {NOT_BEFORE}", nbf_value, "a time before the scan"),)
    if arm.is_false(enabled):
        return fail(f"{cmk} is disabled", *proof)
    # Keys are created enabled unless asked otherwise (`az keyvault key create --disabled`), so
    # an absent `enabled` is on; a null was never set and is not judged as on.
    if enabled is None or (enabled is not MISSING and not arm.is_true(enabled)):
        return not_assessed(f"{cmk} has an enabled attribute that is not a boolean", *proof)
    if exp_value not in (MISSING, None) and exp is None:
        return not_assessed(f"{cmk} has an unreadable expiry", *proof)
    if nbf_value not in (MISSING, None) and nbf is None:
        return not_assessed(f"{cmk} has an unreadable not-before time", *proof)
    if exp is not None and exp <= now:
        return fail(f"{cmk} expired on {exp.isoformat()}", *proof)
    if nbf is not None and nbf > now:
        return fail(
            f"{cmk} is not valid before {nbf.isoformat()}",
            *proof,
        )
    if exp is not None and exp - now <= WARN_BEFORE:
        days = (exp - now).days
        return fail(
            f"{cmk} expires in {days} days ({exp.isoformat()})",
            *proof,
            severity=Severity.HIGH,
        )
    return passed(f"{cmk} is enabled and valid", *proof)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    if not keyvault.uses_cmk(resource):
        return  # no customer-managed key (projects inherit their hub's): nothing to judge here
    subject = f"Workspace '{resource.name}'"
    cmk = f"The customer-managed key of workspace '{resource.name}'"
    vault_id = keyvault.text_at(resource, keyvault.CMK_VAULT)
    key_url = resource.get(keyvault.CMK_KEY)
    key_ref = keyvault.parse_key_identifier(key_url)
    named = evidence(keyvault.CMK_KEY, key_url, "an enabled, unexpired key")
    if vault_id is None or key_ref is None:
        yield not_assessed(
            f"{subject} uses a customer-managed key but its vault id or key URL is missing or "
            "malformed",
            evidence(
                keyvault.CMK_VAULT, resource.get(keyvault.CMK_VAULT), "the key vault's resource id"
            ),
            named,
        )
        return
    if key_ref.vault_name.lower() != arm.name_of(vault_id).lower():
        yield not_assessed(
            f"{subject}: the key URL names vault '{key_ref.vault_name}' but keyVaultArmId names "
            f"'{arm.name_of(vault_id)}', so which key is used is unclear",
            evidence(keyvault.CMK_VAULT, vault_id, "the vault the key URL names"),
            named,
        )
        return
    vault = ctx.resolve(vault_id)
    if vault.state is LookupState.NOT_FOUND:
        yield fail(
            f"{cmk} cannot exist: its vault {vault_id} does not",
            named,
        )
        return
    if vault.state is LookupState.UNREADABLE:
        yield not_assessed(f"{cmk} is in a vault that is unreadable: {vault.reason}", named)
        return
    key_id = keyvault.key_resource_id(vault_id, key_ref.key_name)
    lookup = ctx.resolve(key_id)
    keys_listed = (arm.normalize_id(vault_id), arm.normalize_type(KEYS)) in ctx.inventory.listed
    if lookup.state is LookupState.NOT_FOUND or (
        lookup.state is LookupState.UNKNOWN and keys_listed
    ):
        yield fail(
            f"{cmk} ('{key_ref.key_name}') does not exist in vault "
            f"'{arm.name_of(vault_id)}': the workspace's data cannot be decrypted",
            named,
        )
        return
    if lookup.state is not LookupState.FOUND or lookup.resource is None:
        yield not_assessed(f"{cmk} ({key_id}) cannot be judged: {lookup.reason}", named)
        return
    key = lookup.resource
    current = keyvault.parse_key_identifier(key.get(CURRENT_VERSION_URL))
    pinned = (key_ref.version or "").lower()
    if pinned and (current is None or not current.version):
        # The attributes read are the current version's; which version that is, is unknown.
        yield not_assessed(
            f"{subject} pins key version {key_ref.version}, but the collected key's "
            "keyUriWithVersion is not a key identifier with a version, so whether its "
            "attributes are the pinned version's is unknown",
            named,
            evidence(
                f"{key.id}: {CURRENT_VERSION_URL}",
                key.get(CURRENT_VERSION_URL),
                "the pinned version",
            ),
        )
        return
    if pinned and current and current.version and current.version.lower() != pinned:
        # The attributes read are those of the key's current version, not the pinned one.
        yield not_assessed(
            f"{subject} pins key version {key_ref.version}, but the collected key is version "
            f"{current.version}, so the pinned version's state is unknown",
            named,
            evidence(
                f"{key.id}: {CURRENT_VERSION_URL}",
                key.get(CURRENT_VERSION_URL),
                "the pinned version",
            ),
        )
        return
    yield _judge_key(resource.name, key, named, ctx)


RULE = Rule(META, check)
