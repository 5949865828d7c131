// Run one scenario with the AWS SDK for JavaScript v3 (@aws-sdk/client-securityhub, pinned in
// js/package-lock.json) against a freshly started server.
//
// usage: node run_js.mjs SERVER_BINARY SCENARIO.json [--keep-going]
//
// Substitution, matching and normalization mirror scenario_lib.py exactly; change both together.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const jsDir = join(here, 'js');

// The SDK warns on every process start that future releases need node >= 22; not our concern.
const origEmitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : (warning && warning.message) || '';
  if (text.startsWith('NodeVersionSupportWarning')) return;
  return origEmitWarning.call(process, warning, ...rest);
};

// Client environment (findings.md section 7); credentials and region are also passed explicitly.
for (const k of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN',
  'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SECURITYHUB', 'AWS_RETRY_MODE', 'AWS_CA_BUNDLE',
  'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete process.env[k];
Object.assign(process.env, {
  AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '',
  NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost',
});

// ------------------------------------------------------------------------- normalization

const TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX32_RE = /^[0-9a-f]{32}$/;

function normalize(v) {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'ResponseMetadata' || k === '$metadata' || x === undefined) continue;
      out[k] = normalize(x);
    }
    return out;
  }
  return v;
}

// ------------------------------------------------------------------------- variables

class ScenarioError extends Error {}
const VAR_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const VAR_FULL_RE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function lookup(name, vars) {
  if (!(name in vars)) throw new ScenarioError(`undefined variable \${${name}}`);
  return vars[name];
}

function replaceId(t, id) {
  if (Array.isArray(t)) return t.map((x) => replaceId(x, id));
  if (isObj(t)) return Object.fromEntries(Object.entries(t).map(([k, x]) => [k, replaceId(x, id)]));
  if (typeof t === 'string') return t.split('$id').join(id);
  return t;
}

function substitute(v, vars) {
  if (isObj(v)) {
    if ('$ids' in v) {
      let ids = substitute(v.$ids, vars);
      if (typeof ids === 'string') ids = [ids];
      const template = 'as' in v ? v.as : '$id';
      return ids.map((id) => replaceId(template, id));
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, vars)]));
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, vars));
  if (typeof v === 'string') {
    const m = v.match(VAR_FULL_RE);
    if (m) return lookup(m[1], vars);
    return v.replace(VAR_RE, (_, name) => {
      const x = lookup(name, vars);
      return typeof x === 'string' ? x : JSON.stringify(x);
    });
  }
  return v;
}

function* iterations(step) {
  const f = step.for;
  if (!f) { yield {}; return; }
  const start = BigInt(f.start);
  const count = Number(f.count);
  const batch = Number(f.batch ?? 1);
  const ids = [];
  for (let k = 0; k < count; k++) ids.push((start + BigInt(k)).toString().padStart(12, '0'));
  if (batch === 1) for (const id of ids) yield { [f.var]: id };
  else for (let k = 0; k < count; k += batch) yield { [f.var]: ids.slice(k, k + batch) };
}

function getPath(value, path) {
  let cur = value;
  for (const part of path.split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(part) && Number(part) < cur.length) cur = cur[Number(part)];
    else if (isObj(cur) && part in cur) cur = cur[part];
    else throw new ScenarioError(`save path '${path}': no '${part}' in ${short(cur)}`);
  }
  return cur;
}

// ------------------------------------------------------------------------- matching

function short(v, limit = 300) {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length <= limit ? s : `${s.slice(0, limit)}...(${s.length} chars)`;
}

function match(exp, act, path = '$') {
  if (exp === '$any') return null;
  if (exp === '$timestamp' || exp === '$hex32') {
    const rx = exp === '$timestamp' ? TS_RE : HEX32_RE;
    return typeof act === 'string' && rx.test(act) ? null : `${path}: expected ${exp}, got ${short(act)}`;
  }
  if (isObj(exp) && '$count' in exp) {
    if (!Array.isArray(act)) return `${path}: expected a list, got ${short(act)}`;
    if (act.length !== exp.$count) return `${path}: expected ${exp.$count} elements, got ${act.length}`;
    if (exp.$unique !== undefined) {
      const seen = new Map();
      for (let i = 0; i < act.length; i++) {
        const k = JSON.stringify(isObj(act[i]) && exp.$unique in act[i] ? act[i][exp.$unique] : null);
        if (seen.has(k)) return `${path}: ${exp.$unique} ${k} repeated at [${seen.get(k)}] and [${i}]`;
        seen.set(k, i);
      }
    }
    if ('$each' in exp) {
      for (let i = 0; i < act.length; i++) {
        const d = match(exp.$each, act[i], `${path}[${i}]`);
        if (d) return d;
      }
    }
    return null;
  }
  if (isObj(exp)) {
    if (!isObj(act)) return `${path}: expected an object, got ${short(act)}`;
    const missing = Object.keys(exp).filter((k) => !(k in act));
    const extra = Object.keys(act).filter((k) => !(k in exp));
    if (missing.length || extra.length) {
      return `${path}: keys differ: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}; got ${short(act)}`;
    }
    for (const k of Object.keys(exp)) {
      const d = match(exp[k], act[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(exp)) {
    if (!Array.isArray(act)) return `${path}: expected a list, got ${short(act)}`;
    if (exp.length !== act.length) return `${path}: expected ${exp.length} elements, got ${act.length}: ${short(act)}`;
    for (let i = 0; i < exp.length; i++) {
      const d = match(exp[i], act[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (exp !== act) return `${path}: expected ${short(exp)}, got ${short(act)}`;
  return null;
}

function check(step, o) {
  if (o.failure) return o.failure;
  const ee = step.expect_error;
  if (ee !== undefined) {
    if (o.code === undefined) return `expected error ${ee.code}, call succeeded with ${short(o.output)}`;
    const problems = [];
    if (o.code !== ee.code) problems.push(`code: expected ${ee.code}, got ${o.code}`);
    if ('status' in ee && o.status !== undefined && o.status !== ee.status) problems.push(`status: expected ${ee.status}, got ${o.status}`);
    if ('message' in ee && o.message !== ee.message) problems.push(`message: expected ${short(ee.message)}, got ${short(o.message)}`);
    return problems.length ? `${problems.join('; ')} (error ${o.code} ${o.status} ${short(o.message)})` : null;
  }
  if (o.code !== undefined) return `unexpected error ${o.code} (status ${o.status}): ${o.message}`;
  if ('expect' in step) return match(step.expect, o.output);
  return null;
}

// ------------------------------------------------------------------------- server

// Extra server flags a scenario asks for: "fixtures" is a seed file, relative to the repo.
function serverArgs(scenario) {
  return 'fixtures' in scenario ? ['--fixtures', join(here, '..', '..', scenario.fixtures)] : [];
}

function startServer(binary, extraArgs, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['--port', '0', '--log-level', 'warn', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    let found = false;
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`server did not print its address within ${timeoutMs} ms (got ${JSON.stringify(buf)})`)); }, timeoutMs);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.stdout.on('data', (chunk) => {
      if (found) { process.stderr.write(`[server stdout] ${chunk}`); return; }
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const m = buf.slice(0, nl).match(/http:\/\/127\.0\.0\.1:(\d+)/);
      clearTimeout(timer);
      if (!m) { proc.kill('SIGKILL'); reject(new Error(`unexpected first server line ${JSON.stringify(buf.slice(0, nl))}`)); return; }
      found = true;
      resolve({ proc, port: Number(m[1]) });
    });
    proc.on('exit', (code, sig) => {
      if (!found) { clearTimeout(timer); reject(new Error(`server exited early (code ${code}, signal ${sig})`)); }
    });
  });
}

function stopServer(proc, timeoutMs = 15000) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) { resolve(proc.exitCode); return; }
    const timer = setTimeout(() => { proc.kill('SIGKILL'); resolve(null); }, timeoutMs);
    proc.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    proc.kill('SIGTERM');
  });
}

// ------------------------------------------------------------------------- client

function makeCaller(sh, endpoint) {
  const clients = new Map();
  const clientFor = (account, region) => {
    const key = `${account}/${region}`;
    if (!clients.has(key)) {
      clients.set(key, new sh.SecurityHubClient({
        endpoint, region, maxAttempts: 1, credentials: { accessKeyId: account, secretAccessKey: 'x' },
      }));
    }
    return clients.get(key);
  };
  const call = async (step) => {
    const client = clientFor(step.as, step.region);
    const Command = sh[`${step.op}Command`];
    if (!Command) return { failure: `the JS SDK has no ${step.op}Command` };
    try {
      let out;
      if (step.paginate) {
        const paginate = sh[`paginate${step.op}`];
        if (!paginate) return { failure: `the JS SDK has no paginate${step.op}` };
        out = {};
        // Merge like botocore's build_full_result: concatenate lists, keep other keys of page 1.
        for await (const page of paginate({ client, pageSize: step.paginate.page_size }, step.input)) {
          for (const [k, v] of Object.entries(page)) {
            if (k === '$metadata' || k === 'NextToken' || v === undefined) continue;
            if (Array.isArray(v)) out[k] = (out[k] || []).concat(v);
            else if (!(k in out)) out[k] = v;
          }
        }
      } else {
        out = await client.send(new Command(step.input));
      }
      return { output: normalize(out) };
    } catch (e) {
      if (e instanceof sh.SecurityHubServiceException) {
        return { code: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
      }
      return { failure: `JS SDK raised ${e?.name}: ${e?.message}` };
    }
  };
  // Drop keep-alive connections before the server is stopped.
  call.close = () => { for (const c of clients.values()) c.destroy(); };
  return call;
}

// ------------------------------------------------------------------------- driver

const STEP_KEYS = new Set(['as', 'region', 'op', 'input', 'paginate', 'expect', 'expect_error',
  'save', 'for', 'setup', 'clients', 'note']);

async function main(argv) {
  const args = argv.filter((a) => !a.startsWith('--'));
  const keepGoing = argv.includes('--keep-going');
  if (args.length !== 2) {
    process.stderr.write('usage: node run_js.mjs SERVER_BINARY SCENARIO.json [--keep-going]\n');
    return 2;
  }
  const [binary, scenarioPath] = args;
  const modDir = join(jsDir, 'node_modules', '@aws-sdk', 'client-securityhub');
  if (!existsSync(modDir)) {
    process.stderr.write(`run_js.mjs: ${modDir} is missing.\n` +
      `Install the pinned JS SDK first:  npm ci --prefix ${jsDir}\n`);
    return 1;
  }
  const sh = createRequire(join(jsDir, 'package.json'))('@aws-sdk/client-securityhub');

  const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
  if (!Array.isArray(scenario.steps) || scenario.steps.length === 0) throw new ScenarioError(`${scenarioPath}: no steps`);
  scenario.steps.forEach((s, i) => {
    if (!('as' in s) || !('op' in s)) throw new ScenarioError(`${scenarioPath}: step ${i} needs 'as' and 'op'`);
    const unknown = Object.keys(s).filter((k) => !STEP_KEYS.has(k)).sort();
    if (unknown.length) throw new ScenarioError(`${scenarioPath}: step ${i} has unknown keys ${JSON.stringify(unknown)}`);
  });
  const name = basename(scenarioPath).replace(/\.json$/, '');
  console.log(`scenario ${name}, client js: ${scenario.description ?? ''}`);

  const t0 = performance.now();
  const server = await startServer(binary, serverArgs(scenario));
  let passed = 0; let failed = 0; let skipped = 0; let notRun = 0;
  const vars = {};
  const call = makeCaller(sh, `http://127.0.0.1:${server.port}`);
  try {
    const steps = scenario.steps;
    for (let idx = 0; idx < steps.length; idx++) {
      const raw = steps[idx];
      if (failed && !keepGoing) { notRun = steps.length - idx; break; }
      const label = `step ${idx} ${raw.op}`;
      if (raw.clients && !raw.clients.includes('js')) {
        skipped++;
        console.log(`${label}: skipped for js (clients ${JSON.stringify(raw.clients)})`);
        continue;
      }
      const ts = performance.now();
      let n = 0; let error = null; let who = '';
      try {
        for (const overlay of iterations(raw)) {
          const scope = { ...vars, ...overlay };
          const step = {
            as: substitute(raw.as, scope),
            region: substitute(raw.region ?? 'us-east-1', scope),
            op: raw.op,
            input: substitute(raw.input ?? {}, scope),
            paginate: raw.paginate,
            setup: Boolean(raw.setup),
          };
          if ('expect' in raw) step.expect = substitute(raw.expect, scope);
          if ('expect_error' in raw) step.expect_error = substitute(raw.expect_error, scope);
          who = `as ${raw.for ? raw.as : step.as} ${step.region}`;
          const outcome = await call(step);
          n++;
          error = check(step, outcome);
          if (error) {
            if (raw.for) error = `iteration ${n - 1} (${short(overlay, 120)}): ${error}`;
            break;
          }
          for (const [v, path] of Object.entries(raw.save ?? {})) vars[v] = getPath(outcome.output, path);
        }
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        error = e.message;
      }
      const dt = ((performance.now() - ts) / 1000).toFixed(2);
      const reps = raw.for ? ` x${n}` : '';
      if (error) {
        failed++;
        console.log(`${label} ${who}${reps}: FAILED (${dt}s)\n    ${error}`);
      } else {
        passed++;
        console.log(`${label} ${who}${reps}: ok (${dt}s)`);
      }
    }
  } finally {
    call.close();
    const rc = await stopServer(server.proc);
    if (rc !== 0) {
      failed++;
      console.log(`server: exit code after SIGTERM was ${rc === null ? 'none (killed)' : rc}, expected 0`);
    }
  }
  let tail = '';
  if (skipped) tail += `, ${skipped} skipped`;
  if (notRun) tail += `, ${notRun} not run`;
  console.log(`${passed} passed, ${failed} failed${tail} (${((performance.now() - t0) / 1000).toFixed(1)}s)`);
  return failed === 0 ? 0 : 1;
}

export { normalize, substitute, iterations, getPath, match, check };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((rc) => { process.exitCode = rc; }, (e) => {
    console.error(e instanceof ScenarioError ? `scenario error: ${e.message}` : e);
    process.exitCode = 1;
  });
}
