#!/usr/bin/python3
"""The console (GET /_mock/console) in a real browser: Debian's headless Chromium, driven over
the Chrome DevTools protocol, clicking through the walkthrough as a person would.

  console_test.py <securityhub-mock binary> <output dir>

The administrator enables Security Hub, pastes three CSV lines (one bad: it is reported by its
line number and the two good ones are added), invites one; the page switches to the member,
which enables Security Hub and accepts; back as the administrator the member is Enabled. Then a
refused action shows its AWS error, and the command the page shows for it fails the same way
through the AWS CLI v2; a change made through boto3 shows without a reload; an email holding
markup stays text; OnlyAssociated is the API's parameter. Every step is found through the
README's contract (data-action, data-account, data-field, .result). A second server with
--strict-auth checks that the page asks for the secret and that its SigV4 signature verifies.
The administrator's findings panel shows the member's imported findings (a title holding markup
stays text), pages through them, filters by severity (the command shown finds the same through
the AWS CLI), and sets a selected finding NOTIFIED with a note that boto3 then sees; the
standards panel enables PCI DSS (PENDING, then READY) and disables it (DELETING, then gone).
Screenshots go to the output dir: console_admin.png, console_member.png and console_findings.png
(the README's, copied into docs/ by scripts/console_screenshots.sh).

Exit 77 (skipped) only when Chromium is not installed; scripts/setup.sh --tests installs it.
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "clients"))
from scenario_lib import Server  # noqa: E402
from web_view_test import SKIP, Chromium, client, fail  # noqa: E402

ADMIN, MEMBER, OTHER, HOSTILE = "111111111111", "222222222222", "333333333333", "444444444444"
HOSTILE_EMAIL = "<img/src=x/onerror=window.__injected=1><script>window.__injected=2</script>@example.com"
CSV = "AccountId,Email\n%s,member222@example.com\n12345,short@example.com\n%s,member333@example.com\n" % (MEMBER, OTHER)


def js(value):
    """A Python string as a JavaScript string literal."""
    import json
    return json.dumps(value)


class Console:
    """The page, through the README's contract only."""

    def __init__(self, page):
        self.page = page

    def click(self, selector):
        found = self.page.eval("(() => { const b = document.querySelector(%s); if (!b || b.hidden || b.disabled) return false;"
                               " b.click(); return true; })()" % js(selector))
        if not found:
            fail("no enabled control %s to click" % selector)

    def type(self, field, text):
        self.page.eval("(() => { const f = document.querySelector('[data-field=\"%s\"]'); f.focus(); f.value = %s;"
                       " f.dispatchEvent(new Event('input', {bubbles: true})); })()" % (field, js(text)))

    def row_status(self, panel, account):
        return ("document.querySelector('[data-panel=\"%s\"] tr[data-account=\"%s\"]')?.dataset.status"
                % (panel, account))

    def result(self, panel, what="dataset.outcome"):
        return "document.querySelector('[data-panel=\"%s\"] .result')?.%s" % (panel, what)

    def wait_hub(self, state):
        self.page.wait_for("!!document.querySelector('#hub-state [data-hub=\"%s\"]')" % state, "the hub %s" % state)

    def switch(self, account):
        self.type("account", account)
        self.click('button[data-action="SwitchAccount"]')
        self.page.wait_for("document.getElementById('whoami').textContent.includes('acting as %s')" % account,
                           "the page acting as " + account)


def walkthrough(endpoint, page, out_dir):
    c = Console(page)
    c.wait_hub("disabled")
    c.click('[data-action="EnableSecurityHub"]')
    c.wait_hub("enabled")

    # Paste the CSV: the bad line is named by its number, the two good ones are Created.
    c.type("Csv", CSV)
    c.click('button[data-action="CreateMembers"]')
    for account in (MEMBER, OTHER):
        page.wait_for(c.row_status("members", account) + " === 'Created'", "%s Created in the member list" % account)
    reported = page.eval("[...document.querySelectorAll('#create-result .csv-errors li')].map(li => li.dataset.line + ' ' + li.textContent)")
    if reported != ["3 line 3: the account ID must be 12 digits: 12345,short@example.com"]:
        fail("the bad CSV line is reported as %r, not as line 3" % (reported,))
    cli = page.eval("document.querySelector('#create-result .cli').textContent")
    expected = ("aws securityhub create-members --account-details "
                "'[{\"AccountId\":\"%s\",\"Email\":\"member222@example.com\"},{\"AccountId\":\"%s\",\"Email\":\"member333@example.com\"}]'"
                " --endpoint-url %s --region us-east-1" % (MEMBER, OTHER, endpoint))
    if not cli.endswith(expected) or not cli.startswith("AWS_ACCESS_KEY_ID=%s " % ADMIN):
        fail("the CreateMembers command shown is %r, not ...%r" % (cli, expected))

    # Invite one from its row.
    c.click('[data-panel="members"] tr[data-account="%s"] [data-action="InviteMembers"]' % MEMBER)
    page.wait_for(c.row_status("members", MEMBER) + " === 'Invited'", "%s Invited" % MEMBER)
    if "--account-ids %s --endpoint-url" % MEMBER not in page.eval(c.result("members", "querySelector('.cli').textContent")):
        fail("the InviteMembers command does not name --account-ids %s" % MEMBER)

    # The member: enable, accept.
    c.switch(MEMBER)
    if page.eval("new URLSearchParams(location.search).get('account')") != MEMBER:
        fail("the address does not name the account the page acts as")
    c.wait_hub("disabled")
    c.click('[data-action="EnableSecurityHub"]')
    c.wait_hub("enabled")
    page.wait_for(c.row_status("invitations", ADMIN) + " === 'Invited'", "the invitation of %s" % ADMIN)
    c.click('[data-panel="invitations"] tr[data-account="%s"] [data-action="AcceptAdministratorInvitation"]' % ADMIN)
    page.wait_for(c.row_status("administrator", ADMIN) + " === 'Enabled'", "%s as the member's Enabled administrator" % ADMIN)
    page.eval("document.activeElement.blur()")
    page.screenshot(os.path.join(out_dir, "console_member.png"))

    # Back to the administrator: Enabled.
    c.switch(ADMIN)
    page.wait_for(c.row_status("members", MEMBER) + " === 'Enabled'", "%s Enabled in the administrator's list" % MEMBER)
    if page.eval("document.querySelectorAll('#create-result .csv-errors li').length") != 1:
        fail("back as the administrator, its panels do not show what it did there")
    page.eval("document.activeElement.blur()")
    page.screenshot(os.path.join(out_dir, "console_admin.png"))


def refused_action(endpoint, page):
    """Disabling Security Hub with an Enabled member is refused: the page shows AWS's code and
    message, and the command it shows gets the same refusal through the AWS CLI v2."""
    c = Console(page)
    c.click('[data-action="DisableSecurityHub"]')
    page.wait_for(c.result("hub") + " === 'error'", "the refusal of DisableSecurityHub")
    code = page.eval(c.result("hub", "querySelector('.error').dataset.code"))
    text = page.eval(c.result("hub", "querySelector('.error').textContent"))
    if code != "InvalidInputException" or not text.startswith("400 InvalidInputException: "):
        fail("the refusal shows %r (%r), not 400 InvalidInputException" % (text, code))
    c.wait_hub("enabled")
    command = page.eval(c.result("hub", "querySelector('.cli').textContent"))
    if shutil.which("aws") is None:
        print("note: no AWS CLI on PATH; the shown command was not run")
        return
    env = dict(os.environ, AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    run = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
    if run.returncode == 0 or "InvalidInputException" not in run.stderr:
        fail("the command the page shows, %r, did not get the same refusal: %r" % (command, run.stderr))


HOSTILE_TITLE = "<img/src=x/onerror=window.__injected=3><script>window.__injected=4</script> bucket policy"
PCI = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"


def asff(account, finding_id, label, title):
    return {"SchemaVersion": "2018-10-08", "Id": finding_id,
            "ProductArn": "arn:aws:securityhub:us-east-1:%s:product/%s/default" % (account, account),
            "GeneratorId": "console-test", "AwsAccountId": account, "Types": ["Software and Configuration Checks"],
            "CreatedAt": "2026-12-01T00:00:00Z", "UpdatedAt": "2026-12-01T00:00:00Z",
            "Severity": {"Label": label}, "Title": title, "Description": "d",
            "Resources": [{"Type": "AwsS3Bucket" if label != "INFORMATIONAL" else "AwsEc2Instance", "Id": "r-" + finding_id}]}


def findings(endpoint, page, out_dir):
    """The member imports through boto3; its administrator's console shows the findings (a hostile
    title as text), filters them by severity (the command it shows gets the same through the AWS
    CLI), pages through them, selects one and sets NOTIFIED with a note, which boto3 then sees."""
    c = Console(page)
    member = client(endpoint, MEMBER)
    answer = member.batch_import_findings(Findings=[
        asff(MEMBER, "f-critical", "CRITICAL", "S3 bucket is public"),
        asff(MEMBER, "f-high", "HIGH", "Security group open to the world"),
        asff(MEMBER, "f-hostile", "LOW", HOSTILE_TITLE)] +
        [asff(MEMBER, "f-info-%02d" % i, "INFORMATIONAL", "Inventory %02d" % i) for i in range(11)])
    if answer["FailedCount"]:
        fail("the import failed: %r" % answer["FailedFindings"])
    row = "[data-panel=\"findings\"] tr[data-finding=\"%s\"]"
    page.wait_for("!!document.querySelector(%s)" % js(row % "f-critical"), "the member's findings on the administrator's page")
    shown = page.eval("document.querySelector(%s + ' td.title')?.textContent" % js(row % "f-hostile"))
    if shown != HOSTILE_TITLE or page.eval("window.__injected !== undefined || !!document.querySelector('main img, main script')"):
        fail("the title with markup is not shown as text (%r)" % shown)
    if page.eval("document.querySelectorAll('[data-panel=\"findings\"] tbody tr').length") != 14:
        fail("the administrator does not see the member's 14 findings on one page of 25")

    # Paging: ten a page, the next page holds the other four, and back.
    page.eval("document.querySelector('[data-field=\"FindingsPageSize\"]').value = '10'")
    c.click('#findings-filters [data-action="GetFindings"]')
    count = "document.querySelectorAll('[data-panel=\"findings\"] tbody tr').length"
    page.wait_for(count + " === 10", "a page of 10 findings")
    c.click('[data-action="GetFindings"][data-page="next"]')
    page.wait_for(count + " === 4 && document.getElementById('findings-page').textContent.startsWith('page 2')", "the second page")
    if "--next-token" not in page.eval("document.getElementById('findings-read').textContent"):
        fail("the second page's command does not carry its NextToken")
    c.click('[data-action="GetFindings"][data-page="previous"]')
    page.wait_for(count + " === 10 && document.getElementById('findings-page').textContent.startsWith('page 1')", "the first page again")

    # Filter by severity: only the critical finding; the command shown finds the same.
    page.eval("document.querySelector('[data-field=\"SeverityLabel\"]').value = 'CRITICAL'")
    c.click('#findings-filters [data-action="GetFindings"]')
    page.wait_for(count + " === 1 && !!document.querySelector(%s)" % js(row % "f-critical"), "only the CRITICAL finding")
    command = page.eval("document.getElementById('findings-read').textContent")
    if "--filters '{\"SeverityLabel\":[{\"Value\":\"CRITICAL\",\"Comparison\":\"EQUALS\"}]" not in command:
        fail("the GetFindings command does not carry the severity filter: %r" % command)
    if shutil.which("aws") is not None:
        env = dict(os.environ, AWS_PAGER="", AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        run = subprocess.run(["bash", "-c", command + " --query 'Findings[].Id' --output text"], env=env,
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 0 or run.stdout.split() != ["f-critical"]:
            fail("the command the page shows, %r, finds %r (%r)" % (command, run.stdout, run.stderr))

    # Select it, set NOTIFIED with a note; boto3 sees both.
    c.click((row % "f-critical") + ' [data-field="SelectFinding"]')
    page.eval("document.querySelector('[data-field=\"UpdateWorkflowStatus\"]').value = 'NOTIFIED'")
    c.type("NoteText", "Ticket SEC-1 <b>opened</b>")
    c.click('button[data-action="BatchUpdateFindings"]')
    page.wait_for(c.result("findings") + " === 'ok'", "BatchUpdateFindings accepted")
    page.wait_for("document.querySelector(%s)?.dataset.status === 'NOTIFIED'" % js(row % "f-critical"), "the finding NOTIFIED")
    cli = page.eval(c.result("findings", "querySelector('.cli').textContent"))
    if "batch-update-findings --finding-identifiers '[{\"Id\":\"f-critical\"" not in cli or "--workflow '{\"Status\":\"NOTIFIED\"}'" not in cli:
        fail("the BatchUpdateFindings command is not the one the page ran: %r" % cli)
    seen = member.get_findings(Filters={"Id": [{"Value": "f-critical", "Comparison": "EQUALS"}]})["Findings"][0]
    if seen["Workflow"]["Status"] != "NOTIFIED" or seen["Note"]["Text"] != "Ticket SEC-1 <b>opened</b>" \
            or seen["Note"]["UpdatedBy"] != "arn:aws:iam::%s:root" % ADMIN:
        fail("boto3 does not see the page's update: %r %r" % (seen["Workflow"], seen.get("Note")))
    note = page.eval("document.querySelector(%s + ' td.note-text').textContent" % js(row % "f-critical"))
    if not note.startswith("Ticket SEC-1 <b>opened</b>"):
        fail("the note is not shown as text: %r" % note)
    page.eval("document.activeElement.blur(); document.querySelector('[data-panel=\"findings\"]').scrollIntoView()")
    page.screenshot(os.path.join(out_dir, "console_findings.png"))
    page.eval("window.scrollTo(0, 0)")


def standards(endpoint, page):
    """Enabling a standard shows PENDING, then READY on its own (the server runs with
    --standards-delay-ms); disabling shows DELETING, then not enabled; boto3 agrees."""
    c = Console(page)
    row = "document.querySelector('[data-panel=\"standards\"] tr[data-standard=\"%s\"]')?.dataset.status" % PCI
    page.wait_for(row + " === 'NOT_ENABLED'", "PCI DSS not enabled")
    c.click('[data-panel="standards"] tr[data-standard="%s"] [data-action="BatchEnableStandards"]' % PCI)
    page.wait_for(row + " === 'PENDING'", "PCI DSS PENDING")
    page.wait_for(row + " === 'READY'", "PCI DSS READY without a reload")
    if "batch-enable-standards --standards-subscription-requests '[{\"StandardsArn\":\"%s\"}]'" % PCI \
            not in page.eval(c.result("standards", "querySelector('.cli').textContent")):
        fail("the BatchEnableStandards command is not the one the page ran")
    statuses = {s["StandardsArn"]: s["StandardsStatus"] for s in client(endpoint, ADMIN).get_enabled_standards()["StandardsSubscriptions"]}
    if statuses.get(PCI) != "READY":
        fail("boto3 does not see PCI DSS READY: %r" % statuses)
    c.click('[data-panel="standards"] tr[data-standard="%s"] [data-action="BatchDisableStandards"]' % PCI)
    page.wait_for(row + " === 'DELETING'", "PCI DSS DELETING")
    page.wait_for(row + " === 'NOT_ENABLED'", "PCI DSS gone without a reload")


def live_and_escaping(endpoint, page):
    c = Console(page)
    admin = client(endpoint, ADMIN)
    page.eval("window.__sameDocument = true")
    admin.disassociate_members(AccountIds=[MEMBER])
    admin.create_members(AccountDetails=[{"AccountId": HOSTILE, "Email": HOSTILE_EMAIL}])
    page.wait_for(c.row_status("members", MEMBER) + " === 'Removed'", "the boto3 disassociation, without a reload")
    page.wait_for(c.row_status("members", HOSTILE) + " === 'Created'", "the member boto3 created")
    if page.eval("window.__sameDocument") is not True:
        fail("the page reloaded to show a change made through boto3")
    shown = page.eval("document.querySelector('[data-panel=\"members\"] tr[data-account=\"%s\"] td.email').textContent" % HOSTILE)
    if shown != HOSTILE_EMAIL or page.eval("window.__injected !== undefined || !!document.querySelector('main img, main script')"):
        fail("the email with markup is not shown as text (%r)" % shown)

    # OnlyAssociated is the API's parameter: nothing is associated any more.
    c.click('[data-action="ListMembers"][data-field="OnlyAssociated"]')
    page.wait_for("document.querySelector('#members .empty')?.textContent === 'No associated member.'",
                  "the empty associated list")
    if "--only-associated --endpoint-url" not in page.eval("document.getElementById('members-read').textContent"):
        fail("the ListMembers command does not show --only-associated")
    c.click('[data-action="ListMembers"][data-field="OnlyAssociated"]')
    page.wait_for(c.row_status("members", MEMBER) + " === 'Removed'", "the whole list again")


def organization(endpoint, page):
    """The management account designates the delegated administrator, which turns auto-enable
    on and adds an organization account as a member: Enabled at once, without an invitation."""
    import json
    import urllib.request
    management, delegated, account = "100000000001", "100000000002", "100000000003"
    document = {"organization": {"managementAccountId": management, "accounts": [delegated, account]}}
    urllib.request.urlopen(urllib.request.Request(endpoint + "/_mock/fixtures", data=json.dumps(document).encode(),
                                                  method="POST", headers={"Content-Type": "application/json"}))
    c = Console(page)
    c.switch(management)
    page.wait_for("!document.querySelector('[data-panel=\"organization\"]').hidden", "the organization panel")
    c.type("AdminAccountId", delegated)
    c.click('button[data-action="EnableOrganizationAdminAccount"]')
    page.wait_for("!!document.querySelector('[data-panel=\"organization\"] tr[data-account=\"%s\"]')" % delegated,
                  "%s as the delegated administrator" % delegated)
    c.switch(delegated)
    page.wait_for("!!document.querySelector('#hub-state [data-hub]')", "the delegated administrator's hub state")
    if page.eval("!!document.querySelector('#hub-state [data-hub=\"disabled\"]')"):
        c.click('[data-action="EnableSecurityHub"]')  # the organization configuration needs a hub
    c.wait_hub("enabled")
    page.wait_for("!!document.querySelector('[data-action=\"UpdateOrganizationConfiguration\"]')", "the auto-enable toggle")
    c.click('[data-action="UpdateOrganizationConfiguration"]')
    page.wait_for(c.result("organization") + " === 'ok'", "UpdateOrganizationConfiguration accepted")
    if "update-organization-configuration --auto-enable --endpoint-url" not in page.eval(c.result("organization", "querySelector('.cli').textContent")):
        fail("the UpdateOrganizationConfiguration command is not the one the page ran")
    c.click('[data-panel="organization"] tr[data-account="%s"] [data-action="CreateMembers"]' % account)
    page.wait_for(c.row_status("members", account) + " === 'Enabled'", "the organization account Enabled as a member")
    page.wait_for("document.querySelector('[data-panel=\"members\"] tr[data-account=\"%s\"] .tag')?.textContent === 'organization'"
                  % account, "the organization member marked as one")


def contract(page):
    """Every control is a native control with a name, and the two pages link to each other."""
    unnamed = page.eval("""[...document.querySelectorAll('[data-action]')].filter(e =>
        !['BUTTON', 'INPUT', 'SELECT'].includes(e.tagName) ||
        !(e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim()) || e.labels?.length))
      .map(e => e.outerHTML.slice(0, 80))""")
    if unnamed:
        fail("controls without a native element or a name: %r" % unnamed)
    if not page.eval("document.getElementById('webview-link').getAttribute('href').startsWith('/_mock/ui#')"):
        fail("the console does not link to the web view")
    # A choice that is no account is refused with the reason, and the page keeps acting as before.
    c = Console(page)
    c.type("account", "12345")
    c.click('button[data-action="SwitchAccount"]')
    page.wait_for("document.getElementById('whoami').textContent === "
                  "\"'12345' is not a 12-digit account ID; acting as %s in us-east-1\"" % ADMIN, "the refused choice")


def web_view_links_here(endpoint):
    import urllib.request
    body = urllib.request.urlopen(endpoint + "/_mock/ui").read().decode()
    if 'href="/_mock/console"' not in body:
        fail("the web view does not link to the console")


def strict_auth(binary, out_dir):
    """Under --strict-auth the page asks for the secret, shows the refusal of a wrong one, and
    signs with the right one so that the server verifies it."""
    server = Server(binary, ["--strict-auth", "--default-secret", "s3cret"]).start()
    browser = None
    try:
        browser = Chromium(server.endpoint + "/_mock/console?account=%s&region=eu-west-1" % ADMIN)
        page = browser.page()
        c = Console(page)
        page.wait_for("!document.getElementById('credentials').hidden", "the request for the secret")
        c.type("secretAccessKey", "wrong")
        c.click('[data-action="UseSecret"]')
        c.click('[data-action="EnableSecurityHub"]')
        page.wait_for(c.result("hub", "querySelector('.error')?.dataset.code") + " === 'InvalidSignatureException'",
                      "the refusal of the wrong secret")
        page.wait_for("!document.getElementById('credentials').hidden", "the request for the secret again")
        c.type("secretAccessKey", "s3cret")
        c.click('[data-action="UseSecret"]')
        page.wait_for("document.getElementById('credentials').hidden", "the secret taken")
        c.click('[data-action="EnableSecurityHub"]')
        c.wait_hub("enabled")
        if client_hub(server.endpoint) is not True:
            fail("the page's EnableSecurityHub under --strict-auth did not enable the hub")
        page.close()
    finally:
        if browser:
            browser.close()
        server.stop()


def client_hub(endpoint):
    import boto3
    hub = boto3.client("securityhub", region_name="eu-west-1", endpoint_url=endpoint,
                       aws_access_key_id=ADMIN, aws_secret_access_key="s3cret")
    return "HubArn" in hub.describe_hub()


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, out_dir = sys.argv[1], sys.argv[2]
    if shutil.which("chromium") is None:
        print("SKIP: chromium is not installed; scripts/setup.sh --tests installs Debian's chromium", file=sys.stderr)
        return SKIP
    os.makedirs(out_dir, exist_ok=True)
    # Standards take 1.5 s to be READY or gone, so that the page shows PENDING and DELETING.
    server = Server(binary, ["--standards-delay-ms", "1500"]).start()
    browser = None
    try:
        web_view_links_here(server.endpoint)
        browser = Chromium(server.endpoint + "/_mock/console?account=%s&region=us-east-1" % ADMIN)
        page = browser.page()
        page.call("Emulation.setDeviceMetricsOverride", width=1440, height=900, deviceScaleFactor=1, mobile=False)
        page.wait_for("document.getElementById('live').className === 'on'", "the live indicator on")
        contract(page)
        walkthrough(server.endpoint, page, out_dir)
        refused_action(server.endpoint, page)
        findings(server.endpoint, page, out_dir)
        standards(server.endpoint, page)
        live_and_escaping(server.endpoint, page)
        organization(server.endpoint, page)
        page.close()
    finally:
        if browser:
            browser.close()
        server.stop()
    strict_auth(binary, out_dir)
    print("PASS: the console in headless Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
