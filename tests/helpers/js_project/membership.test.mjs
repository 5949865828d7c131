// A user's tests of code that manages Security Hub members, with node:test and the JS SDK v3.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import {
  AcceptAdministratorInvitationCommand, CreateMembersCommand, EnableSecurityHubCommand,
  GetMembersCommand, InviteMembersCommand, ListInvitationsCommand, ListMembersCommand,
  SecurityHubClient,
} from "@aws-sdk/client-securityhub";
import { FixtureError, fixturePath, startMock } from "securityhub-mock";

const ADMIN = "111111111111", MEMBER = "222222222222";
let mock;

before(async () => {
  mock = await startMock();
  // The harness's only hook: it checks that every server it is told of is gone afterwards.
  if (process.env.SAMPLE_RECORD_DIR) fs.writeFileSync(`${process.env.SAMPLE_RECORD_DIR}/membership.pid`, String(mock.pid));
});
after(() => mock.stop());
beforeEach(() => mock.reset());

const securityhub = (account) => new SecurityHubClient({
  endpoint: mock.endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: account, secretAccessKey: "x" },
});

// The code under test: an administrator brings a member account in.
async function inviteAndAccept(admin, member) {
  await admin.send(new CreateMembersCommand({ AccountDetails: [{ AccountId: MEMBER, Email: "member@example.com" }] }));
  await admin.send(new InviteMembersCommand({ AccountIds: [MEMBER] }));
  const { Invitations } = await member.send(new ListInvitationsCommand({}));
  await member.send(new AcceptAdministratorInvitationCommand({ AdministratorId: ADMIN, InvitationId: Invitations[0].InvitationId }));
}

test("invite and accept", async () => {
  const admin = securityhub(ADMIN), member = securityhub(MEMBER);
  await admin.send(new EnableSecurityHubCommand({}));
  await member.send(new EnableSecurityHubCommand({}));
  await inviteAndAccept(admin, member);
  const { Members } = await admin.send(new GetMembersCommand({ AccountIds: [MEMBER] }));
  assert.equal(Members[0].MemberStatus, "Enabled");
  assert.deepEqual(mock.log().map((c) => [c.operation, c.account, c.status]), [
    ["EnableSecurityHub", ADMIN, 200], ["EnableSecurityHub", MEMBER, 200], ["CreateMembers", ADMIN, 200],
    ["InviteMembers", ADMIN, 200], ["ListInvitations", MEMBER, 200],
    ["AcceptAdministratorInvitation", MEMBER, 200], ["GetMembers", ADMIN, 200]]);
});

test("each test starts empty", async () => {
  assert.deepEqual(await mock.state(), { accessKeys: {}, hubs: [], members: [] });
  assert.deepEqual(mock.log(), []);
  await assert.rejects(securityhub(ADMIN).send(new ListMembersCommand({})), { name: "BadRequestException" });
});

test("a shipped fixture, by name", async () => {
  await mock.load("walkthrough-mid-flow");
  assert.deepEqual(await mock.state(), JSON.parse(fs.readFileSync(fixturePath("walkthrough-mid-flow"))));
  const { Members } = await securityhub(ADMIN).send(new ListMembersCommand({ OnlyAssociated: false }));
  assert.deepEqual(Members.map((m) => [m.AccountId, m.MemberStatus]).sort(), [
    ["222222222222", "Enabled"], ["333333333333", "Invited"], ["444444444444", "Created"],
    ["555555555555", "Removed"], ["666666666666", "Resigned"], ["888888888888", "Invited"]]);
});

test("a fixture the server refuses changes nothing", async () => {
  await mock.load("walkthrough-start");
  const before = await mock.state();
  await assert.rejects(mock.load({ hubs: [{ accountId: "1", region: "us-east-1" }] }),
    (e) => e instanceof FixtureError && e.message.includes("/hubs/0/accountId: '1' is not a 12-digit account ID"));
  assert.deepEqual(await mock.state(), before);
});

test("faults", async () => {
  const admin = securityhub(ADMIN);
  await admin.send(new EnableSecurityHubCommand({}));
  const rule = await mock.faults.arm("ListMembers", { account: ADMIN, count: 1,
    error: { status: 429, code: "LimitExceededException", message: "Rate exceeded" } });
  assert.equal(rule.remaining, 1);
  await assert.rejects(admin.send(new ListMembersCommand({})), { name: "LimitExceededException" });
  assert.deepEqual((await admin.send(new ListMembersCommand({}))).Members, []);
  assert.deepEqual((await mock.faults.list()).map((r) => [r.matched, r.applied]), [[2, 1]]);
  await mock.faults.clear();
  assert.deepEqual(await mock.faults.list(), []);
  assert.deepEqual(mock.log().map((c) => c.status), [200, 429, 200]);
});
