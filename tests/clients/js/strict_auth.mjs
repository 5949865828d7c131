// --strict-auth through the JS SDK v3 (@aws-sdk/client-securityhub and client-sts, pinned in
// package-lock.json); strict_auth_clients.py does the same with boto3 and the AWS CLI v2.
//
//   node tests/clients/js/strict_auth.mjs <securityhub-mock binary>
//
// Starts its own server with --strict-auth, --default-secret and a fixture key that carries
// its own secret, then calls Security Hub and STS with the right secrets (answered) and with a
// wrong secret or an unknown key (refused with AWS's error codes). Exits 0 only if every check
// passed and the server stopped with exit code 0 on SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { runChecks } from './standalone_checks.mjs';

const missing = () => {
  console.error('the SDK is missing: run  npm ci --prefix tests/clients/js');
  process.exit(2);
};
const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts').catch(missing);
const { SecurityHubClient, EnableSecurityHubCommand, DescribeHubCommand } =
  await import('@aws-sdk/client-securityhub').catch(missing);

const [ADMIN, MEMBER_KEY, MEMBER] = ['111111111111', 'AKIAMEMBEREXAMPLE', '222222222222'];
const [DEFAULT_SECRET, MEMBER_SECRET] = ['default-secret', 'member-secret'];
const REGION = 'eu-west-1';
const FIXTURE = { accessKeys: { [MEMBER_KEY]: { accountId: MEMBER, secretAccessKey: MEMBER_SECRET } } };

// [key, secret, call, expected]: expected is the answer's named members, or the error's name.
const CASES = [
  [ADMIN, DEFAULT_SECRET, 'EnableSecurityHub', {}],
  [ADMIN, DEFAULT_SECRET, 'DescribeHub', { HubArn: `arn:aws:securityhub:${REGION}:${ADMIN}:hub/default` }],
  [ADMIN, DEFAULT_SECRET, 'GetCallerIdentity', { Account: ADMIN }],
  [MEMBER_KEY, MEMBER_SECRET, 'EnableSecurityHub', {}],
  [MEMBER_KEY, MEMBER_SECRET, 'GetCallerIdentity', { Account: MEMBER }],
  [ADMIN, 'wrong-secret', 'DescribeHub', 'InvalidSignatureException'],
  [MEMBER_KEY, DEFAULT_SECRET, 'DescribeHub', 'InvalidSignatureException'],
  [ADMIN, 'wrong-secret', 'GetCallerIdentity', 'SignatureDoesNotMatch'],
  ['AKIASTRANGER', DEFAULT_SECRET, 'DescribeHub', 'UnrecognizedClientException'],
  ['AKIASTRANGER', DEFAULT_SECRET, 'GetCallerIdentity', 'InvalidClientTokenId'],
];

async function call(endpoint, key, secret, name) {
  const options = { endpoint, region: REGION, maxAttempts: 1, credentials: { accessKeyId: key, secretAccessKey: secret } };
  const sts = name === 'GetCallerIdentity';
  const client = sts ? new STSClient(options) : new SecurityHubClient(options);
  const command = sts ? new GetCallerIdentityCommand({})
    : name === 'EnableSecurityHub' ? new EnableSecurityHubCommand({}) : new DescribeHubCommand({});
  try {
    const { $metadata, ...out } = await client.send(command);
    return out;
  } catch (e) {
    return e.name;
  } finally {
    client.destroy();
  }
}

if (process.argv.length !== 3) {
  console.error('usage: node strict_auth.mjs <securityhub-mock binary>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'shmock-strict-'));
const fixtures = join(dir, 'fixtures.json');
writeFileSync(fixtures, JSON.stringify(FIXTURE));
let status = 1;
try {
  const serverArgs = ['--log-level', 'error', '--strict-auth', '--default-secret', DEFAULT_SECRET, '--fixtures', fixtures];
  status = await runChecks(process.argv[2], serverArgs, CASES, async (endpoint, [key, secret, name, expected]) => {
    let got = await call(endpoint, key, secret, name);
    if (typeof expected === 'object' && typeof got === 'object') {
      got = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k]]));
    }
    const ok = isDeepStrictEqual(got, expected);
    return { ok, line: `js ${name} as ${key}/${secret}: ${ok ? 'ok' : `FAILED, got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`}` };
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
