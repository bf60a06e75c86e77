"""AML313: a connection that stores a secret should say when that secret expires."""

from __future__ import annotations

from auditor.rulekit import (
    CONNECTIONS,
    MISSING,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    connections,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
    times,
)

META = RuleMeta(
    id="AML313",
    title="Connection with a stored secret has no expiry time",
    severity=Severity.LOW,
    resource_types=(CONNECTIONS,),
    category="data",
    rationale=(
        "A stored key, token or password without an expiry time is never flagged for renewal: "
        "it is kept long after the person who created it has moved on, and a leaked one stays "
        "useful. Recording expiryTime makes the credential's lifetime visible and reviewable."
    ),
    remediation=Remediation(
        description=(
            "Prefer identity-based authentication. Otherwise use a credential that expires (a "
            "SAS or PAT with an end date), record that date in the connection's expiryTime, and "
            "renew the connection before it."
        ),
        az=(
            "az rest --method put --url 'https://management.azure.com<connection-resource-id>"
            "?api-version=2024-10-01' --body @connection.json"
            "  # the connection with its credentials and properties.expiryTime"
        ),
        bicep=snippet(
            """
            resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
              parent: workspace
              name: connectionName
              properties: {
                category: 'AzureBlob'
                target: 'https://${storageName}.blob.core.windows.net/${container}'
                authType: 'SAS'
                credentials: { sas: sasToken }
                expiryTime: '2027-01-01T00:00:00Z'
                isSharedToAll: false
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/how-to-connection",),
        mcsb=("IM-8",),
    ),
    judged_in_templates=True,
)


AUTH_TYPE = "properties.authType"
EXPIRY = "properties.expiryTime"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    auth_type = resource.get(AUTH_TYPE)
    kind = connections.auth_kind(auth_type)
    subject = f"Connection '{resource.name}'"
    auth_ev = evidence(AUTH_TYPE, auth_type, "an identity-based authType, or an expiry time")
    if kind is connections.AuthKind.IDENTITY:
        return  # no stored secret to expire
    if kind is not connections.AuthKind.SECRET:
        why = (
            "has no authType"
            if kind is connections.AuthKind.ABSENT
            else "has an authType this rule does not know"
        )
        yield not_assessed(f"{subject} {why}, so whether it stores a secret is unknown", auth_ev)
        return
    value = resource.get(EXPIRY)
    # expiryTime is a date-time (WorkspaceConnectionPropertiesV2, REST reference). Read
    # strictly: "Unknown", 0, [] or {} is not a time (not assessed, never a pass); a past time
    # has expired; 9999-12-31 and anything over a century away stand for "never"
    # (auditor/rulekit/times.py). A blank string, as the portal leaves it, records nothing.
    if isinstance(value, str) and not value.strip():
        value = MISSING
    expiry = times.judge_expiry(value, times.parse_datetime(value), ctx.now)
    shown = value if expiry.when is None else f"{value} ({expiry.shown})"
    expiry_ev = evidence(
        EXPIRY,
        resource.get(EXPIRY) if value is MISSING else shown,
        "a date-time after the scan, within a century",
        default="none: never expires",
    )
    stores = f"{subject} stores a credential (authType {auth_type})"
    if expiry.state is times.ExpiryState.NEVER:
        yield fail(f"{stores} with no expiry time", auth_ev, expiry_ev)
    elif expiry.state is times.ExpiryState.UNREADABLE:
        yield not_assessed(
            f"{subject} has an expiryTime that is not a date-time ({value!r})", auth_ev, expiry_ev
        )
    elif expiry.state is times.ExpiryState.EXPIRED:
        yield fail(f"{stores} that expired on {expiry.shown}", auth_ev, expiry_ev)
    elif expiry.state is times.ExpiryState.PLACEHOLDER:
        yield fail(
            f"{stores} whose expiry time {expiry.shown} is a placeholder for never",
            auth_ev,
            expiry_ev,
        )
    else:
        yield passed(
            f"{subject} records when its credential (authType {auth_type}) expires",
            auth_ev,
            expiry_ev,
        )


RULE = Rule(META, check)
