"""The simulator's errors: the CLI turns them into one-line messages and exit code 2."""

from auditor.core.errors import AuditorError


class SimulatorError(AuditorError):
    """The simulator cannot start or was configured wrongly."""


class TenantError(SimulatorError):
    """A tenant description (a tenant file, or code building one) is invalid."""
