"""AML305: a key vault key should have an expiration date."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.keyvault import epoch_seconds, epoch_to_iso, key_context
from auditor.rule import (
    MISSING,
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
    not_assessed,
    passed,
)

META = RuleMeta(
    id="AML305",
    title="Key vault key has no expiration date",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults/keys",),
    category="data",
    rationale=(
        "A key without an expiration date can stay in use indefinitely, so a key that was "
        "exposed or generated under an older standard is never forced out of service. An expiry "
        "date (with a rotation policy that renews the key before it) bounds the cryptoperiod, "
        "as key-management standards require."
    ),
    remediation=Remediation(
        description=(
            "Set an expiration date on the key, and a rotation policy that creates a new version "
            "before it. A workspace's customer-managed key must be rotated before it expires, or "
            "the workspace can no longer decrypt its data."
        ),
        az="az keyvault key set-attributes --vault-name <vault> --name <key> --expires 2027-01-01T00:00:00Z",
        bicep=(
            "param keyExpiry int = dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))\n"
            "\n"
            "resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {\n"
            "  parent: vault\n"
            "  name: keyName\n"
            "  properties: {\n"
            "    kty: 'RSA'\n"
            "    keySize: 3072\n"
            "    attributes: {\n"
            "      enabled: true\n"
            "      exp: keyExpiry\n"
            "    }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/keys/about-keys-details",
            "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
        ),
        policy=("152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0",),
        mcsb=("DP-6",),
    ),
)

PATH = "properties.attributes.exp"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    context = key_context(resource, ctx)
    expected = "an expiration time (epoch seconds)"
    if value is MISSING or value is None:
        # Keys have no default expiry: absent means the key never expires.
        yield fail(
            f"Key '{resource.name}' never expires",
            evidence(PATH, value, expected, default="never expires"),
            context=context,
        )
        return
    seconds = epoch_seconds(value)
    when = epoch_to_iso(seconds) if seconds is not None else None
    if seconds is None or when is None:
        yield not_assessed(
            f"Key '{resource.name}' has an expiration value that is not a time",
            evidence(PATH, value, expected),
        )
        return
    yield passed(
        f"Key '{resource.name}' expires on {when}",
        evidence(PATH, f"{value} ({when})", expected),
        context=context,
    )


RULE = Rule(META, check)
