// Start-up fixtures (restored by every reset), and a second client of the same server through
// connectMock, as a Jest or Vitest global setup would hand it to the test files.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { DisableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { connectMock, fixturePath, startMock } from "securityhub-mock";

let mock;
before(async () => {
  mock = await startMock({ fixtures: "walkthrough-start" });
  if (process.env.SAMPLE_RECORD_DIR) fs.writeFileSync(`${process.env.SAMPLE_RECORD_DIR}/startup.pid`, String(mock.pid));
});
after(() => mock.stop());
beforeEach(() => mock.reset());

const walkthroughStart = () => JSON.parse(fs.readFileSync(fixturePath("walkthrough-start")));

test("changes the state", async () => {
  const admin = new SecurityHubClient({ endpoint: mock.endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "111111111111", secretAccessKey: "x" } });
  await admin.send(new DisableSecurityHubCommand({}));
  assert.equal((await mock.state()).hubs.length, 1);
});

test("starts from the fixtures again", async () => {
  assert.deepEqual(await mock.state(), walkthroughStart());
});

test("connectMock reaches the same server", async () => {
  const other = connectMock(mock.endpoint, { startupFixtures: true });
  await other.load({ hubs: [{ accountId: "333333333333", region: "us-east-1" }] });
  assert.equal((await mock.state()).hubs.length, 3);
  await other.reset();
  assert.deepEqual(await mock.state(), walkthroughStart());
  assert.equal((await other.health()).status, "ok");
});
