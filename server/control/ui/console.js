// The console's script (console.html says what the page is); CMake puts it inline in the page.
"use strict";
const POLL_MS = 500, RETRY_MS = 2000, PAGE = 50;
// The Security Hub operations the page calls: method and path (restJson1), and the members that
// travel in the query string; every other member goes in the JSON body.
const OPERATIONS = {
  EnableSecurityHub: ["POST", "/accounts"],
  DisableSecurityHub: ["DELETE", "/accounts"],
  DescribeHub: ["GET", "/accounts", ["HubArn"]],
  CreateMembers: ["POST", "/members"],
  ListMembers: ["GET", "/members", ["OnlyAssociated", "MaxResults", "NextToken"]],
  InviteMembers: ["POST", "/members/invite"],
  DisassociateMembers: ["POST", "/members/disassociate"],
  DeleteMembers: ["POST", "/members/delete"],
  ListInvitations: ["GET", "/invitations", ["MaxResults", "NextToken"]],
  AcceptAdministratorInvitation: ["POST", "/administrator"],
  DeclineInvitations: ["POST", "/invitations/decline"],
  DeleteInvitations: ["POST", "/invitations/delete"],
  GetAdministratorAccount: ["GET", "/administrator"],
  DisassociateFromAdministratorAccount: ["POST", "/administrator/disassociate"],
  DescribeOrganizationConfiguration: ["GET", "/organization/configuration"],
  UpdateOrganizationConfiguration: ["POST", "/organization/configuration"],
  ListOrganizationAdminAccounts: ["GET", "/organization/admin", ["Feature", "MaxResults", "NextToken"]],
  EnableOrganizationAdminAccount: ["POST", "/organization/admin/enable"],
  DisableOrganizationAdminAccount: ["POST", "/organization/admin/disable"],
  GetFindings: ["POST", "/findings"],
  BatchUpdateFindings: ["PATCH", "/findings/batchupdate"],
  DescribeStandards: ["GET", "/standards", ["MaxResults", "NextToken"]],
  GetEnabledStandards: ["POST", "/standards/get"],
  BatchEnableStandards: ["POST", "/standards/register"],
  BatchDisableStandards: ["POST", "/standards/deregister"],
};

let settings = { defaultAccount: "123456789012", defaultRegion: "us-east-1", strictAuth: false };
let account = null, region = null;
let state = null, version = null;     // the last /_mock/state snapshot and its version
let reads = {};                       // the API's answers to the account: {DescribeHub: {status, body}, ...}
let notice = "";                      // why the last choice of account was not taken
let generation = 0;                   // which refresh the answers belong to
const secrets = new Map();            // account -> {accessKeyId, secretAccessKey}, this page only

const $ = selector => document.querySelector(selector);
const field = name => document.querySelector(`[data-field="${name}"]`);
const statusCell = s => el("td", { class: "st", style: { "--c": `var(--${STATUSES.includes(s) ? s : "Created"})` } }, s);

// Replaces a container's children, keeping the keyboard focus on the control that had it (the
// same data-action or data-field in the same row: data-finding, data-standard or data-account),
// so acting on a row, or a redraw while one selects findings, does not lose one's place.
const rowOf = n => { const r = n.closest("[data-finding],[data-standard],[data-account]");
                     return r ? r.dataset.finding ?? r.dataset.standard ?? r.dataset.account : undefined; };
const controlOf = n => n.dataset.action ? `[data-action="${n.dataset.action}"]` : n.dataset.field ? `[data-field="${n.dataset.field}"]` : null;
function replace(container, ...children) {
  const a = document.activeElement;
  const key = a && container.contains(a) && controlOf(a) ? [controlOf(a), rowOf(a)] : null;
  container.replaceChildren(...children);
  if (!key) return;
  for (const b of container.querySelectorAll(key[0])) {
    if (rowOf(b) === key[1]) { b.focus(); return; }
  }
  container.closest("section")?.querySelector("h2")?.setAttribute("tabindex", "-1");
  container.closest("section")?.querySelector("h2")?.focus();
}

// --- SigV4 through WebCrypto ------------------------------------------------------------------
const encoder = new TextEncoder();
const hex = buffer => [...new Uint8Array(buffer)].map(b => b.toString(16).padStart(2, "0")).join("");
const sha256 = async text => hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
async function hmac(key, text) {
  const k = await crypto.subtle.importKey("raw", typeof key === "string" ? encoder.encode(key) : key,
                                          { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, encoder.encode(text));
}
const rfc3986 = s => encodeURIComponent(s).replace(/[!'()*]/g, c => "%" + c.charCodeAt(0).toString(16).toUpperCase());

// The credentials the page signs with for the account: the secret given for it under
// --strict-auth; otherwise the account ID as the access key and "x" as the secret, which the
// mock takes as that account without checking the signature.
function credentials() {
  const given = secrets.get(account);
  if (given) return given;
  return settings.strictAuth ? null : { accessKeyId: account, secretAccessKey: "x" };
}

// The headers that sign a request the way AWS clients do: the host, the date and, on a POST, the
// content type are signed; the payload hash is part of the canonical request.
async function sign(method, path, query, payload, creds, headers) {
  const date = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const scope = `${date.slice(0, 8)}/${region}/securityhub/aws4_request`;
  const signed = Object.assign({ host: location.host, "x-amz-date": date }, headers);
  const names = Object.keys(signed).map(n => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
  const canonical = [method, path, query, names.map(n => `${n}:${String(lower[n]).trim()}\n`).join(""),
                     names.join(";"), await sha256(payload)].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", date, scope, await sha256(canonical)].join("\n");
  let key = "AWS4" + creds.secretAccessKey;
  for (const part of [date.slice(0, 8), region, "securityhub", "aws4_request"]) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  return Object.assign({}, headers, { "X-Amz-Date": date, Authorization:
    `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}` });
}

// One Security Hub call as the account: {status, body, code, message}. The request is what a
// client sends: restJson1 path and query, a JSON body on POST and PATCH, a SigV4 Authorization header.
async function api(operation, input) {
  const [method, path, inQuery = []] = OPERATIONS[operation];
  const creds = credentials();
  if (!creds) return { status: 0, body: {}, code: "SecretNeeded",
                       message: `Enter the secret access key of ${account} above: this server checks signatures.` };
  if (!window.crypto?.subtle) return { status: 0, body: {}, code: "InsecureContext",
    message: "This browser offers WebCrypto only on secure origins: open the console at localhost or 127.0.0.1." };
  const pairs = [], body = {};
  for (const [k, v] of Object.entries(input || {})) {
    if (inQuery.includes(k)) pairs.push([rfc3986(k), rfc3986(String(v))]); else body[k] = v;
  }
  // Sorted by name, then value, in code-point order (SigV4's canonical query).
  const byCodePoint = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const query = pairs.sort((a, b) => byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1])).map(p => p.join("=")).join("&");
  const hasBody = method === "POST" || method === "PATCH";
  const payload = hasBody ? JSON.stringify(body) : "";
  const headers = await sign(method, path, query, payload, creds, hasBody ? { "Content-Type": "application/json" } : {});
  const reply = await fetch(path + (query ? "?" + query : ""), { method, headers, body: payload || undefined,
                                                                cache: "no-store", credentials: "omit" });
  let parsed = {};
  try { parsed = JSON.parse(await reply.text() || "{}"); } catch (e) { parsed = {}; }
  const code = parsed.Code || parsed.__type || reply.headers.get("x-amzn-ErrorType") || "";
  return { status: reply.status, body: parsed, code: reply.ok ? "" : code.split(":")[0],
           message: parsed.Message || parsed.message || "" };
}

// Every page of a list, joined (the page's reads only; actions are single calls).
async function listAll(operation, input, member) {
  let answer = await api(operation, Object.assign({ MaxResults: PAGE }, input)), items = [];
  while (answer.status === 200) {
    items = items.concat(answer.body[member] || []);
    if (!answer.body.NextToken) return { status: 200, body: { [member]: items } };
    answer = await api(operation, Object.assign({ MaxResults: PAGE, NextToken: answer.body.NextToken }, input));
  }
  return answer;
}

// --- The equivalent AWS CLI command -------------------------------------------------------------
const kebab = name => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const shellQuote = s => /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
function cli(operation, input) {
  const creds = credentials() || { accessKeyId: account, secretAccessKey: "SECRET" };
  const words = ["aws", "securityhub", kebab(operation)];
  for (const [k, v] of Object.entries(input || {})) {
    const flag = "--" + kebab(k);
    if (typeof v === "boolean") words.push(v ? flag : "--no-" + kebab(k));
    else if (Array.isArray(v) && v.every(x => typeof x === "string")) words.push(flag, ...v.map(shellQuote));
    else if (typeof v === "object") words.push(flag, shellQuote(JSON.stringify(v)));
    else words.push(flag, shellQuote(String(v)));
  }
  words.push("--endpoint-url", shellQuote(location.origin), "--region", shellQuote(region));
  return `AWS_ACCESS_KEY_ID=${shellQuote(creds.accessKeyId)} AWS_SECRET_ACCESS_KEY=${shellQuote(creds.secretAccessKey)} ` +
         words.join(" ");
}

// --- Actions: one API call each, its outcome and command shown in its panel and the activity ---
// What a batch call could not do, one line an item: {key: the item's attribute, text}.
function unprocessedOf(answer) {
  if (answer.status !== 200) return [];
  return (answer.body.UnprocessedAccounts || []).map(u => ({ key: { "data-account": u.AccountId }, text: `${u.AccountId}: ${u.ProcessingResult}` }))
    .concat((answer.body.UnprocessedFindings || []).map(u => ({ key: { "data-finding": u.FindingIdentifier?.Id },
      text: `${u.FindingIdentifier?.Id}: ${u.ErrorCode}: ${u.ErrorMessage}` })));
}

function callView(operation, input, answer, extra) {
  const unprocessed = unprocessedOf(answer);
  const outcome = answer.status !== 200 ? "error" : unprocessed.length ? "partial" : "ok";
  return el("div", { class: "call " + (outcome === "error" ? "refused" : outcome), "data-operation": operation, "data-outcome": outcome },
    el("div", {}, el("b", {}, operation), " ",
       answer.status === 200 ? (unprocessed.length ? "200, with unprocessed items" : "200 OK")
                             : el("span", { class: "error", "data-code": answer.code },
                                  `${answer.status || "not sent"} ${answer.code}: ${answer.message}`)),
    unprocessed.length ? el("ul", { class: "unprocessed" }, unprocessed.map(u => el("li", u.key, u.text))) : null,
    answer.status === 200 && answer.body.AdminAccounts ? el("ul", { class: "admin-accounts" }, answer.body.AdminAccounts.map(a =>
      el("li", { "data-account": a.AccountId }, `${a.AccountId}: ${a.Status}`))) : null,
    extra || null,
    el("code", { class: "cli" }, cli(operation, input)));
}

async function act(panel, operation, input, extra) {
  const answer = await api(operation, input);
  const view = callView(operation, input, answer, extra);
  const result = panel.classList.contains("result") ? panel : panel.querySelector(":scope > .result");
  result.replaceChildren(view);
  result.dataset.operation = operation;
  result.dataset.outcome = view.dataset.outcome;
  $("#activity ol").prepend(el("li", {}, view.cloneNode(true)));
  if (answer.code === "InvalidSignatureException" || answer.code === "UnrecognizedClientException") {
    secrets.delete(account); drawCredentials(`The server refused the secret for ${account}: ${answer.message}`);
  }
  await refresh();
  return answer;
}

// A button that acts; `input` is computed when it is pressed.
function actionButton(operation, label, panel, input, props) {
  return el("button", Object.assign({ type: "button", "data-action": operation,
    onclick: e => { e.currentTarget.disabled = true; act(panel(), operation, input()).catch(showFailure); } }, props || {}), label);
}
const panelOf = name => () => document.querySelector(`[data-panel="${name}"]`);

// --- CSV: AccountId,Email a line, as the console takes it --------------------------------------
// Returns {details: [{AccountId, Email?}], bad: [{line, text, reason}]}; a first line naming the
// columns is a header. Line numbers count every line, blank ones too, from 1.
function parseCsv(text) {
  const details = [], bad = [], seen = new Map();
  let first = true;
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const fields = raw.split(",").map(f => f.trim().replace(/^"(.*)"$/, "$1").trim());
    const header = first && /^account\s*_?id$/i.test(fields[0]);
    first = false;
    if (header) return;
    const line = i + 1, id = fields[0];
    let reason = null;
    if (fields.length > 2) reason = "expected two fields, AccountId,Email; found " + fields.length;
    else if (!/^\d{12}$/.test(id)) reason = "the account ID must be 12 digits";
    else if (fields[1] && !/^[^@\s]+@[^@\s]+$/.test(fields[1])) reason = "the email must have the form name@domain";
    else if (seen.has(id)) reason = `account ${id} is already on line ${seen.get(id)}`;
    if (reason) { bad.push({ line, text: raw, reason }); return; }
    seen.set(id, line);
    details.push(fields[1] ? { AccountId: id, Email: fields[1] } : { AccountId: id });
  });
  return { details, bad };
}

async function createMembers(event) {
  event.preventDefault();
  const single = field("AccountId").value.trim(), email = field("Email").value.trim();
  const { details, bad } = parseCsv(field("Csv").value);
  if (single) {
    if (!/^\d{12}$/.test(single)) bad.unshift({ line: 0, text: single, reason: "the account ID must be 12 digits" });
    else details.unshift(email ? { AccountId: single, Email: email } : { AccountId: single });
  }
  const result = $("#create-result");
  const report = bad.length ? el("ul", { class: "csv-errors" }, bad.map(b =>
    el("li", { "data-line": b.line }, b.line ? `line ${b.line}: ${b.reason}: ${b.text}` : `Account ID field: ${b.reason}`))) : null;
  if (!details.length) {
    result.replaceChildren(el("div", { class: "call refused", "data-operation": "CreateMembers", "data-outcome": "error" },
      el("b", {}, "Nothing sent: "), bad.length ? "no line is a member to add" : "give an account ID or CSV lines", report));
    result.dataset.operation = "CreateMembers"; result.dataset.outcome = "error";
    return;
  }
  // The API takes 50 accounts a call (decision 3): a longer list is sent in calls of 50.
  for (let i = 0; i < details.length; i += 50) {
    const answer = await act(result, "CreateMembers", { AccountDetails: details.slice(i, i + 50) }, i === 0 ? report : null);
    if (answer.status !== 200) return;
  }
  field("AccountId").value = ""; field("Email").value = "";
  if (!bad.length) field("Csv").value = "";
}

// --- Drawing the account's views ----------------------------------------------------------------
function readError(answer) {
  return el("div", { class: "read-error", "data-code": answer.code },
            el("b", {}, `${answer.status || "not sent"} ${answer.code}`), ": ", answer.message);
}
const time = t => (t || "").replace("T", " ").replace(/\.\d+Z$/, "Z");
const organizationPart = () => (state && state.organization) || null;
function isOrganizationMember(id) {
  return (state?.members || []).some(m => m.region === region && m.administratorId === account &&
                                          m.accountId === id && m.origin === "Organization");
}

function drawHub() {
  const hub = reads.DescribeHub;
  const enabled = hub && hub.status === 200;
  replace($("#hub-state"), !hub ? el("span", { class: "empty" }, "reading")
    : enabled ? el("span", { "data-hub": "enabled" }, "Enabled since ", time(hub.body.SubscribedAt), " \u00b7 ", hub.body.HubArn)
    : hub.code === "InvalidAccessException" ? el("span", { "data-hub": "disabled" }, "Not enabled for ", account, " in ", region,
                                                  " (", hub.code, ")")
    : readError(hub));
  $('[data-action="EnableSecurityHub"]').hidden = !!enabled;
  $('[data-action="DisableSecurityHub"]').hidden = !enabled;
}

function memberRow(m) {
  const s = m.MemberStatus, panel = panelOf("members"), ids = () => ({ AccountIds: [m.AccountId] });
  return el("tr", { "data-account": m.AccountId, "data-status": s },
    el("td", { class: "id" }, m.AccountId, isOrganizationMember(m.AccountId) ? el("span", { class: "tag" }, "organization") : null),
    el("td", { class: "email" }, m.Email || ""), statusCell(s),
    el("td", {}, time(m.InvitedAt)), el("td", {}, time(m.UpdatedAt)),
    el("td", { class: "actions" },
       ["Created", "Removed", "Resigned"].includes(s) ? actionButton("InviteMembers", "Invite", panel, ids, { "aria-label": "Invite " + m.AccountId }) : null,
       s === "Enabled" ? actionButton("DisassociateMembers", "Disassociate", panel, ids, { "aria-label": "Disassociate " + m.AccountId }) : null,
       s !== "Enabled" ? actionButton("DeleteMembers", "Delete", panel, ids, { class: "danger", "aria-label": "Delete " + m.AccountId }) : null));
}

function table(headers, rows, none) {
  if (!rows.length) return el("div", { class: "empty" }, none);
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map(h => el("th", { scope: "col" }, h)))), el("tbody", {}, rows));
}

function drawMembers() {
  const answer = reads.ListMembers, only = field("OnlyAssociated").checked;
  $("#members-read").textContent = cli("ListMembers", { OnlyAssociated: only });
  replace($("#members"), !answer ? el("div", { class: "empty" }, "reading") : answer.status !== 200 ? readError(answer)
    : table(["Account", "Email", "Status", "Invited", "Updated", "Actions"], answer.body.Members.map(memberRow),
            only ? "No associated member." : "No member yet: add some below."));
}

function invitationRow(i) {
  const panel = panelOf("invitations"), admins = () => ({ AccountIds: [i.AccountId] });
  return el("tr", { "data-account": i.AccountId, "data-status": i.MemberStatus },
    el("td", { class: "id" }, i.AccountId), el("td", { class: "id" }, i.InvitationId || ""), statusCell(i.MemberStatus),
    el("td", {}, time(i.InvitedAt)),
    el("td", { class: "actions" },
       ["Invited", "Resigned"].includes(i.MemberStatus) ? actionButton("AcceptAdministratorInvitation", "Accept", panel,
         () => ({ AdministratorId: i.AccountId, InvitationId: i.InvitationId }), { class: "primary", "aria-label": "Accept the invitation of " + i.AccountId }) : null,
       i.MemberStatus === "Invited" ? actionButton("DeclineInvitations", "Decline", panel, admins, { "aria-label": "Decline the invitation of " + i.AccountId }) : null,
       actionButton("DeleteInvitations", "Delete", panel, admins, { class: "danger", "aria-label": "Delete the invitation of " + i.AccountId })));
}

function drawInvitations() {
  const answer = reads.ListInvitations;
  $("#invitations-read").textContent = cli("ListInvitations", {});
  replace($("#invitations"), !answer ? el("div", { class: "empty" }, "reading") : answer.status !== 200 ? readError(answer)
    : table(["Administrator", "Invitation", "Status", "Invited", "Actions"], answer.body.Invitations.map(invitationRow), "No invitation."));
  const admin = reads.GetAdministratorAccount, a = admin && admin.status === 200 ? admin.body.Administrator : null;
  replace($("#administrator"), !admin ? el("div", { class: "empty" }, "reading") : admin.status !== 200 ? readError(admin)
    : !a ? el("div", { class: "empty" }, "No administrator ({}).")
    : el("table", {}, el("tbody", {}, el("tr", { "data-account": a.AccountId, "data-status": a.MemberStatus },
        el("td", { class: "id" }, a.AccountId), statusCell(a.MemberStatus), el("td", {}, "invited ", time(a.InvitedAt)),
        el("td", { class: "actions" }, actionButton("DisassociateFromAdministratorAccount", "Disassociate", panelOf("administrator"),
          () => ({}), { class: "danger", "aria-label": "Disassociate from administrator " + a.AccountId }))))));
}

// The organization panel: the management account designates the Region's delegated
// administrator; the delegated administrator sets auto-enable and adds organization accounts as
// members (no invitation). Who is which comes from the state's organization part.
function drawOrganization() {
  const org = organizationPart(), section = $('[data-panel="organization"]');
  const delegated = (org?.delegatedAdministrators || []).filter(d => d.region === region).map(d => d.accountId);
  const isManagement = org && org.managementAccountId === account, isDelegated = delegated.includes(account);
  section.hidden = !(isManagement || isDelegated);
  if (section.hidden) return;
  const panel = panelOf("organization"), parts = [];
  $("#organization-management").hidden = !isManagement;
  $("#management-title").textContent = `Management account: delegated administrator in ${region}`;
  replace($("#delegated-administrators"), table(["Account", "Actions"], delegated.map(id => el("tr", { "data-account": id },
    el("td", { class: "id" }, id), el("td", { class: "actions" }, actionButton("DisableOrganizationAdminAccount", "Remove designation",
      panel, () => ({ AdminAccountId: id }), { class: "danger", "aria-label": "Remove the designation of " + id })))), "No delegated administrator."));
  if (isDelegated) {
    const conf = reads.DescribeOrganizationConfiguration;
    const members = new Set((reads.ListMembers?.body?.Members || []).map(m => m.AccountId));
    const outside = (org.accounts || []).filter(id => id !== account && id !== org.managementAccountId && !members.has(id));
    parts.push(el("h3", {}, "Delegated administrator: organization configuration"),
      !conf ? el("div", { class: "empty" }, "reading") : conf.status !== 200 ? readError(conf)
        : el("label", {}, el("input", { type: "checkbox", "data-action": "UpdateOrganizationConfiguration", "data-field": "AutoEnable",
                                         checked: conf.body.AutoEnable ? "checked" : false,
                                         onchange: e => act(panel(), "UpdateOrganizationConfiguration", { AutoEnable: e.target.checked }).catch(showFailure) }),
                 " Add new organization accounts as members automatically (AutoEnable)"),
      el("h3", {}, "Organization accounts that are not members"),
      table(["Account", "Actions"], outside.map(id => el("tr", { "data-account": id }, el("td", { class: "id" }, id),
        el("td", { class: "actions" }, actionButton("CreateMembers", "Add as member", panel, () => ({ AccountDetails: [{ AccountId: id }] }),
          { "aria-label": "Add " + id + " as a member" })))), "Every organization account is a member."));
  }
  replace($("#organization"), ...parts);
}

function drawAll() { drawHub(); drawMembers(); drawInvitations(); drawOrganization(); drawFindings(); drawStandards(); }

// --- Reading: the account's views through the API, the known accounts from the state ----------
async function readAccount() {
  const mine = ++generation;
  const org = organizationPart();
  const delegated = (org?.delegatedAdministrators || []).some(d => d.region === region && d.accountId === account);
  const [hub, members, invitations, admin, conf, standards] = await Promise.all([
    api("DescribeHub", {}),
    listAll("ListMembers", { OnlyAssociated: field("OnlyAssociated").checked }, "Members"),
    listAll("ListInvitations", {}, "Invitations"),
    api("GetAdministratorAccount", {}),
    delegated ? api("DescribeOrganizationConfiguration", {}) : Promise.resolve(null),
    readStandards(), readFindings()]);
  if (mine !== generation) return;  // a newer read started meanwhile
  Object.assign(reads, { DescribeHub: hub, ListMembers: members, ListInvitations: invitations, GetAdministratorAccount: admin,
                         DescribeOrganizationConfiguration: conf }, standards);
  drawAll();
}

function knownAccounts() {
  const ids = new Set([account]), regions = new Set([region, settings.defaultRegion]);
  for (const h of state?.hubs || []) { ids.add(h.accountId); regions.add(h.region); }
  for (const m of state?.members || []) { ids.add(m.administratorId); ids.add(m.accountId); regions.add(m.region); }
  const org = organizationPart();
  for (const a of [org?.managementAccountId, ...(org?.accounts || [])]) if (a) ids.add(a);
  for (const d of org?.delegatedAdministrators || []) { ids.add(d.accountId); regions.add(d.region); }
  return { ids: [...ids].sort(), regions: [...regions].sort() };
}

function drawSwitcher() {
  const { ids, regions } = knownAccounts();
  field("knownAccount").replaceChildren(...ids.map(id => el("option", { value: id, selected: id === account ? "selected" : false }, id)));
  $("#accounts").replaceChildren(...ids.map(id => el("option", { value: id })));
  $("#regions").replaceChildren(...regions.map(r => el("option", { value: r })));
  if (document.activeElement !== field("account")) field("account").value = account;
  if (document.activeElement !== field("region")) field("region").value = region;
  $("#whoami").textContent = (notice ? notice + "; " : "") + `acting as ${account} in ${region}`;
  $("#webview-link").setAttribute("href", "/_mock/ui#" + new URLSearchParams(
    Object.assign(TOKEN ? { token: TOKEN } : {}, { region, account })).toString());
}

function drawCredentials(why) {
  const section = $("#credentials");
  section.hidden = !settings.strictAuth || !!secrets.get(account);
  if (why) $("#credentials-why").textContent = why;
  if (!field("accessKeyId").value || !section.dataset.account || section.dataset.account !== account) field("accessKeyId").value = account;
  section.dataset.account = account;
}

async function refresh() {
  drawSwitcher();
  drawCredentials();
  await readAccount();
}

// --- Switching accounts: ?account=&region= in the address, no reload --------------------------
// What is wrong with acting as `a` in `r`, or "" (the page puts both into its signed headers).
function invalidChoice(a, r) {
  if (!/^\d{12}$/.test(a)) return `'${a}' is not a 12-digit account ID`;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)) return `'${r}' is not a Region name such as us-east-1`;
  return "";
}

function switchTo(newAccount, newRegion) {
  const wrong = invalidChoice(newAccount, newRegion);
  notice = wrong;
  if (wrong) { drawSwitcher(); return; }
  history.pushState(null, "", `?${new URLSearchParams({ account: newAccount, region: newRegion })}${location.hash}`);
  actAs(newAccount, newRegion);
}

// Each account keeps the last results of its panels while the page acts as another one, so
// switching back shows what was done there.
const keptResults = new Map();
function actAs(newAccount, newRegion) {
  const results = [...document.querySelectorAll(".result")];
  keptResults.set(`${account}@${region}`, results.map(r => ({ nodes: [...r.childNodes], data: Object.assign({}, r.dataset) })));
  account = newAccount; region = newRegion; reads = {};
  resetFindings();
  const kept = keptResults.get(`${account}@${region}`) || [];
  results.forEach((r, i) => {
    r.replaceChildren(...(kept[i]?.nodes || []));
    delete r.dataset.operation; delete r.dataset.outcome;
    Object.assign(r.dataset, kept[i]?.data || {});
  });
  drawAll();
  refresh().catch(showFailure);
}

// --- Live: the same version poll as the web view ----------------------------------------------
// With --control-token open /_mock/console#token=TOKEN: the token goes, as a Bearer header, only
// on the control API reads (state, version, settings); the API calls are signed instead.
const TOKEN = new URLSearchParams(location.hash.slice(1)).get("token");
async function control(path) {
  const r = await fetch(path, { cache: "no-store", credentials: "same-origin", headers: TOKEN ? { Authorization: "Bearer " + TOKEN } : {} });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}

function setLive(on) {
  $("#live").className = on ? "on" : "off";
  $("#live").textContent = on ? `live \u00b7 state version ${version}` : "server not answering; retrying";
}
function showFailure(e) { setLive(false); console.error(e); }

async function poll() {
  let wait = POLL_MS;
  if (!document.hidden) {
    try {
      const v = await control("/_mock/state/version");
      if (v.version !== version) {
        state = await control("/_mock/state");
        version = v.version;
        await refresh();
      }
      setLive(true);
    } catch (e) {
      setLive(false);
      wait = RETRY_MS;
    }
  }
  setTimeout(poll, wait);
}

async function start() {
  try { settings = await control("/_mock/console/settings"); } catch (e) { setLive(false); }
  const p = new URLSearchParams(location.search);
  account = p.get("account") || settings.defaultAccount;
  region = p.get("region") || settings.defaultRegion;
  const wrong = invalidChoice(account, region);
  if (wrong) { account = settings.defaultAccount; region = settings.defaultRegion; notice = wrong; }
  $("#switcher").addEventListener("submit", e => { e.preventDefault(); switchTo(field("account").value.trim(), field("region").value.trim()); });
  field("knownAccount").addEventListener("change", e => switchTo(e.target.value, region));
  $("#secret-form").addEventListener("submit", e => {
    e.preventDefault();
    const secretAccessKey = field("secretAccessKey").value;
    if (!secretAccessKey) return;
    secrets.set(account, { accessKeyId: field("accessKeyId").value.trim() || account, secretAccessKey });
    field("secretAccessKey").value = "";
    refresh().catch(showFailure);
  });
  $('[data-action="EnableSecurityHub"]').addEventListener("click", () => act(panelOf("hub")(), "EnableSecurityHub", {}).catch(showFailure));
  $('[data-action="DisableSecurityHub"]').addEventListener("click", () => act(panelOf("hub")(), "DisableSecurityHub", {}).catch(showFailure));
  $("#designate").addEventListener("submit", e => {
    e.preventDefault();
    act(panelOf("organization")(), "EnableOrganizationAdminAccount", { AdminAccountId: field("AdminAccountId").value.trim() }).catch(showFailure);
  });
  $('[data-action="ListOrganizationAdminAccounts"]').addEventListener("click",
    () => act(panelOf("organization")(), "ListOrganizationAdminAccounts", {}).catch(showFailure));
  field("OnlyAssociated").addEventListener("change", () => { reads.ListMembers = null; drawMembers(); readAccount().catch(showFailure); });
  $("#create-members").addEventListener("submit", e => createMembers(e).catch(showFailure));
  startFindings();
  field("CsvFile").addEventListener("change", async e => { const f = e.target.files[0]; if (f) field("Csv").value = await f.text(); });
  window.addEventListener("popstate", () => {
    const q = new URLSearchParams(location.search);
    const a = q.get("account") || settings.defaultAccount, r = q.get("region") || settings.defaultRegion;
    if (!invalidChoice(a, r)) actAs(a, r);
  });
  drawSwitcher(); drawCredentials(); drawAll();
  poll();
}
start();
