// --strict-auth through the JS SDK v3 (@aws-sdk/client-securityhub and client-sts, pinned in
// package-lock.json); strict_auth_clients.py does the same with boto3 and the AWS CLI v2.
//
//   node tests/clients/js/strict_auth.mjs <securityhub-mock binary>
//
// Starts its own server with --strict-auth, --default-secret and a fixture key that carries
// its own secret, then calls Security Hub and STS with the right secrets (answered) and with a
// wrong secret or an unknown key (refused with AWS's error codes). Exits 0 only if every check
// passed and the server stopped with exit code 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

// The SDK warns on every start that future releases need node >= 22; not this test's concern.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  String(warning?.message ?? warning).startsWith('NodeVersionSupportWarning') ? undefined
    : emitWarning.call(process, warning, ...rest);

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

function startServer(binary, fixtures) {
  return new Promise((resolve, reject) => {
    const args = ['--port', '0', '--log-level', 'error', '--strict-auth', '--default-secret', DEFAULT_SECRET,
      '--fixtures', fixtures];
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('server did not print its address')); }, 20000);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.stdout.on('data', (chunk) => {
      if (buf === null) return;
      buf += chunk.toString();
      const m = buf.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      buf = null;
      resolve({ proc, endpoint: `http://127.0.0.1:${m[1]}` });
    });
  });
}

function stopServer(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(proc.exitCode); return; }
    const timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(null); }, 15000);
    proc.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    proc.kill('SIGTERM');
  });
}

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
const { proc, endpoint } = await startServer(process.argv[2], fixtures);
let failures = 0;
try {
  for (const [key, secret, name, expected] of CASES) {
    let got = await call(endpoint, key, secret, name);
    if (typeof expected === 'object' && typeof got === 'object') {
      got = Object.fromEntries(Object.keys(expected).map((k) => [k, got[k]]));
    }
    const ok = isDeepStrictEqual(got, expected);
    if (!ok) failures++;
    console.log(`js ${name} as ${key}/${secret}: ${ok ? 'ok' : `FAILED, got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`}`);
  }
} finally {
  const code = await stopServer(proc);
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) {
    console.log(`server: exit code after SIGTERM was ${code}, expected 0`);
    failures++;
  }
}
console.log(`${CASES.length - Math.min(failures, CASES.length)} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
