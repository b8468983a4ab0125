#!/usr/bin/env node
// careerpro-fla sandbox: a LOCAL STAND-IN of the Belgian social security REST platform (token
// endpoint + illustrative FLA API), for tests. Not the platform. See README.md.
//
//   node server.mjs [--port 0] [--host 127.0.0.1] [--clients dir] [--strict] [--cors] [--algorithms RS256,ES384]
//                   [--token-lifetime s] [--clock-offset s] [--clock-tolerance s] [--fault JSON]...
//                   [--url-file path] [--pid-file path] [--exit-on-stdin-eof]
//
// Prints one JSON line with the URLs on stdout; logs go to stderr. Stops on SIGTERM/SIGINT.
import { writeFileSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startSandbox } from './lib/sandbox.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  process.stderr.write(`sandbox: ${message}\nusage: node server.mjs [--port 0] [--host 127.0.0.1] [--clients dir] [--strict] [--cors] [--algorithms list] [--token-lifetime s] [--clock-offset s] [--clock-tolerance s] [--fault JSON]... [--url-file path] [--pid-file path] [--exit-on-stdin-eof]\n`);
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      clients: { type: 'string', default: resolve(here, 'clients') },
      strict: { type: 'boolean', default: false },
      cors: { type: 'boolean', default: false },
      algorithms: { type: 'string' },
      'token-lifetime': { type: 'string' },
      'clock-offset': { type: 'string' },
      'clock-tolerance': { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
      'url-file': { type: 'string' },
      'pid-file': { type: 'string' },
      'exit-on-stdin-eof': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  usage(e.message);
}
if (args.help) usage('help');

const number = (name, { integer = true, min = -Infinity } = {}) => {
  const raw = args[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) usage(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
  return n;
};

let faults;
try {
  faults = args.fault.map((f) => JSON.parse(f));
} catch (e) {
  usage(`--fault must be a JSON object (${e.message})`);
}

function writeAtomic(path, text) {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

let sandbox;
try {
  sandbox = await startSandbox({
    port: number('port', { min: 0 }),
    host: args.host,
    clientsDir: resolve(args.clients),
    strict: args.strict,
    cors: args.cors,
    algorithms: args.algorithms ? args.algorithms.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    tokenLifetime: number('token-lifetime', { min: 1 }),
    clockOffset: number('clock-offset', { integer: false }),
    clockTolerance: number('clock-tolerance', { min: 0 }),
    faults,
  });
} catch (e) {
  process.stderr.write(`sandbox: cannot start: ${e.message}\n`);
  process.exit(1);
}

const line = JSON.stringify({ ...sandbox.urls, pid: process.pid });
if (args['pid-file']) writeAtomic(args['pid-file'], `${process.pid}\n`);
if (args['url-file']) writeAtomic(args['url-file'], `${line}\n`);
process.stdout.write(`${line}\n`);
process.stderr.write(`sandbox: listening on ${sandbox.urls.base_url}${args.strict ? ' (strict: RS256 only)' : ''}\n`);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`sandbox: ${signal}, stopping\n`);
  await sandbox.close();
  for (const f of [args['url-file'], args['pid-file']]) if (f) rmSync(f, { force: true });
  process.exit(0);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// For a parent that spawns the sandbox with a stdin pipe: if the parent dies, stdin closes and
// the sandbox goes too, instead of lingering on its port.
if (args['exit-on-stdin-eof']) {
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin closed'));
  process.stdin.resume();
}
