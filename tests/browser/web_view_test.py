#!/usr/bin/python3
"""The web view (GET /_mock/ui) in a real browser: Debian's headless Chromium, driven over the
Chrome DevTools protocol, while boto3 walks through the administrator/member flow.

  web_view_test.py <securityhub-mock binary> <output dir> [--measure-idle SECONDS]

It checks that the page shows the accounts and the Enabled arrow, that the selected account's
side panel holds what the API answers that account, that an email holding <script> is shown
as text, that the administrator's panel counts its member's ACTIVE findings in its view (not
in its own) and lists its enabled standards, that a disassociation turns the arrow Removed
without a reload and takes the member's findings out of the view, and that 200 accounts
are drawn in groups. Screenshots go to the output dir: web_view.png (mid-walkthrough, the
README's docs/ui.png), web_view_removed.png, web_view_200.png.
With --measure-idle it then leaves the page idle and reports the server's CPU time and the
requests the page made (not an assertion: timing never is).

Exit 77 (skipped) only when Chromium is not installed; scripts/setup.sh --tests installs it.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "clients"))
from scenario_lib import Server  # noqa: E402  (the client tests' server runner)

SKIP = 77
ADMIN, MEMBER, CREATED = "111111111111", "222222222222", "333333333333"
HOSTILE_EMAIL = "<script>window.__injected=1</script><img src=x onerror=window.__injected=2>@example.com"
WAIT_SECONDS = 15  # a bound on waiting, not a speed requirement


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


class DevTools:
    """Just enough of the Chrome DevTools protocol: commands on one page target."""

    def __init__(self, ws_url):
        import websocket  # Debian's python3-websocket (websocket-client)
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError("%s: %s" % (method, message["error"]))
                return message["result"]

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, what):
        """Until `expression` is true; it may throw while the page is still loading."""
        deadline, error = time.monotonic() + WAIT_SECONDS, ""
        while time.monotonic() < deadline:
            try:
                if self.eval(expression):
                    return
            except RuntimeError as e:
                error = " (last: %s)" % e
            time.sleep(0.1)
        fail("after %ds the page still does not show %s%s" % (WAIT_SECONDS, what, error))

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("screenshot: " + path)

    def close(self):
        self.ws.close()


class Chromium:
    def __init__(self, url):
        self.profile = tempfile.mkdtemp(prefix="shmock-chromium-")
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--no-first-run",
             "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--window-size=1440,900", "--user-data-dir=" + self.profile, url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page(self):
        """The DevTools connection to the page it opened (its port is in DevToolsActivePort)."""
        active = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if os.path.exists(active):
                lines = open(active).read().split()
                if lines:
                    targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % lines[0]))
                    pages = [t for t in targets if t["type"] == "page"]
                    if pages:
                        return DevTools(pages[0]["webSocketDebuggerUrl"])
            if self.proc.poll() is not None:
                fail("chromium exited with %s before it opened the page" % self.proc.returncode)
            time.sleep(0.2)
        fail("chromium did not open its DevTools port within 30 s")

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def client(endpoint, account):
    import boto3
    return boto3.client("securityhub", region_name="us-east-1", endpoint_url=endpoint,
                        aws_access_key_id=account, aws_secret_access_key="unused")


def arrow_status(admin, member):
    return ("(document.querySelector('.arrow[data-admin=\"%s\"][data-member=\"%s\"]') || {}).dataset?.status"
            % (admin, member))


def post_json(url, document):
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))


def two_hundred_accounts():
    """Four administrators, 196 members spread over them in every status, one in no relationship."""
    admins = ["1000000000%02d" % i for i in range(4)]
    statuses = ["Enabled"] * 5 + ["Invited", "Created", "Removed", "Resigned", "Deleted"]
    members = []
    for i in range(195):
        admin = admins[i % 7 % 4]
        members.append({"region": "us-east-1", "administratorId": admin,
                        "accountId": "2000000%05d" % i, "email": "member%03d@example.com" % i,
                        "memberStatus": statuses[i % len(statuses)]})
    hubs = [{"accountId": a, "region": "us-east-1"} for a in admins + ["300000000000"]]
    hubs += [{"accountId": m["accountId"], "region": "us-east-1"} for m in members[::2]]
    return {"hubs": hubs, "members": members}


def walkthrough(endpoint, page, out_dir):
    admin, member, created = client(endpoint, ADMIN), client(endpoint, MEMBER), client(endpoint, CREATED)
    admin.enable_security_hub()
    member.enable_security_hub()
    admin.create_members(AccountDetails=[{"AccountId": MEMBER, "Email": "member222@example.com"},
                                         {"AccountId": CREATED, "Email": HOSTILE_EMAIL}])
    admin.invite_members(AccountIds=[MEMBER])
    invitation = member.list_invitations()["Invitations"][0]
    member.accept_administrator_invitation(AdministratorId=ADMIN, InvitationId=invitation["InvitationId"])
    try:
        created.get_administrator_account()  # refused without a hub: a failed call for the log
    except created.exceptions.ClientError:
        pass

    page.wait_for(arrow_status(ADMIN, MEMBER) + " === 'Enabled'", "the Enabled arrow %s -> %s" % (ADMIN, MEMBER))
    page.wait_for(arrow_status(ADMIN, CREATED) + " === 'Created'", "the Created arrow %s -> %s" % (ADMIN, CREATED))
    for account in (ADMIN, MEMBER, CREATED):
        if not page.eval("!!document.querySelector('.node[data-account=\"%s\"]')" % account):
            fail("no node for account " + account)
    if page.eval("document.querySelector('.arrow[data-member=\"%s\"] .label').textContent" % MEMBER) != "Enabled":
        fail("the arrow to %s is not labelled Enabled" % MEMBER)

    # Escaping: the hostile email is shown as its own text, and nothing of it ran or was parsed.
    shown = page.eval("[...document.querySelectorAll('.node[data-account=\"%s\"] .email')].map(e => e.textContent)" % CREATED)
    if HOSTILE_EMAIL not in (shown or []):
        fail("the email with markup is not shown as text; the page shows %r" % shown)
    if page.eval("window.__injected !== undefined || !!document.querySelector('#graph script, #graph img')"):
        fail("the email's markup became part of the page")

    # The log shows the calls, with the account and operation.
    page.wait_for("[...document.querySelectorAll('#log tr')].some(r => r.textContent.includes('AcceptAdministratorInvitation') && r.textContent.includes('%s'))" % MEMBER,
                  "AcceptAdministratorInvitation by %s in the request log" % MEMBER)

    # The side panel: GetAdministratorAccount as the API answers the member.
    page.eval("document.querySelector('.node[data-account=\"%s\"]').click()" % MEMBER)
    page.wait_for("[...document.querySelectorAll('#side td.st')].some(td => td.textContent === 'Enabled') && "
                  "[...document.querySelectorAll('#side td')].some(td => td.textContent === '%s')" % ADMIN,
                  "%s's administrator %s in the side panel" % (MEMBER, ADMIN))
    api_answer = member.get_administrator_account()["Administrator"]
    panel = page.eval("JSON.parse(document.querySelectorAll('#side pre')[0].textContent)")
    expected = dict(api_answer, InvitedAt=api_answer["InvitedAt"].strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")
    if panel != {"Administrator": expected}:
        fail("the side panel's GetAdministratorAccount %r is not the API's %r" % (panel, {"Administrator": expected}))
    page.screenshot(os.path.join(out_dir, "web_view.png"))

    # Findings and standards: the member imports; the administrator's panel counts them in its
    # view, not in its own findings, and lists the standards EnableSecurityHub turned on.
    product = "arn:aws:securityhub:us-east-1:%s:product/%s/default" % (MEMBER, MEMBER)
    member.batch_import_findings(Findings=[{
        "SchemaVersion": "2018-10-08", "Id": "wv-%d" % i, "ProductArn": product, "GeneratorId": "web-view-test",
        "AwsAccountId": MEMBER, "Types": ["Software and Configuration Checks"], "CreatedAt": "2026-12-01T00:00:00Z",
        "UpdatedAt": "2026-12-01T00:00:00Z", "Severity": {"Label": label}, "Title": "t", "Description": "d",
        "Resources": [{"Type": "Other", "Id": "r"}]} for i, label in enumerate(["HIGH", "HIGH", "LOW"])])
    page.eval("document.querySelector('.node[data-account=\"%s\"]').click()" % ADMIN)
    counts = "[...document.querySelectorAll('#side tr[data-counts=\"%s\"] td')].map(td => td.dataset.label + '=' + td.textContent).join(' ')"
    page.wait_for(counts % "view" + " === 'CRITICAL=0 HIGH=2 MEDIUM=0 LOW=1 INFORMATIONAL=0 total=3'",
                  "the administrator's view counting its member's findings")
    if page.eval(counts % "account") != "CRITICAL=0 HIGH=0 MEDIUM=0 LOW=0 INFORMATIONAL=0 total=0":
        fail("the administrator's own counts are %r" % page.eval(counts % "account"))
    standards = sorted(s["StandardsArn"] for s in admin.get_enabled_standards()["StandardsSubscriptions"])
    shown = sorted(page.eval("[...document.querySelectorAll('#side td')].map(td => td.textContent).filter(t => t.includes(':standards/') || t.includes(':ruleset/'))"))
    if not standards or shown != standards:
        fail("the side panel's standards %r are not GetEnabledStandards' %r" % (shown, standards))
    page.eval("document.querySelector('.node[data-account=\"%s\"]').click()" % MEMBER)

    # Live: the arrow turns Removed without a reload (a reload would drop the marker).
    page.eval("window.__sameDocument = true")
    admin.disassociate_members(AccountIds=[MEMBER])
    acted = time.monotonic()
    page.wait_for(arrow_status(ADMIN, MEMBER) + " === 'Removed'", "the arrow %s -> %s Removed" % (ADMIN, MEMBER))
    print("the Removed arrow showed %.2f s after DisassociateMembers returned (reported, not asserted)"
          % (time.monotonic() - acted))
    if page.eval("window.__sameDocument") is not True:
        fail("the page reloaded to show the change")
    page.wait_for("![...document.querySelectorAll('#side td.st')].some(td => td.textContent === 'Enabled')",
                  "the side panel following the disassociation")
    page.eval("document.querySelector('.node[data-account=\"%s\"]').click()" % ADMIN)
    page.wait_for("document.querySelector('#side tr[data-counts=\"account\"]') && !document.querySelector('#side tr[data-counts=\"view\"]')",
                  "the administrator's view without the disassociated member's findings")
    page.eval("document.querySelector('.node[data-account=\"%s\"]').click()" % MEMBER)
    page.screenshot(os.path.join(out_dir, "web_view_removed.png"))


def organization_drawing(page):
    """The organization part as the snapshot is to carry it (docs/behavior.md §9.1), drawn from a
    state given to the page directly: the server's snapshot has no such part yet."""
    page.eval("""state = Object.assign({}, state, {
        organization: {managementAccountId: '%s', accounts: ['%s', '%s'], suspendedAccounts: ['%s'],
                       delegatedAdministrators: [{region: 'us-east-1', accountId: '%s'}]},
        members: state.members.map(m => m.accountId === '%s' ? Object.assign({}, m, {origin: 'Organization'}) : m)});
      draw();""" % (CREATED, ADMIN, MEMBER, MEMBER, ADMIN, MEMBER))
    checks = {
        "the management badge": "!!document.querySelector('.node[data-account=\"%s\"] .badge.mgmt')" % CREATED,
        "the delegated administrator badge": "!!document.querySelector('.node[data-account=\"%s\"] .badge.da')" % ADMIN,
        "the suspended badge": "!!document.querySelector('.node[data-account=\"%s\"] .badge.suspended')" % MEMBER,
        "an organization arrow": "!!document.querySelector('.arrow.org[data-member=\"%s\"]')" % MEMBER,
        "an invitation arrow": "!!document.querySelector('.arrow:not(.org)[data-member=\"%s\"]')" % CREATED,
    }
    for what, expression in checks.items():
        if not page.eval(expression):
            fail("the page does not draw " + what)


def many_accounts(endpoint, page, out_dir):
    # urllib labels any body form-encoded, which the control API refuses as an HTML form's.
    urllib.request.urlopen(urllib.request.Request(endpoint + "/_mock/reset", data=b"", method="POST",
                                                  headers={"Content-Type": "application/json"}))
    document = two_hundred_accounts()
    post_json(endpoint + "/_mock/fixtures", document)
    page.wait_for("document.querySelectorAll('#graph .arrow').length === %d" % len(document["members"]),
                  "an arrow for each of the %d members" % len(document["members"]))
    groups = page.eval("document.querySelectorAll('#graph section.group[data-admin]').length")
    if groups != 4:
        fail("200 accounts under 4 administrators are drawn in %s groups, not 4" % groups)
    accounts = page.eval("new Set([...document.querySelectorAll('#graph .node')].map(n => n.dataset.account)).size")
    if accounts != 200:
        fail("the page shows %s accounts, not 200" % accounts)
    page.screenshot(os.path.join(out_dir, "web_view_200.png"))


def cpu_ticks(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def measure_idle(server, page, seconds):
    """Leaves the page idle for `seconds` and reports what it cost the server: its CPU time
    (from /proc) and the requests the page made (from the page's resource timing)."""
    hz = os.sysconf("SC_CLK_TCK")
    page.eval("performance.setResourceTimingBufferSize(100000); performance.clearResourceTimings()")
    before_cpu, before = cpu_ticks(server.proc.pid), time.monotonic()
    time.sleep(seconds)
    cpu, wall = cpu_ticks(server.proc.pid) - before_cpu, time.monotonic() - before
    urls = page.eval("performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")
    by_path = {u: urls.count(u) for u in sorted(set(urls))}
    print("idle page, %.0f s: %d requests (%.2f/s) %s; server CPU %.3f s (%.2f%% of one core)"
          % (wall, len(urls), len(urls) / wall, by_path, cpu / hz, 100.0 * cpu / hz / wall))


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, out_dir = sys.argv[1], sys.argv[2]
    idle_seconds = int(sys.argv[sys.argv.index("--measure-idle") + 1]) if "--measure-idle" in sys.argv else 0
    if shutil.which("chromium") is None:
        print("SKIP: chromium is not installed; scripts/setup.sh --tests installs Debian's chromium", file=sys.stderr)
        return SKIP
    try:
        import websocket  # noqa: F401
    except ImportError:
        fail("python3-websocket is not installed: run scripts/setup.sh --tests")
    os.makedirs(out_dir, exist_ok=True)

    server = Server(binary).start()
    browser = None
    try:
        browser = Chromium(server.endpoint + "/_mock/ui")
        page = browser.page()
        page.call("Emulation.setDeviceMetricsOverride", width=1440, height=900, deviceScaleFactor=1, mobile=False)
        page.wait_for("document.getElementById('live').className === 'on'", "the live indicator on")
        walkthrough(server.endpoint, page, out_dir)
        organization_drawing(page)
        many_accounts(server.endpoint, page, out_dir)
        if idle_seconds:
            measure_idle(server, page, idle_seconds)
        page.close()
    finally:
        if browser:
            browser.close()
        server.stop()
    print("PASS: the web view in headless Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
