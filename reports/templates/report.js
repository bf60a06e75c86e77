// The findings browser of the aml-audit HTML report. It builds DOM nodes from the JSON blob with
// textContent only (never innerHTML): resource names, tags and messages are attacker-controlled.
// Layout of the blob: see auditor/reporters/html.py.
(function () {
  "use strict";
  var started = performance.now();

  var PAGE = 500; // findings rendered per "show more": keeps a filter over 10,000 results quick
  var STATUS_LABEL = { fail: "fail", not_assessed: "not assessed", suppressed: "suppressed", pass: "pass" };
  var STATUS_RANK = { fail: 0, not_assessed: 1, suppressed: 2, pass: 3 };

  var data = JSON.parse(document.getElementById("report-data").textContent);
  var SEVERITY = data.severities; // index = severity value, 0 = info
  var types = data.types.map(function (t) { return { type: t[0], label: t[1] }; });
  var rules = data.rules.map(function (r, i) {
    return { index: i, id: r[0], title: r[1], severity: r[2], category: r[3] };
  });
  var rulesById = {};
  rules.forEach(function (r) { rulesById[r.id] = r; });
  var nodes = data.nodes.map(function (n, i) {
    return { index: i, id: n[0], name: n[1], type: types[n[2]], parent: n[3], kind: n[4], location: n[5], children: [] };
  });
  var roots = [];
  nodes.forEach(function (n) { (n.parent >= 0 ? nodes[n.parent].children : roots).push(n); });
  var results = data.results.map(function (r, i) {
    return {
      index: i, rule: rules[r[0]], node: nodes[r[1]], severity: r[2], status: data.statuses[r[3]],
      type: types[r[4]], message: r[5], evidence: r[6], fingerprint: r[7], baseline: r[8],
      suppression: r[9], context: r[10], firstSeen: r[11], hay: null
    };
  });
  // Failing first, then not assessed, suppressed, passing; within each, most severe first, then
  // by rule: every list keeps this order.
  function rank(r) { return STATUS_RANK[r.status] * 16 + (15 - r.severity); }
  results.sort(function (a, b) {
    return rank(a) - rank(b) || a.rule.index - b.rule.index || a.index - b.index;
  });

  var form = document.getElementById("filters");
  var view = document.getElementById("view");
  var countLine = document.getElementById("match-count");
  var state = { view: "resource", limit: PAGE, matched: [], filters: null };

  // ---- small DOM helpers ----------------------------------------------------------------------
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sevBadge(severity) { return el("span", "sev sev-" + SEVERITY[severity], SEVERITY[severity]); }
  function statusBadge(status) { return el("span", "st st-" + status, STATUS_LABEL[status]); }
  function ruleLink(rule) {
    var a = el("a", "rule-link", rule.id);
    a.href = "#rule-" + rule.id;
    a.setAttribute("data-rule-link", rule.id);
    return a;
  }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // ---- filtering ----------------------------------------------------------------------------
  function haystack(r) {
    if (r.hay === null) {
      var parts = [r.rule.id, r.rule.title, r.node.name, r.node.id, r.type.type, r.type.label,
        r.message, r.fingerprint, STATUS_LABEL[r.status]];
      r.evidence.forEach(function (e) { parts.push(e[0], e[1], e[2]); });
      r.context.forEach(function (c) { parts.push(c); });
      if (r.suppression) parts.push(r.suppression[0]);
      r.hay = parts.join("\n").toLowerCase();
    }
    return r.hay;
  }

  function readFilters() {
    var checked = function (name) {
      var values = {};
      form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (i) { values[i.value] = true; });
      return values;
    };
    var severities = checked("severity");
    return {
      severity: SEVERITY.map(function (label) { return !!severities[label]; }),
      status: checked("status"),
      type: form.elements.type.value,
      baseline: form.elements.baseline ? form.elements.baseline.value : "",
      terms: form.elements.q.value.toLowerCase().split(/\s+/).filter(Boolean)
    };
  }

  function matching(f) {
    return results.filter(function (r) {
      if (!f.severity[r.severity] || !f.status[r.status]) return false;
      if (f.type && r.type.type !== f.type) return false;
      if (f.baseline && r.baseline !== f.baseline) return false;
      if (f.terms.length) {
        var hay = haystack(r);
        for (var i = 0; i < f.terms.length; i++) if (hay.indexOf(f.terms[i]) < 0) return false;
      }
      return true;
    });
  }

  // ---- one finding --------------------------------------------------------------------------
  function findingEl(r, inRuleView) {
    var d = el("details", "finding st-" + r.status);
    d.setAttribute("data-index", r.index);
    d.setAttribute("data-rule", r.rule.id);
    d.setAttribute("data-resource", r.node.id);
    d.setAttribute("data-status", r.status);
    d.setAttribute("data-severity", SEVERITY[r.severity]);
    var s = el("summary");
    s.append(sevBadge(r.severity), statusBadge(r.status));
    s.append(el("span", "rule-id", r.rule.id));
    if (inRuleView) {
      s.append(el("span", "res-name", r.node.name));
      s.append(el("span", "type", r.node.type.label));
    }
    s.append(el("span", "msg", r.message));
    if (r.baseline) s.append(el("span", "badge badge-" + r.baseline, r.baseline));
    if (r.firstSeen) s.append(el("span", "badge badge-known", "open since " + r.firstSeen));
    d.append(s);
    return d;
  }

  function fact(dl, term, value) {
    var row = el("div");
    row.append(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.append(value); else dd.textContent = value;
    row.append(dd);
    dl.append(row);
  }

  function findingBody(r, inRuleView) {
    var body = el("div", "finding-body");
    var facts = el("dl", "facts");
    var rule = el("span");
    rule.append(ruleLink(r.rule), document.createTextNode(" " + r.rule.title));
    fact(facts, "Rule", rule);
    var res = el("span");
    res.append(el("span", "name", r.node.name), document.createTextNode(" "),
      el("span", "type", r.node.type.label), el("code", "rid", r.node.id));
    fact(facts, "Resource", res);
    if (r.node.location) fact(facts, "Read from", el("code", "rid", r.node.location));
    fact(facts, "Fingerprint", el("code", null, r.fingerprint));
    body.append(facts);

    if (r.evidence.length) {
      var table = el("table", "evidence");
      var head = el("tr");
      ["Path", "Observed", "Expected"].forEach(function (h) {
        var th = el("th", null, h); th.scope = "col"; head.append(th);
      });
      table.appendChild(el("thead")).appendChild(head);
      var tbody = el("tbody");
      r.evidence.forEach(function (e) {
        var tr = el("tr");
        // Red only where the value is what the rule objects to: an observed value that equals
        // the expected one is shown as matching, even on a failing finding.
        var same = String(e[1]).toLowerCase() === String(e[2]).toLowerCase();
        var verdict = same ? " match" : r.status === "fail" ? " mismatch" : "";
        tr.appendChild(el("td")).appendChild(el("code", null, e[0]));
        tr.appendChild(el("td", "observed" + verdict)).appendChild(el("code", null, e[1]));
        tr.appendChild(el("td", "expected")).appendChild(el("code", null, e[2]));
        tbody.append(tr);
      });
      table.append(tbody);
      body.append(table);
    }
    if (r.context.length) {
      var ul = el("ul", "context");
      r.context.forEach(function (c) { ul.append(el("li", null, c)); });
      body.append(ul);
    }
    if (r.suppression) {
      var p = el("p", "suppression-note");
      p.append(el("strong", null, "Suppressed: "), document.createTextNode(r.suppression[0]));
      p.append(document.createTextNode(r.suppression[1] ? " — until " + r.suppression[1] : " — no expiry"));
      if (r.suppression[2]) p.append(document.createTextNode(" (" + r.suppression[2] + ")"));
      body.append(p);
    }
    if (r.baseline) {
      body.append(el("p", "baseline-note", r.baseline === "new"
        ? "New: this result was not failing in the baseline."
        : "Known: this result was already failing in the baseline."));
    }
    if (!inRuleView) body.append(ruleInfo(r.rule, r));
    return body;
  }

  // The rule's metadata. For a finding someone has to fix (`r`, failing or suppressed), its az
  // command names the finding's own resource where the id answers a placeholder.
  function ruleInfo(rule, r) {
    var tpl = document.getElementById("tpl-rule-" + rule.id);
    if (!tpl) return el("p", "muted", "No metadata for rule " + rule.id + ".");
    var info = tpl.content.cloneNode(true);
    var code = r && (r.status === "fail" || r.status === "suppressed")
      ? info.querySelector("code.lang-sh") : null;
    if (code) code.textContent = fillPlaceholders(code.textContent, r.node.id);
    return info;
  }

  // ---- a remediation command for one resource ---------------------------------------------
  // Filled as a finding opens, not when the report is written: an estate's page would otherwise
  // carry 80,000 commands. What an az placeholder names, as the id segments (resource types,
  // lower case) it is read from. Only placeholders whose meaning is certain are here: <pe-name>,
  // <subnet>, <key-uri> or <log-analytics-workspace-id> are the user's choice and stay as written.
  var NAMED_BY_SEGMENT = {
    "workspace": ["workspaces"],
    "endpoint": ["onlineendpoints", "batchendpoints", "serverlessendpoints"],
    "serverless-endpoint": ["serverlessendpoints"],
    "deployment": ["deployments"],
    "compute": ["computes"],
    "cluster": ["computes"],
    "instance": ["computes"],
    "connection": ["connections"],
    "vault": ["vaults"],
    "key": ["keys"],
    "secret": ["secrets"],
    "registry": ["registries"],
    "account": ["storageaccounts", "accounts"]
  };
  var PLACEHOLDER = /<([a-z][a-z0-9-]*)>/g;
  // A value pasted into a shell command: names and ids only, never quoting or expansion characters.
  var SAFE_NAME = /^[A-Za-z0-9._()-]+$/;
  var SAFE_ID = /^[A-Za-z0-9\/._()-]+$/;
  function own(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }

  // The id segment types a placeholder is read from, and whether it wants an id (<vault-id>,
  // <vault-resource-id>) rather than a name (<vault>); null for the user's own choices.
  function placeholderMeaning(placeholder) {
    var kind = placeholder, wantsId = false;
    var suffixes = ["-resource-id", "-id"];
    for (var i = 0; i < suffixes.length; i++) {
      var stem = placeholder.slice(0, -suffixes[i].length);
      if (placeholder.endsWith(suffixes[i]) && own(NAMED_BY_SEGMENT, stem)) {
        kind = stem; wantsId = true;
        break;
      }
    }
    return own(NAMED_BY_SEGMENT, kind) ? { types: NAMED_BY_SEGMENT[kind], wantsId: wantsId } : null;
  }

  // An id split once into the (type, name) pairs placeholders are read from: where each segment
  // type stands after the last "providers".
  function idSegments(resourceId) {
    var trimmed = resourceId.replace(/^\/+|\/+$/g, "");
    var parts = trimmed.split("/"), lowered = trimmed.toLowerCase().split("/");
    var provider = lowered.lastIndexOf("providers");
    var at = Object.create(null);
    for (var i = provider < 0 ? lowered.length : provider + 2; i < lowered.length - 1; i += 2) {
      (at[lowered[i]] = at[lowered[i]] || []).push(i);
    }
    return { parts: parts, at: at };
  }

  // The value a placeholder stands for: a name, or an id cut after that segment; null when the
  // id does not hold exactly one such segment, or the value is not a plain name or id.
  function segmentValue(segments, placeholder) {
    var meaning = placeholderMeaning(placeholder);
    if (!meaning) return null;
    var found = [];
    meaning.types.forEach(function (t) { found = found.concat(segments.at[t] || []); });
    if (found.length !== 1) return null;
    var value = meaning.wantsId
      ? "/" + segments.parts.slice(0, found[0] + 2).join("/")
      : segments.parts[found[0] + 1];
    return (meaning.wantsId ? SAFE_ID : SAFE_NAME).test(value) ? value : null;
  }

  function resourceGroupOf(resourceId) {
    var parts = resourceId.trim().split("/").filter(Boolean);
    return parts.length >= 4 && parts[2].toLowerCase() === "resourcegroups" ? parts[3] : null;
  }

  // `command` with the placeholders that `resourceId` answers filled in. <rg> is filled only on a
  // line whose every other placeholder was filled from the id: only then is it certain that the
  // command acts on this resource (a private endpoint's group or another vault's is not).
  function fillPlaceholders(command, resourceId) {
    if (command.indexOf("<") < 0) return command;
    var segments = idSegments(resourceId), values = Object.create(null);
    return command.split("\n").map(function (line) {
      var filledAny = false, left = Object.create(null);
      var filled = line.replace(PLACEHOLDER, function (text, placeholder) {
        if (!(placeholder in values)) values[placeholder] = segmentValue(segments, placeholder);
        var value = values[placeholder];
        if (value === null) { left[placeholder] = true; return text; }
        filledAny = true;
        return value;
      });
      var unfilled = Object.keys(left);
      if (filledAny && unfilled.length === 1 && unfilled[0] === "rg") {
        var group = resourceGroupOf(resourceId);
        if (group && SAFE_NAME.test(group)) filled = filled.split("<rg>").join(group);
      }
      return filled;
    }).join("\n");
  }

  // Bodies are built when a finding is first opened: 10,000 closed findings stay cheap.
  view.addEventListener("toggle", function (event) {
    var d = event.target;
    if (!d.open || d.getAttribute("data-built")) return;
    if (d.classList.contains("finding")) {
      var r = resultsByIndex[d.getAttribute("data-index")];
      d.append(findingBody(r, state.view === "rule"));
      d.setAttribute("data-built", "1");
    } else if (d.classList.contains("rule-group")) {
      fillRuleGroup(d);
    }
  }, true);
  var resultsByIndex = {};
  results.forEach(function (r) { resultsByIndex[r.index] = r; });

  // ---- by resource --------------------------------------------------------------------------
  function renderByResource(matched, limit) {
    var own = {};
    var total = new Int32Array(nodes.length);
    var failing = new Int32Array(nodes.length);
    matched.forEach(function (r) {
      (own[r.node.index] = own[r.node.index] || []).push(r);
      for (var n = r.node; n; n = n.parent >= 0 ? nodes[n.parent] : null) {
        total[n.index]++;
        if (r.status === "fail") failing[n.index]++;
      }
    });
    // Resources in the order of their most pressing result (failing before not assessed, then
    // the most severe): the critical failure is the first thing the page shows.
    var best = new Int32Array(nodes.length).fill(1 << 20);
    matched.forEach(function (r) {
      for (var n = r.node; n; n = n.parent >= 0 ? nodes[n.parent] : null) {
        if (rank(r) < best[n.index]) best[n.index] = rank(r);
      }
    });
    var byUrgency = function (a, b) { return best[a.index] - best[b.index] || a.index - b.index; };
    var budget = { left: limit, order: byUrgency };
    var frag = document.createDocumentFragment();
    roots.slice().sort(byUrgency).forEach(function (n) {
      if (total[n.index] && budget.left > 0) frag.append(nodeEl(n, own, total, failing, budget));
    });
    return frag;
  }

  function nodeEl(n, own, total, failing, budget) {
    var d = el("details", "node node-" + n.kind);
    d.open = true;
    d.setAttribute("data-node", n.id);
    var s = el("summary");
    var title = el("span", "node-title");
    title.append(el("span", "kind", n.kind === "resource" || n.kind === "other" ? n.type.label : n.kind === "group" ? "resource group" : "subscription"));
    var name = el("span", "name", n.name);
    name.title = n.id; // the full id is in each finding's details; here it would repeat per level
    title.append(name);
    s.append(title);
    var counts = el("span", "node-counts");
    if (failing[n.index]) counts.append(el("span", "count count-fail", plural(failing[n.index], "failing", "failing")));
    counts.append(el("span", "count", plural(total[n.index], "result", "results")));
    s.append(counts);
    d.append(s);
    var list = own[n.index];
    if (list) {
      var ul = el("div", "findings");
      for (var i = 0; i < list.length && budget.left > 0; i++, budget.left--) ul.append(findingEl(list[i], false));
      d.append(ul);
    }
    n.children.slice().sort(budget.order).forEach(function (c) {
      if (total[c.index] && budget.left > 0) d.append(nodeEl(c, own, total, failing, budget));
    });
    return d;
  }

  // ---- by rule ------------------------------------------------------------------------------
  var groupsByRule = {};
  function renderByRule(matched) {
    var byRule = {};
    matched.forEach(function (r) { (byRule[r.rule.index] = byRule[r.rule.index] || []).push(r); });
    groupsByRule = byRule;
    var frag = document.createDocumentFragment();
    // Rules in the order of their most pressing result, as resources are.
    var ordered = rules.filter(function (rule) { return byRule[rule.index]; });
    var best = function (rule) { return rank(byRule[rule.index][0]); }; // lists keep results' order
    ordered.sort(function (a, b) { return best(a) - best(b) || a.index - b.index; });
    ordered.forEach(function (rule) {
      var list = byRule[rule.index];
      var d = el("details", "rule-group");
      d.id = "rule-" + rule.id;
      d.setAttribute("data-rule", rule.id);
      var s = el("summary");
      s.append(sevBadge(rule.severity), el("span", "rule-id", rule.id), el("span", "rule-title", rule.title));
      var counts = el("span", "node-counts");
      var statusCounts = {};
      list.forEach(function (r) { statusCounts[r.status] = (statusCounts[r.status] || 0) + 1; });
      Object.keys(STATUS_RANK).forEach(function (st) {
        if (statusCounts[st]) counts.append(el("span", "count count-" + st, statusCounts[st] + " " + STATUS_LABEL[st]));
      });
      s.append(counts);
      d.append(s);
      frag.append(d);
    });
    return frag;
  }

  function fillRuleGroup(d, limit) {
    var rule = rulesById[d.getAttribute("data-rule")];
    var list = groupsByRule[rule.index] || [];
    limit = limit || PAGE;
    while (d.children.length > 1) d.removeChild(d.lastChild);
    d.append(ruleInfo(rule));
    var box = el("div", "findings");
    for (var i = 0; i < list.length && i < limit; i++) box.append(findingEl(list[i], true));
    d.append(box);
    if (list.length > limit) {
      d.append(moreButtons(list.length - limit, function (all) { fillRuleGroup(d, all ? Infinity : limit + PAGE); }));
    }
    d.setAttribute("data-built", "1");
  }

  function moreButtons(rest, show) {
    var p = el("p", "more");
    p.append(el("span", "muted", plural(rest, "more finding matches", "more findings match") + " "));
    var next = el("button", "show-more", "Show " + Math.min(rest, PAGE) + " more");
    next.type = "button";
    next.addEventListener("click", function () { show(false); });
    p.append(next);
    if (rest > PAGE) {
      var all = el("button", "show-all", "Show all " + rest);
      all.type = "button";
      all.addEventListener("click", function () { show(true); });
      p.append(document.createTextNode(" "), all);
    }
    return p;
  }

  // ---- the view -----------------------------------------------------------------------------
  function render() {
    var matched = state.matched;
    view.textContent = "";
    if (!matched.length) {
      view.append(el("p", "empty", "No results match these filters."));
    } else if (state.view === "rule") {
      view.append(renderByRule(matched));
    } else {
      view.append(renderByResource(matched, state.limit));
      if (matched.length > state.limit) {
        view.append(moreButtons(matched.length - state.limit, function (all) {
          state.limit = all ? Infinity : state.limit + PAGE;
          render();
        }));
      }
    }
    var shown = state.view === "resource" ? Math.min(matched.length, state.limit) : matched.length;
    countLine.textContent = plural(matched.length, "result matches", "results match") +
      " of " + results.length + (shown < matched.length ? " (showing the first " + shown + ")" : "");
  }

  // Re-renders only when the filters changed: a search box's late "change" event (when focus
  // moves to a finding) must not rebuild the view and close the finding just opened.
  function apply() {
    var filters = readFilters();
    var key = JSON.stringify(filters);
    if (key === state.filters) return;
    state.filters = key;
    state.limit = PAGE;
    state.matched = matching(filters);
    render();
  }

  function setView(name) {
    state.view = name;
    document.querySelectorAll("[data-view]").forEach(function (b) {
      b.setAttribute("aria-selected", String(b.getAttribute("data-view") === name));
    });
    render();
  }

  function showRule(id) {
    if (!rulesById[id]) return;
    if (state.view !== "rule") setView("rule");
    var group = document.getElementById("rule-" + id);
    if (!group) { // filtered out: widen the filters rather than show nothing
      form.reset();
      form.querySelectorAll('input[type="checkbox"]').forEach(function (i) { i.checked = true; });
      apply();
      group = document.getElementById("rule-" + id);
    }
    if (group) {
      group.open = true;
      group.scrollIntoView({ block: "start" });
    }
  }

  // ---- wiring -------------------------------------------------------------------------------
  var timer = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("change", function () { clearTimeout(timer); apply(); });
  form.addEventListener("input", function (e) {
    if (e.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  document.querySelectorAll("[data-view]").forEach(function (b) {
    b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    view.querySelectorAll("details.node, details.rule-group").forEach(function (d) { d.open = true; });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    view.querySelectorAll("details").forEach(function (d) { d.open = false; });
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("[data-rule-link]") : null;
    if (link) {
      e.preventDefault();
      showRule(link.getAttribute("data-rule-link"));
      return;
    }
    var card = e.target.closest ? e.target.closest("[data-status-link]") : null;
    if (card) {
      var wanted = card.getAttribute("data-status-link");
      form.querySelectorAll('input[name="status"]').forEach(function (i) { i.checked = i.value === wanted; });
      apply();
    }
  });

  // Printing and PDF export show every matching finding, not the first page of them.
  window.addEventListener("beforeprint", function () {
    if (state.view === "resource" && state.limit < state.matched.length) {
      state.limit = Infinity;
      render();
    }
  });

  form.hidden = false;
  document.getElementById("view-bar").hidden = false;
  apply();
  if (/^#rule-AML\d+$/.test(location.hash)) showRule(location.hash.slice(6));
  // For the benchmark (bench/html_report.py) and curious readers of the console.
  window.amlReport = {
    apply: apply, results: results.length, initMs: performance.now() - started,
    fillPlaceholders: fillPlaceholders
  };
})();
