"""ARM's read routes over a TenantIndex: subscriptions, resource groups, resources by id and
collections of child types, with ARM's 403/404 codes and absolute `nextLink` paging."""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from auditor.inventory import arm
from auditor.inventory.resource_types import (
    ACTIVITY_LOG_EVENTS,
    DIAGNOSTIC_SETTINGS,
    RESOURCE_GROUPS,
    SUBSCRIPTIONS,
)
from auditor.simulator.activity import BadFilter
from auditor.simulator.exchange import Answer, Request, error
from auditor.simulator.index import TenantIndex

_DIAGNOSTIC_SETTINGS = DIAGNOSTIC_SETTINGS.lower()
_GROUP_READ = "Microsoft.Resources/subscriptions/resourceGroups/read"
_ACTIVITY_LOG_PATH = ["providers", "microsoft.insights", "eventtypes", "management", "values"]
_EVENTS = ACTIVITY_LOG_EVENTS.lower()


class Router:
    """Answers a GET that passed the policies (so it has an api-version). `base_url` starts the
    `nextLink`s, which clients follow as they are."""

    def __init__(
        self, index: TenantIndex, page_size: int, base_url: str, activity_log_page_size: int = 200
    ) -> None:
        self.index = index
        self.page_size = page_size
        self.activity_log_page_size = activity_log_page_size
        self.base_url = base_url

    def route(self, request: Request) -> Answer:
        index, path, segments = self.index, request.path, request.segments
        version = request.query["api-version"]
        lowered = [s.lower() for s in segments]
        if not segments or lowered[0] != "subscriptions":
            return _invalid_type(path, version)
        if len(segments) == 1:
            items = [index.subscription_json[k] for k in index.subscriptions]
            return Answer(200, self._page(request, items, count=True))
        sub_key = lowered[1]
        if sub_key not in index.subscriptions:
            return error(
                404,
                "SubscriptionNotFound",
                f"The subscription '{segments[1]}' could not be found.",
            )
        if len(segments) == 2:
            return Answer(200, index.subscription_json[sub_key])
        normalized = "/" + "/".join(lowered)
        if lowered[2:] == _ACTIVITY_LOG_PATH:
            return self._activity_log(request, sub_key)
        if lowered[2] == "resourcegroups":
            if len(segments) == 3:
                scope = f"/subscriptions/{sub_key}"
                if index.denied_listing(scope, RESOURCE_GROUPS.lower()):
                    return _forbidden(_GROUP_READ, path)
                groups = [index.group_json[g] for g in index.groups_of.get(sub_key, [])]
                return Answer(200, self._page(request, groups))
            group_id = "/".join(normalized.split("/")[:5])
            if index.denied_resource(group_id, RESOURCE_GROUPS):
                return _forbidden(_GROUP_READ, path)
            if group_id not in index.group_json:
                return error(
                    404,
                    "ResourceGroupNotFound",
                    f"Resource group '{segments[3]}' could not be found.",
                )
            if len(segments) == 4:
                return Answer(200, index.group_json[group_id])
        if "providers" not in lowered:
            return _invalid_type(path, version)
        last = len(lowered) - 1 - lowered[::-1].index("providers")
        after = len(lowered) - last - 1  # namespace, type, name, type, name, ...
        if after < 2:
            return _invalid_type(path, version)
        if after % 2 == 1:  # namespace + (type, name) pairs: one resource
            return self._resource(request, normalized)
        return self._collection(request, normalized, last)

    def _resource(self, request: Request, normalized: str) -> Answer:
        rtype = arm.type_of(normalized) or ""
        if rtype.lower() not in self.index.known_types:
            return _invalid_type(request.path, request.query["api-version"])
        if self.index.denied_resource(normalized, rtype):
            return _forbidden(f"{rtype}/read", request.path)
        body = self.index.by_id.get(normalized)
        if body is None:
            return _not_found(rtype, request.segments)
        return Answer(200, body)

    def _collection(self, request: Request, normalized: str, providers_at: int) -> Answer:
        """A list: its parent is the scope before `providers` or the resource the path ends in."""
        index, path = self.index, request.path
        if len(request.segments) - providers_at - 1 == 2:
            parent = "/".join(normalized.split("/")[: providers_at + 1])
        else:
            parent = normalized.rsplit("/", 1)[0]
        child_type = (arm.type_of(normalized + "/x") or "").lower()
        if child_type not in index.known_types:
            return _invalid_type(path, request.query["api-version"])
        if index.denied_listing(parent, child_type):
            return _forbidden(f"{arm.type_of(path + '/x')}/read", path)
        parent_type = arm.type_of(parent)
        if parent_type == SUBSCRIPTIONS:
            parent_exists = True
        elif parent_type == RESOURCE_GROUPS:
            parent_exists = parent in index.group_json
        else:
            parent_exists = parent in index.by_id
        if not parent_exists:
            return _not_found(parent_type or "", parent.split("/")[1:])
        items = index.listing(parent, child_type)
        if child_type == _DIAGNOSTIC_SETTINGS:  # DiagnosticSettings_List is not pageable
            return Answer(200, b'{"value":[' + b",".join(items) + b"]}")
        return Answer(200, self._page(request, items))

    def _activity_log(self, request: Request, sub_key: str) -> Answer:
        """ActivityLogs_List: `$filter` required and narrow (400 otherwise), `$select`, paged."""
        scope = f"/subscriptions/{sub_key}"
        if self.index.denied_listing(scope, _EVENTS):
            return _forbidden("Microsoft.Insights/eventtypes/values/read", request.path)
        try:
            items = self.index.activity[sub_key].query(
                request.query.get("$filter"), request.query.get("$select")
            )
        except BadFilter as exc:
            return error(400, "BadRequest", f"The $filter is not valid: {exc}.")
        page = self._page(
            request, items, keep=("$filter", "$select"), size=self.activity_log_page_size
        )
        return Answer(200, page)

    def _page(
        self,
        request: Request,
        items: Sequence[bytes],
        count: bool = False,
        keep: tuple[str, ...] = (),
        size: int | None = None,
    ) -> bytes:
        """One page of `items` from `$skiptoken` (an offset), `$top` lowering the page size, with
        an absolute nextLink that keeps the api-version, `$top` and the `keep` parameters when
        more are left."""
        query = request.query
        size = size or self.page_size
        top = query.get("$top")
        if top and top.isdigit() and int(top) > 0:
            size = min(size, int(top))
        token = query.get("$skiptoken", "0")
        start = int(token) if token.isdigit() else 0
        chunk = items[start : start + size]
        head = b'{"count":{"type":"Total","value":%d},' % len(items) if count else b"{"
        body = head + b'"value":[' + b",".join(chunk) + b"]"
        if start + size < len(items):
            parts = [("api-version", query["api-version"])]
            parts += [(name, query[name]) for name in keep if query.get(name)]
            if top:
                parts.append(("$top", top))
            parts.append(("$skiptoken", str(start + size)))
            encoded = "&".join(f"{k}={quote(v, safe='')}" for k, v in parts)
            link = f"{self.base_url}{request.path}?{encoded}"
            body += b',"nextLink":' + json.dumps(link).encode("utf-8")
        return body + b"}"


def _forbidden(action: str, scope: str) -> Answer:
    return error(
        403,
        "AuthorizationFailed",
        "The client 'aml-audit-simulator' with object id '00000000-0000-0000-0000-000000000000' "
        f"does not have authorization to perform action '{action}' over scope '{scope}' or the "
        "scope is invalid. If access was recently granted, please refresh your credentials.",
    )


def _not_found(resource_type: str, segments: Sequence[str]) -> Answer:
    group = segments[3] if len(segments) > 3 else ""
    name = "/".join(segments[-1:])
    return error(
        404,
        "ResourceNotFound",
        f"The Resource '{resource_type}/{name}' under resource group '{group}' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


def _invalid_type(path: str, version: str) -> Answer:
    parts = [s for s in path.split("/") if s]
    lowered = [s.lower() for s in parts]
    namespace, rtype = "", path
    if "providers" in lowered:
        p = len(lowered) - 1 - lowered[::-1].index("providers")
        rest = parts[p + 1 :]
        namespace = rest[0] if rest else ""
        rtype = "/".join(rest[1::2]) if len(rest) > 1 else ""
    return error(
        404,
        "InvalidResourceType",
        f"The resource type '{rtype}' could not be found in the namespace '{namespace}' for api "
        f"version '{version}'.",
    )
