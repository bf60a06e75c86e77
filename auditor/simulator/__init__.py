"""An ARM simulator: HTTPS on 127.0.0.1 with ARM's REST semantics, for tests, the demo and the
benchmarks. See docs/simulator.md.

The modules, one job each: `tenant` (the model), `tenant_file` (the file format), `index` (the
tenant pre-serialized for serving), `exchange` (Request/Answer), `policies` (auth, throttling,
faults), `routing` (ARM paths and paging), `graph` (Resource Graph queries), `http` (the HTTPS
server), `server` (lifecycle and composition); `shapes`, `generator` and `demo` build tenants,
`certs` makes the TLS certificates.

    from auditor.simulator import Simulator, SimulatorOptions, generate_tenant

    with Simulator(generate_tenant(2, 3), SimulatorOptions(latency=0.05)) as sim:
        ...  # point a client at sim.url with sim.token, trusting sim.ca_file
"""

from auditor.simulator.demo import demo_tenant
from auditor.simulator.errors import SimulatorError, TenantError
from auditor.simulator.generator import generate_tenant
from auditor.simulator.graph import GraphFault
from auditor.simulator.policies import Fault
from auditor.simulator.server import RequestRecord, Simulator, SimulatorOptions
from auditor.simulator.tenant import Deny, Subscription, Tenant, Throttle
from auditor.simulator.tenant_file import (
    load_tenant,
    save_tenant,
    tenant_document,
    tenant_from_document,
)

__all__ = [
    "Deny",
    "Fault",
    "GraphFault",
    "RequestRecord",
    "Simulator",
    "SimulatorError",
    "SimulatorOptions",
    "Subscription",
    "Tenant",
    "TenantError",
    "Throttle",
    "demo_tenant",
    "generate_tenant",
    "load_tenant",
    "save_tenant",
    "tenant_document",
    "tenant_from_document",
]
