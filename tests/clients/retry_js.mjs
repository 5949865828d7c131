// The JS SDK v3's standard retry strategy against fault rules (POST /_mock/faults), standalone;
// and the endpoint taken from AWS_ENDPOINT_URL_SECURITYHUB / AWS_ENDPOINT_URL.
//
// usage: node retry_js.mjs SERVER_BINARY
//
// Retries: for each case it arms one counted rule on ListMembers, calls once with
// { maxAttempts: 3, retryMode: "standard" }, and checks the client's outcome and the attempts the
// server saw (the rule's `matched` counter): 2 x 429 LimitExceededException and 2 x 500
// InternalException end in success after 3 attempts; 5 x 429 fails with LimitExceededException
// after 3.
// Endpoint: a client built without `endpoint` reaches the mock through either variable.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sh = createRequire(join(here, 'js', 'package.json'))('@aws-sdk/client-securityhub');

process.emitWarning = ((emit) => function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : (warning && warning.message) || '';
  if (text.startsWith('NodeVersionSupportWarning')) return;
  return emit.call(process, warning, ...rest);
})(process.emitWarning);

for (const k of ['AWS_PROFILE', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SECURITYHUB', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[k];
Object.assign(process.env, {
  AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true', NO_PROXY: '127.0.0.1,localhost',
});

const ADMIN = '111111111111';
const credentials = { accessKeyId: ADMIN, secretAccessKey: 'x' };
const CASES = [  // [count, status, code, client succeeds]
  [2, 429, 'LimitExceededException', true],
  [2, 500, 'InternalException', true],
  [5, 429, 'LimitExceededException', false],
];

async function control(base, method, path, body) {
  const r = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return r.json();
}

const server = spawn(process.argv[2], ['--port', '0', '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
const firstLine = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const base = `http://127.0.0.1:${/http:\/\/127\.0\.0\.1:(\d+)/.exec(firstLine)[1]}`;
const failures = [];
const check = (name, ok, detail) => {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${name}: ${detail}`);
  if (!ok) failures.push(name);
};

try {
  const client = new sh.SecurityHubClient({ endpoint: base, region: 'us-east-1', credentials,
    maxAttempts: 3, retryMode: 'standard' });
  for (const [count, status, code, succeeds] of CASES) {
    await control(base, 'POST', '/_mock/reset');
    await client.send(new sh.EnableSecurityHubCommand({}));
    await control(base, 'POST', '/_mock/faults', { operation: 'ListMembers', account: ADMIN, count,
      error: { status, code, message: 'injected' } });
    let outcome = 'success';
    try {
      await client.send(new sh.ListMembersCommand({}));
    } catch (e) {
      outcome = e.name;
    }
    const attempts = (await control(base, 'GET', '/_mock/faults')).rules[0].matched;
    const expected = succeeds ? 'success' : code;
    check(`${count} x ${status} ${code}`, outcome === expected && attempts === 3,
      `client ${outcome} (expected ${expected}), server saw ${attempts} attempts (expected 3)`);
  }

  // The endpoint from the environment: the service-specific variable, then the general one.
  for (const variable of ['AWS_ENDPOINT_URL_SECURITYHUB', 'AWS_ENDPOINT_URL']) {
    await control(base, 'POST', '/_mock/reset');
    process.env[variable] = base;
    const fromEnv = new sh.SecurityHubClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
    let outcome;
    try {
      await fromEnv.send(new sh.EnableSecurityHubCommand({}));
      const hub = await fromEnv.send(new sh.DescribeHubCommand({}));
      outcome = hub.HubArn;
    } catch (e) {
      outcome = `${e.name}: ${e.message}`;
    }
    delete process.env[variable];
    check(variable, outcome === `arn:aws:securityhub:us-east-1:${ADMIN}:hub/default`, `DescribeHub: ${outcome}`);
  }
} finally {
  server.kill('SIGTERM');
}
process.exitCode = failures.length ? 1 : 0;
