#!/usr/bin/env node
// Times ONNX models in ONNX Runtime (onnxruntime-node, CPU). NasML's `onnx` benchmark
// (bench/NasML.Benchmarks/OnnxLatencyBenchmark.cs) uses it to compare ONNX Runtime with libtorch.
//
// Each timed run is process.hrtime around `await session.run(feeds)` with the feeds built once beforehand, so it
// covers the public API call (the binding's input/output copies and its setImmediate hop included) but not process
// start, model loading or session creation. Sessions run on the CPU provider with the thread counts given (one intra-op
// and one inter-op thread by default, sequential execution) and are cached per model, level and threads.
//
// By hand, one model on a seeded random input:
//   node latency.js MODEL.onnx SHAPE [--warmup N] [--runs N] [--optimization all|extended|basic|disabled] [--threads N]
//     SHAPE comma-separated dimensions of the graph input, e.g. 1,1,28,28
//   prints {"medianMs", "minimumMs", "runsMs": [...], "outputs": {"NAME": {"dims"}}}
//
// As a server (one JSON request per line on stdin, one JSON answer per line on stdout; ends at end of input):
//   node latency.js --serve
//     request = {"id": "ID", "model": "PATH", "input": {"file": "RAW_FLOAT32_PATH", "dims": [...]},
//                "inputName": "input" (optional, the first input by default),
//                "warmup": N, "runs": N, "optimization": "all" (default) | "extended" | "basic" | "disabled",
//                "threads": 1 (default), "outputDir": "DIR" (optional: write the last run's outputs there as raw float32)}
//     answer  = {"id", "runsMs": [...], "outputs": {"NAME": {"dims", "file"?}}} | {"id", "error"}
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

const { loadRuntime } = require('./runtime');

const LEVELS = new Set(['all', 'extended', 'basic', 'disabled']);

async function getSession(ort, sessions, model, optimization, threads) {
  if (!LEVELS.has(optimization)) {
    throw new Error(`unknown optimization level '${optimization}' (all, extended, basic, disabled)`);
  }
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`threads must be a positive integer, found ${threads}`);
  }
  const key = `${optimization}|${threads}|${model}`;
  let session = sessions.get(key);
  if (!session) {
    session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: optimization,
    });
    sessions.set(key, session);
  }
  return session;
}

function readFloats(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.length % 4 !== 0) {
    throw new Error(`'${file}' holds ${bytes.length} bytes, not a whole number of float32 values`);
  }
  // Copy into an aligned buffer: a Buffer's offset into its pool need not be a multiple of 4.
  const values = new Float32Array(bytes.length / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

function checkedTensor(ort, values, dims) {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new Error(`input shape [${dims}] needs ${count} values, found ${values.length}`);
  }
  return new ort.Tensor('float32', values, dims);
}

function checkedCount(value, name, minimum) {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer of at least ${minimum}, found ${value}`);
  }
  return value;
}

// Warm-up runs, then timed runs; returns the timings in milliseconds and the last run's outputs.
async function time(session, feeds, warmup, runs) {
  for (let run = 0; run < warmup; run++) {
    await session.run(feeds);
  }
  const runsMs = new Array(runs);
  let results = null;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    results = await session.run(feeds);
    runsMs[run] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { runsMs, results };
}

async function serveOne(ort, sessions, request) {
  const session = await getSession(
    ort, sessions, request.model, request.optimization || 'all', request.threads === undefined ? 1 : request.threads);
  const inputName = request.inputName || session.inputNames[0];
  const dims = request.input.dims.map(Number);
  const feeds = { [inputName]: checkedTensor(ort, readFloats(request.input.file), dims) };
  const warmup = checkedCount(request.warmup === undefined ? 10 : request.warmup, 'warmup', 0);
  const runs = checkedCount(request.runs === undefined ? 50 : request.runs, 'runs', 1);
  const { runsMs, results } = await time(session, feeds, warmup, runs);
  const outputs = {};
  for (const name of session.outputNames) {
    const tensor = results[name];
    const entry = { dims: Array.from(tensor.dims, Number) };
    if (request.outputDir) {
      const file = path.join(request.outputDir, `${request.id}.${name}.bin`.replace(/[^A-Za-z0-9_.-]/g, '_'));
      const data = Float32Array.from(tensor.data);
      fs.writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      entry.file = file;
    }
    outputs[name] = entry;
  }
  return { id: request.id, runsMs, outputs };
}

async function serve(ort) {
  const sessions = new Map();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim().length === 0) {
      continue;
    }
    let id = null;
    let answer;
    try {
      const request = JSON.parse(line);
      id = request.id === undefined ? null : request.id;
      answer = await serveOne(ort, sessions, request);
    } catch (error) {
      answer = { id, error: String(error && error.message ? error.message : error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}

// A small seeded generator (mulberry32) so that a run by hand is repeatable; values uniform in [-1, 1).
function seededValues(count, seed) {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

async function byHand(ort, argv) {
  const usage = 'usage: node latency.js MODEL.onnx SHAPE [--warmup N] [--runs N] [--optimization LEVEL] [--threads N]  |  node latency.js --serve';
  if (argv.length < 2 || argv.length % 2 !== 0) {
    throw new Error(usage);
  }
  const [model, shape] = argv;
  const options = { warmup: 10, runs: 50, optimization: 'all', threads: 1 };
  for (let index = 2; index < argv.length; index += 2) {
    const name = argv[index].replace(/^--/, '');
    if (!(name in options)) {
      throw new Error(`unknown option ${argv[index]}; ${usage}`);
    }
    options[name] = name === 'optimization' ? argv[index + 1] : Number(argv[index + 1]);
  }
  const dims = shape.split(',').filter((s) => s.length > 0).map(Number);
  const session = await getSession(ort, new Map(), model, options.optimization, options.threads);
  const count = dims.reduce((a, b) => a * b, 1);
  const feeds = { [session.inputNames[0]]: checkedTensor(ort, seededValues(count, 1), dims) };
  const { runsMs, results } = await time(
    session, feeds, checkedCount(options.warmup, 'warmup', 0), checkedCount(options.runs, 'runs', 1));
  const sorted = [...runsMs].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const medianMs = (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
  const outputs = {};
  for (const name of session.outputNames) {
    outputs[name] = { dims: Array.from(results[name].dims, Number) };
  }
  process.stdout.write(JSON.stringify({ medianMs, minimumMs: sorted[0], runsMs, outputs }) + '\n');
}

async function main(argv) {
  const ort = loadRuntime();
  if (argv.length === 1 && argv[0] === '--serve') {
    await serve(ort);
    return;
  }
  await byHand(ort, argv);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
