// The console's findings and standards panels (console.html says what the page is; behavior.md
// §9.2, decisions 90-94). CMake puts this script inline before console.js, whose helpers (api,
// act, listAll, cli, el, field, replace, readError, table, time) it calls only once the page runs.
"use strict";
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"];
const STANDARDS_POLL_MS = 1000;

// Paging: the NextToken that reads each page so far (the first page has none), and which page
// is shown. A new filter starts again at the first page (decision 91).
let findingPages = [null], findingPage = 0, findingsGeneration = 0;
const selectedFindings = new Map();  // ProductArn + "\n" + Id -> {Id, ProductArn}, this page's only
let standardsTimer = null;

// --- GetFindings: the filters a person uses most, in the filter language (decision 90) ---------
function findingFilters() {
  const filters = {};
  const value = name => field(name).value.trim();
  if (value("SeverityLabel")) filters.SeverityLabel = [{ Value: value("SeverityLabel"), Comparison: "EQUALS" }];
  if (value("WorkflowStatus")) filters.WorkflowStatus = [{ Value: value("WorkflowStatus"), Comparison: "EQUALS" }];
  if (value("RecordState")) filters.RecordState = [{ Value: value("RecordState"), Comparison: "EQUALS" }];
  if (value("AwsAccountId")) filters.AwsAccountId = [{ Value: value("AwsAccountId"), Comparison: "EQUALS" }];
  if (value("ResourceType")) filters.ResourceType = [{ Value: value("ResourceType"), Comparison: "PREFIX" }];
  if (value("Title")) filters.Title = [{ Value: value("Title"), Comparison: "CONTAINS" }];
  return filters;
}

function findingsInput() {
  const input = {}, filters = findingFilters();
  if (Object.keys(filters).length) input.Filters = filters;
  input.MaxResults = Number(field("FindingsPageSize").value);
  if (findingPages[findingPage]) input.NextToken = findingPages[findingPage];
  return input;
}

async function readFindings() {
  const mine = ++findingsGeneration, input = findingsInput();
  const answer = await api("GetFindings", input);
  if (mine !== findingsGeneration) return;  // a newer read started meanwhile
  reads.GetFindings = answer;
  reads.GetFindingsInput = input;
  drawFindings();
}

const findingKey = f => f.ProductArn + "\n" + f.Id;
const resourceTypes = f => [...new Set((f.Resources || []).map(r => r.Type))].join(", ");

function findingRow(f) {
  const key = findingKey(f), label = f.Severity?.Label || "", status = f.Workflow?.Status || "";
  const checked = selectedFindings.has(key);
  return el("tr", { "data-finding": f.Id, "data-product": f.ProductArn, "data-account": f.AwsAccountId,
                    "data-severity": label, "data-status": status, class: checked ? "selected" : false },
    el("td", {}, el("input", { type: "checkbox", "data-field": "SelectFinding", checked: checked ? "checked" : false,
                               "aria-label": "Select the finding " + (f.Title || f.Id),
                               onchange: e => selectFinding(f, e.target.checked, e.target.closest("tr")) })),
    el("td", { class: "sev", style: { "--c": `var(--${SEVERITIES.includes(label) ? label : "INFORMATIONAL"})` } }, label),
    el("td", { class: "title" }, f.Title || ""),
    el("td", { class: "id" }, f.AwsAccountId || ""),
    el("td", {}, resourceTypes(f)),
    el("td", { class: "st" }, status),
    el("td", {}, f.RecordState || ""),
    el("td", {}, time(f.UpdatedAt)),
    el("td", { class: "note-text" }, f.Note ? `${f.Note.Text} (${f.Note.UpdatedBy})` : ""));
}

function selectFinding(f, on, row) {
  if (on) selectedFindings.set(findingKey(f), { Id: f.Id, ProductArn: f.ProductArn });
  else selectedFindings.delete(findingKey(f));
  row?.classList.toggle("selected", on);
  drawFindingsCount();
}

function drawFindingsCount() {
  const answer = reads.GetFindings, shown = answer?.status === 200 ? answer.body.Findings.length : 0;
  $("#findings-page").textContent = answer?.status === 200
    ? `page ${findingPage + 1}: ${shown} finding${shown === 1 ? "" : "s"}, ${selectedFindings.size} selected` : "";
}

function drawFindings() {
  const answer = reads.GetFindings;
  $("#findings-read").textContent = cli("GetFindings", reads.GetFindingsInput || findingsInput());
  const findings = answer?.status === 200 ? answer.body.Findings : [];
  // Selection lives on the page shown: what left it (updated out of the filter, another page) drops.
  const onPage = new Set(findings.map(findingKey));
  for (const key of [...selectedFindings.keys()]) if (!onPage.has(key)) selectedFindings.delete(key);
  const selectAll = el("input", { type: "checkbox", "data-field": "SelectAllFindings", "aria-label": "Select every finding on this page",
    checked: findings.length && selectedFindings.size === findings.length ? "checked" : false,
    onchange: e => { for (const f of findings) selectFinding(f, e.target.checked, null); drawFindings(); } });
  replace($("#findings"), !answer ? el("div", { class: "empty" }, "reading") : answer.status !== 200 ? readError(answer)
    : !findings.length ? el("div", { class: "empty" }, findingPage ? "No more findings." : "No finding matches.")
    : el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, selectAll),
        ["Severity", "Title", "Account", "Resource type", "Workflow", "Record", "Updated", "Note"].map(h => el("th", { scope: "col" }, h)))),
        el("tbody", {}, findings.map(findingRow))));
  $('[data-page="previous"]').disabled = findingPage === 0;
  $('[data-page="next"]').disabled = !(answer?.status === 200 && answer.body.NextToken);
  if (!field("NoteUpdatedBy").value) field("NoteUpdatedBy").value = `arn:aws:iam::${account}:root`;
  drawFindingsCount();
}

function turnFindingsPage(step) {
  const answer = reads.GetFindings;
  if (step > 0) {
    if (!answer?.body?.NextToken) return;
    findingPages = findingPages.slice(0, findingPage + 1).concat([answer.body.NextToken]);
    findingPage += 1;
  } else if (findingPage > 0) {
    findingPage -= 1;
  }
  selectedFindings.clear();
  readFindings().catch(showFailure);
}

function resetFindings() {
  findingPages = [null]; findingPage = 0; selectedFindings.clear();
  field("NoteUpdatedBy").value = "";
  reads.GetFindings = null;
}

// --- BatchUpdateFindings of the selection: the workflow status and a note (decision 92) ---------
async function updateFindings(event) {
  event.preventDefault();
  const result = $('[data-panel="findings"] > .result');
  const input = { FindingIdentifiers: [...selectedFindings.values()] };
  const status = field("UpdateWorkflowStatus").value, text = field("NoteText").value.trim();
  if (status) input.Workflow = { Status: status };
  if (text) input.Note = { Text: text, UpdatedBy: field("NoteUpdatedBy").value.trim() };
  const missing = !input.FindingIdentifiers.length ? "select one or more findings first"
    : !status && !text ? "choose a workflow status or write a note" : "";
  if (missing) {
    result.replaceChildren(el("div", { class: "call refused", "data-operation": "BatchUpdateFindings", "data-outcome": "error" },
      el("b", {}, "Nothing sent: "), missing));
    result.dataset.operation = "BatchUpdateFindings"; result.dataset.outcome = "error";
    return;
  }
  const answer = await act(result, "BatchUpdateFindings", input);
  if (answer.status === 200) field("NoteText").value = "";
}

// --- Standards: the catalogue, the account's subscriptions, enable and disable (decision 93) ----
async function readStandards() {
  const [catalogue, enabled] = await Promise.all([
    listAll("DescribeStandards", {}, "Standards"), listAll("GetEnabledStandards", {}, "StandardsSubscriptions")]);
  return { DescribeStandards: catalogue, GetEnabledStandards: enabled };
}

function standardRow(s, subscription) {
  const panel = panelOf("standards"), status = subscription?.StandardsStatus || "NOT_ENABLED";
  // A service-managed standard (StandardsManagedBy another product than Security Hub) is enabled by
  // that service, never through BatchEnableStandards: the page offers no Enable for it.
  const managedBy = s.StandardsManagedBy?.Product, managed = !!managedBy && managedBy !== "Security Hub";
  const reason = subscription?.StandardsStatusReason?.StatusReasonCode;
  return el("tr", { "data-standard": s.StandardsArn, "data-status": status },
    el("td", {}, s.Name, s.EnabledByDefault ? el("span", { class: "tag" }, "default") : null),
    el("td", { class: "desc" }, s.Description || ""),
    el("td", { class: "st" }, status === "NOT_ENABLED" ? "not enabled" : status, reason ? ` (${reason})` : ""),
    el("td", { class: "actions" },
      !subscription && !managed ? actionButton("BatchEnableStandards", "Enable", panel,
        () => ({ StandardsSubscriptionRequests: [{ StandardsArn: s.StandardsArn }] }), { "aria-label": "Enable " + s.Name }) : null,
      subscription && !["PENDING", "DELETING"].includes(status) ? actionButton("BatchDisableStandards", "Disable", panel,
        () => ({ StandardsSubscriptionArns: [subscription.StandardsSubscriptionArn] }),
        { class: "danger", "aria-label": "Disable " + s.Name }) : null,
      managed && !subscription ? el("span", { class: "note" }, "enabled by " + managedBy) : null));
}

function drawStandards() {
  const catalogue = reads.DescribeStandards, enabled = reads.GetEnabledStandards;
  $("#standards-read").textContent = cli("DescribeStandards", {}) + "\n" + cli("GetEnabledStandards", {});
  const subscriptions = new Map((enabled?.status === 200 ? enabled.body.StandardsSubscriptions : []).map(x => [x.StandardsArn, x]));
  replace($("#standards"), !catalogue || !enabled ? el("div", { class: "empty" }, "reading")
    : catalogue.status !== 200 ? readError(catalogue) : enabled.status !== 200 ? readError(enabled)
    : table(["Standard", "Description", "Status", "Actions"],
            catalogue.body.Standards.map(s => standardRow(s, subscriptions.get(s.StandardsArn))), "No standard."));
  // A status that only time changes (PENDING, DELETING: decision 51) moves no state version, so
  // the panel re-reads on its own until none is left.
  clearTimeout(standardsTimer);
  if ([...subscriptions.values()].some(x => ["PENDING", "DELETING"].includes(x.StandardsStatus))) {
    const who = account + "@" + region;
    standardsTimer = setTimeout(async () => {
      const fresh = await readStandards();
      if (who !== account + "@" + region) return;
      Object.assign(reads, fresh);
      drawStandards();
    }, STANDARDS_POLL_MS);
  }
}

function startFindings() {
  $("#findings-filters").addEventListener("submit", e => {
    e.preventDefault(); resetFindings(); drawFindings(); readFindings().catch(showFailure);
  });
  $('[data-page="previous"]').addEventListener("click", () => turnFindingsPage(-1));
  $('[data-page="next"]').addEventListener("click", () => turnFindingsPage(1));
  $("#update-findings").addEventListener("submit", e => updateFindings(e).catch(showFailure));
}
