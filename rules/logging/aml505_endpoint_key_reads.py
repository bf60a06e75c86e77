"""AML505: endpoint keys read by callers that are not the endpoint's known clients."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_ENDPOINTS,
    SERVERLESS_ENDPOINTS,
    LookupState,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Setting,
    Severity,
    access,
    activity,
    evidence,
    fail,
    keyauth,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML505",
    title="Endpoint keys read by callers outside the allow-list",
    severity=Severity.INFO,
    resource_types=(ONLINE_ENDPOINTS, SERVERLESS_ENDPOINTS),
    category="logging",
    rationale=(
        "Every listKeys (or token) call on a key-auth endpoint hands its keys to the caller. The "
        "Activity Log records each call with the caller's name and object id for 90 days; "
        "reading it shows who actually took the keys, not only who could (AML117). Without an "
        "allow-list the rule reports the readers it saw at info severity, for review; with "
        "allowed_callers set (user principal names, app ids or object ids of the endpoint's "
        "known clients and deployment pipelines) a read by anyone else fails at medium."
    ),
    remediation=Remediation(
        description=(
            "Find out why each unexpected caller read the keys; regenerate the keys if the read "
            "was not legitimate. Remove the listKeys permission from principals that should not "
            "hold it (AML117), and move clients to Entra ID authentication (AML101, AML103)."
        ),
        az=(
            "az monitor activity-log list --resource-id <endpoint-resource-id> --offset 90d "
            "--query \"[?contains(operationName.value, 'listKeys')].[eventTimestamp, caller]\""
        ),
        bicep=snippet(
            """
            // Reads are calls, not configuration: remove the need for keys instead.
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
              parent: workspace
              name: endpointName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                authMode: 'AADToken'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema",
            "https://learn.microsoft.com/rest/api/azureml/online-endpoints/list-keys",
        ),
        mcsb=("LT-1", "IM-8"),
    ),
    settings=(
        Setting(
            "allowed_callers",
            (),
            "callers (UPN, app id or object id, any case) expected to read endpoint keys; "
            "when set, a read by anyone else fails at medium severity",
        ),
    ),
)

READS = access.READS_EVIDENCE


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    auth = keyauth.endpoint(resource)
    if auth.accepts is None:
        yield not_assessed(auth.why, auth.proof)
        return
    if not auth.accepts:
        return
    name = f"endpoint '{resource.name}'"
    window = activity.window_for(ctx, resource.id)
    if window.state is not LookupState.FOUND:
        yield not_assessed(f"The key reads of {name} cannot be told: {window.reason}")
        return
    allowed = {a.lower() for a in ctx.setting("allowed_callers")}
    reads = activity.key_reads(ctx, resource.id)
    expected = "reads only by: " + ", ".join(sorted(allowed)) if allowed else "reads reviewed"
    if not reads:
        yield passed(
            f"No keys of {name} were read in the {window.days} days the Activity Log covers",
            evidence(READS, f"none in {window.describe()}", expected),
        )
        return
    unexpected = [
        e
        for e in reads
        if e.caller.lower() not in allowed and e.caller_object_id.lower() not in allowed
    ]
    proof = evidence(READS, activity.reads_by_caller(reads), expected)
    if not unexpected:
        yield passed(f"The keys of {name} were read only by allowed callers", proof)
        return
    callers = sorted({e.who for e in unexpected})
    outside = " outside the allow-list" if allowed else ""
    yield fail(
        f"The keys of {name} were read {len(unexpected)} time(s){outside} in "
        f"the {window.days} days the Activity Log covers, by {', '.join(callers)}",
        proof,
        evidence("allowed_callers", sorted(allowed), "the endpoint's known clients"),
        severity=Severity.MEDIUM if allowed else None,
    )


RULE = Rule(META, check)
