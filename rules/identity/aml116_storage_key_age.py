"""AML116: a storage account that allows Shared Key access should rotate its keys and have a
key expiration policy."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    STORAGE_ACCOUNTS,
    Evidence,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Setting,
    Severity,
    evidence,
    fail,
    keyauth,
    not_assessed,
    passed,
    relations,
    snippet,
    times,
)

META = RuleMeta(
    id="AML116",
    title="Storage account keys are old or have no expiration policy",
    severity=Severity.MEDIUM,
    resource_types=(STORAGE_ACCOUNTS,),
    category="identity",
    rationale=(
        "While an account allows Shared Key authorization, its two account keys (and every "
        "SAS signed with them) give full access to its data. keyCreationTime records when each "
        "key was last created or regenerated; a key older than max_age_days has been exposed "
        "for that long. A null keyCreationTime means the key has not been rotated since Azure "
        "began recording the time. A key expiration policy (keyPolicy.keyExpirationPeriodInDays) "
        "makes Azure flag keys past their period; without one nothing reminds anyone to rotate."
    ),
    remediation=Remediation(
        description=(
            "Disallow Shared Key access where you can (AML109). Otherwise set a key expiration "
            "policy and rotate both keys, one at a time, within max_age_days (az storage account "
            "keys renew --key secondary, move clients, then --key primary)."
        ),
        az=("az storage account update --name <account> --resource-group <rg> --key-exp-days 90"),
        bicep=snippet(
            """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: storageName
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_ZRS' }
              properties: {
                allowSharedKeyAccess: false
                keyPolicy: { keyExpirationPeriodInDays: 90 }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/common/storage-account-keys-manage",
            "https://learn.microsoft.com/rest/api/storagerp/storage-accounts/get-properties",
        ),
        mcsb=("IM-8",),
    ),
    settings=(
        Setting("max_age_days", 90, "the most days since a key was created or rotated", minimum=1),
    ),
)

KEY_TIMES = "properties.keyCreationTime"
POLICY = "properties.keyPolicy.keyExpirationPeriodInDays"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    auth = keyauth.storage_account(resource)
    if auth.accepts is None:
        yield not_assessed(auth.why, auth.proof)
        return
    if not auth.accepts:
        return  # no Shared Key access: the keys open nothing
    max_days = ctx.setting("max_age_days")
    problems: list[str] = []
    unknown: list[str] = []
    proofs: list[Evidence] = [auth.proof]
    times_ = resource.get(KEY_TIMES)
    if times_ is MISSING:
        # keyCreationTime and keyPolicy came with the same api-versions (2021 on); a response
        # without keyCreationTime is from an older one, which says nothing of either.
        yield not_assessed(
            f"Storage account '{resource.name}': keyCreationTime is not in the response (an "
            "api-version before keys' creation times and key policies were returned), so the "
            "keys' age and policy are unknown",
            auth.proof,
            evidence(KEY_TIMES, times_, "the creation time of key1 and key2"),
        )
        return
    if not isinstance(times_, dict):
        unknown.append("keyCreationTime is not readable")
        proofs.append(evidence(KEY_TIMES, times_, "the creation time of key1 and key2"))
    else:
        for key in ("key1", "key2"):
            path = f"{KEY_TIMES}.{key}"
            value = resource.get(path)
            proofs.append(evidence(path, value, f"within {max_days} days"))
            when = times.parse_datetime(value)
            if value is None:
                problems.append(f"{key} has not been rotated since Azure began recording")
            elif value is MISSING:
                unknown.append(f"{key}'s creation time is not in the response")
            elif when is None:
                unknown.append(f"{key}'s creation time {value!r} is not a time")
            elif (ctx.now - when).days > max_days:
                problems.append(f"{key} is {times.whole_days(ctx.now - when)} days old")
    period = resource.get(POLICY)
    proofs.append(evidence(POLICY, period, "a key expiration period in days"))
    if period is MISSING or period is None:
        problems.append("there is no key expiration policy")
    elif isinstance(period, bool) or not isinstance(period, int) or period < 1:
        unknown.append(f"keyExpirationPeriodInDays {period!r} is not a number of days")
    elif period > max_days:
        problems.append(f"the key expiration period ({period} days) is longer than {max_days}")
    name = f"Storage account '{resource.name}'"
    context = relations.used_by("used by workspace", _workspaces(resource, ctx))
    if problems:
        yield fail(
            f"{name} allows Shared Key access and " + "; ".join(problems), *proofs, context=context
        )
    elif unknown:
        yield not_assessed(f"{name}: " + "; ".join(unknown), *proofs)
    else:
        yield passed(
            f"{name}'s keys are younger than {max_days} days and expire by policy",
            *proofs,
            context=context,
        )


def _workspaces(resource: Resource, ctx: RuleContext) -> list[Resource]:
    return relations.workspaces_naming(ctx, "properties.storageAccount", resource.id)


RULE = Rule(META, check)
