// Executes AWS Security Hub and STS calls with the AWS SDK for JavaScript v3
// (@aws-sdk/client-securityhub and @aws-sdk/client-sts, pinned in js/package-lock.json) for run_js.py. It knows nothing of scenarios: scenario_lib.py
// decides what a step means and what its outcome is worth.
//
// usage: node js_caller.mjs ENDPOINT      (e.g. http://127.0.0.1:8080)
//
// Protocol: once the SDK is loaded the caller writes {"ready": true}; then it reads one JSON
// object per line on stdin and writes one answer line on stdout for each, in order.
//   request  {"service": "securityhub" | "sts", "credentials": {"accessKeyId", "secretAccessKey",
//             "sessionToken"?}, "region": R, "op": "ListMembers", "input": {...},
//             "paginate": {"page_size": N} | null}
//   answer   {"output": {...}}                  the SDK's output object
//            {"pages": [{...}, ...]}            the paginator's pages, when "paginate" was given
//            {"error": {"code", "status", "message"}}   a service error
//            {"failure": "text"}                the SDK failed without a service error
// Outputs go through JSON.stringify unchanged: a Date becomes its toISOString() and
// undefined members disappear; $metadata stays for the Python side to drop.
// The process exits 0 when stdin closes. Nothing else may be written to stdout.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The SDK warns on every process start that future releases need node >= 22; not our concern.
const origEmitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : (warning && warning.message) || '';
  if (text.startsWith('NodeVersionSupportWarning')) return;
  return origEmitWarning.call(process, warning, ...rest);
};

const jsDir = join(dirname(fileURLToPath(import.meta.url)), 'js');
const sdkDir = join(jsDir, 'node_modules', '@aws-sdk', 'client-securityhub');

// One client per (service, access key, Region).
function clientCache(sdks, endpoint) {
  const clients = new Map();
  return {
    get(service, credentials, region) {
      const key = `${service}/${credentials.accessKeyId}/${region}`;
      if (!clients.has(key)) {
        const { sdk, Client } = sdks[service];
        clients.set(key, new sdk[Client]({ endpoint, region, maxAttempts: 1, credentials }));
      }
      return clients.get(key);
    },
    // Drops keep-alive connections so the process can exit.
    destroy() { for (const c of clients.values()) c.destroy(); },
  };
}

async function execute(sdks, clients, req) {
  const sdk = sdks[req.service]?.sdk;
  if (!sdk) return { failure: `no JS SDK client for the service ${req.service}` };
  const client = clients.get(req.service, req.credentials, req.region);
  const Command = sdk[`${req.op}Command`];
  if (!Command) return { failure: `the JS SDK has no ${req.op}Command` };
  try {
    if (req.paginate) {
      const paginate = sdk[`paginate${req.op}`];
      if (!paginate) return { failure: `the JS SDK has no paginate${req.op}` };
      const pages = [];
      for await (const page of paginate({ client, pageSize: req.paginate.page_size }, req.input)) pages.push(page);
      return { pages };
    }
    return { output: await client.send(new Command(req.input)) };
  } catch (e) {
    if (e instanceof sdks[req.service].ServiceException) {
      // In STS's query protocol the SDK names a modelled error by its shape
      // (MalformedPolicyDocumentException); the code on the wire, which boto3 and the CLI report,
      // is in e.Code.
      const code = (req.service === 'sts' && e.Code) || e.name;
      return { error: { code, status: e.$metadata?.httpStatusCode ?? null, message: e.message } };
    }
    return { failure: `JS SDK raised ${e?.name}: ${e?.message}` };
  }
}

async function main(argv) {
  if (argv.length !== 1) {
    process.stderr.write('usage: node js_caller.mjs ENDPOINT\n');
    return 2;
  }
  if (!existsSync(sdkDir)) {
    process.stderr.write(`js_caller.mjs: ${sdkDir} is missing.\n` +
      `Install the pinned JS SDK first:  npm ci --prefix ${jsDir}\n`);
    return 1;
  }
  const load = createRequire(join(jsDir, 'package.json'));
  const sh = load('@aws-sdk/client-securityhub');
  const sts = load('@aws-sdk/client-sts');
  const sdks = {
    securityhub: { sdk: sh, Client: 'SecurityHubClient', ServiceException: sh.SecurityHubServiceException },
    sts: { sdk: sts, Client: 'STSClient', ServiceException: sts.STSServiceException },
  };
  const clients = clientCache(sdks, argv[0]);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  try {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const answer = await execute(sdks, clients, JSON.parse(line));
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    }
  } finally {
    clients.destroy();
  }
  return 0;
}

main(process.argv.slice(2)).then((rc) => { process.exitCode = rc; }, (e) => {
  console.error(e);
  process.exitCode = 1;
});
