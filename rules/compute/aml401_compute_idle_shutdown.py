"""AML401: a compute instance should shut itself down when idle or on a schedule."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.rulekit import (
    COMPUTES,
    MISSING,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    compute_instances,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
    times,
)

META = RuleMeta(
    id="AML401",
    title="Compute instance never shuts down on its own",
    severity=Severity.LOW,
    resource_types=(COMPUTES,),
    category="compute",
    rationale=(
        "A compute instance that runs around the clock keeps its Jupyter, VS Code and SSH "
        "endpoints, its user's credentials and tokens, and any data on its disk reachable "
        "when nobody is using it - and it costs money. Idle shutdown (or a stop schedule) "
        "limits that window to the hours the instance is actually used."
    ),
    remediation=Remediation(
        description=(
            "Set an idle shutdown time (between 15 minutes and 3 days) on the instance, or a "
            "schedule that stops it every evening."
        ),
        az=(
            "az rest --method post --url 'https://management.azure.com<compute-resource-id>"
            "/updateIdleShutdownSetting?api-version=2024-10-01' "
            '--body \'{"idleTimeBeforeShutdown": "PT60M"}\''
        ),
        bicep=snippet(
            """
            resource instance 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: instanceName
              location: location
              properties: {
                computeType: 'ComputeInstance'
                properties: {
                  vmSize: 'Standard_DS3_v2'
                  idleTimeBeforeShutdown: 'PT60M'
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown",
            "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#schedule-automatic-start-and-stop",
        ),
        policy=("679ddf89-ab8f-48a5-9029-e76054077449",),
        # MCSB maps no control to policy 679ddf89; PV-4 (secure configuration of compute
        # resources) is the closest fit for limiting when an instance is exposed.
        mcsb=("PV-4",),
    ),
    judged_in_templates=True,
)


IDLE = "properties.properties.idleTimeBeforeShutdown"
SCHEDULES = "properties.properties.schedules.computeStartStop"


STATUS_DEFAULT = "Enabled"


@dataclass(frozen=True)
class StopSchedules:
    """The compute's schedules whose action is Stop, by what their status says."""

    enabled: tuple[int, ...] = ()  # status Enabled, or absent (the default)
    defaulted: tuple[int, ...] = ()  # of those, the ones with no status
    unreadable: tuple[tuple[int, object], ...] = ()  # status null or not Enabled/Disabled


def _stop_schedules(schedules: object) -> StopSchedules:
    """Schedules whose action is Stop, by status. A schedule without a status is enabled: the
    SDK creates them so (azure-ai-ml ComputeStartStopSchedule: `state=ScheduleState.ENABLED`),
    and the evidence says the default was applied. A null status was never set and any other
    value is not one of ScheduleStatus (Enabled, Disabled): neither counts as enabled."""
    if not isinstance(schedules, list):
        return StopSchedules()
    enabled: list[int] = []
    defaulted: list[int] = []
    unreadable: list[tuple[int, object]] = []
    for index, schedule in enumerate(schedules):
        if not isinstance(schedule, dict) or not arm.equals_ci(
            arm.get_path(schedule, "action"), "Stop"
        ):
            continue
        status = arm.get_path(schedule, "status")
        if status is MISSING:
            enabled.append(index)
            defaulted.append(index)
        elif arm.equals_ci(status, "Enabled"):
            enabled.append(index)
        elif not arm.equals_ci(status, "Disabled"):
            unreadable.append((index, status))
    return StopSchedules(tuple(enabled), tuple(defaulted), tuple(unreadable))


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    idle = resource.get(IDLE)
    schedules = resource.get(SCHEDULES)
    stops = _stop_schedules(schedules)
    idle_ev = evidence(IDLE, idle, "an ISO 8601 duration such as PT60M", default="none")
    schedule_ev = evidence(
        SCHEDULES, schedules, "an enabled schedule with action Stop", default="none"
    )
    defaulted_ev = tuple(
        evidence(f"{SCHEDULES}[{i}].status", MISSING, "Enabled", default=STATUS_DEFAULT)
        for i in stops.defaulted
    )
    # idleTimeBeforeShutdown is an ISO 8601 duration, read strictly: "Unknown" or "60" is not
    # one, and a blank string (as exports leave it) sets none.
    blank = idle is MISSING or idle is None or (isinstance(idle, str) and not idle.strip())
    duration = None if blank else times.parse_duration(idle)
    if duration is not None and duration.total_seconds() > 0:
        how = f"after {str(idle).strip()} idle"
        yield passed(f"Compute instance '{resource.name}' shuts down {how}", idle_ev, schedule_ev)
    elif stops.enabled:
        how = f"on {len(stops.enabled)} stop schedule(s)"
        yield passed(
            f"Compute instance '{resource.name}' shuts down {how}",
            idle_ev,
            schedule_ev,
            *defaulted_ev,
        )
    elif not blank:
        yield not_assessed(
            f"Compute instance '{resource.name}' has an idleTimeBeforeShutdown that is not a "
            f"positive ISO 8601 duration ({idle!r}), and no stop schedule",
            idle_ev,
            schedule_ev,
        )
    elif stops.unreadable:
        statuses = ", ".join(f"computeStartStop[{i}] {v!r}" for i, v in stops.unreadable)
        yield not_assessed(
            f"Compute instance '{resource.name}' has no idle shutdown, and stop schedules whose "
            f"status is neither Enabled nor Disabled ({statuses}), so whether they run is unknown",
            idle_ev,
            schedule_ev,
        )
    else:
        yield fail(
            f"Compute instance '{resource.name}' has neither idle shutdown nor a stop schedule",
            idle_ev,
            schedule_ev,
        )


# Clusters scale to zero by themselves; attached computes are managed elsewhere.
RULE = Rule(META, compute_instances(check))
