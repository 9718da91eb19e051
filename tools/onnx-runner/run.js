#!/usr/bin/env node
// Runs ONNX models in ONNX Runtime (onnxruntime-node, CPU) and prints their outputs as JSON.
// NasML's export tests use it to check exported models against NasML's own outputs.
//
// One model, one input:
//   node run.js MODEL.onnx INPUT SHAPE [INPUT_NAME]
//     INPUT      a raw little-endian float32 file, or a JSON file holding a flat array of numbers
//     SHAPE      comma-separated dimensions, e.g. 17,1,28,28
//     INPUT_NAME the graph input to feed; the model's first input by default
//   prints {"inputNames": [...], "outputNames": [...], "outputs": {"NAME": {"dims": [...], "data": [...]}}}
//
// Many runs in one process (ONNX Runtime's start-up is paid once):
//   node run.js --batch REQUEST.json
//     REQUEST = {"outputDir": "DIR" (optional), "cases": [{"id": "ID", "model": "PATH",
//               "inputs": {"NAME": {"file": "PATH" | "data": [...], "dims": [...]}}}]}
//   prints {"results": [{"id", "inputNames", "outputNames", "outputs": {"NAME": {"dims", "data" | "file"}}} |
//                       {"id", "error"}]}
//   With outputDir each output is written there as raw float32 ("file") instead of inline "data".
'use strict';

const fs = require('fs');
const path = require('path');

const { loadRuntime } = require('./runtime');

function readValues(input) {
  if (Array.isArray(input.data)) {
    return Float32Array.from(input.data);
  }
  const bytes = fs.readFileSync(input.file);
  const text = bytes.subarray(0, 16).toString('latin1').trimStart();
  if (text.startsWith('[')) {
    return Float32Array.from(JSON.parse(bytes.toString('utf8')));
  }
  if (bytes.length % 4 !== 0) {
    throw new Error(`'${input.file}' holds ${bytes.length} bytes, not a whole number of float32 values`);
  }
  // Copy into an aligned buffer: a Buffer's offset into its pool need not be a multiple of 4.
  const values = new Float32Array(bytes.length / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

function makeTensor(ort, input, name) {
  const values = readValues(input);
  const dims = input.dims.map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== values.length) {
    throw new Error(`input '${name}': shape [${dims}] needs ${count} values, found ${values.length}`);
  }
  return new ort.Tensor('float32', values, dims);
}

async function runCase(ort, sessions, request, outputDir) {
  let session = sessions.get(request.model);
  if (!session) {
    session = await ort.InferenceSession.create(request.model, { executionProviders: ['cpu'] });
    sessions.set(request.model, session);
  }
  const feeds = {};
  for (const [name, input] of Object.entries(request.inputs)) {
    feeds[name] = makeTensor(ort, input, name);
  }
  const results = await session.run(feeds);
  const outputs = {};
  for (const name of session.outputNames) {
    const tensor = results[name];
    const entry = { dims: Array.from(tensor.dims, Number), type: tensor.type };
    if (outputDir) {
      const file = path.join(outputDir, `${request.id}.${name}.bin`.replace(/[^A-Za-z0-9_.-]/g, '_'));
      const data = Float32Array.from(tensor.data);
      fs.writeFileSync(file, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      entry.file = file;
    } else {
      entry.data = Array.from(tensor.data, Number);
    }
    outputs[name] = entry;
  }
  return { id: request.id, inputNames: session.inputNames, outputNames: session.outputNames, outputs };
}

async function main(argv) {
  const ort = loadRuntime();
  const sessions = new Map();
  if (argv[0] === '--batch') {
    if (argv.length !== 2) {
      throw new Error('usage: node run.js --batch REQUEST.json');
    }
    const request = JSON.parse(fs.readFileSync(argv[1], 'utf8'));
    const results = [];
    for (const item of request.cases) {
      try {
        results.push(await runCase(ort, sessions, item, request.outputDir));
      } catch (error) {
        results.push({ id: item.id, error: String(error && error.message ? error.message : error) });
      }
    }
    process.stdout.write(JSON.stringify({ results }));
    return;
  }
  if (argv.length < 3 || argv.length > 4) {
    throw new Error('usage: node run.js MODEL.onnx INPUT SHAPE [INPUT_NAME]  |  node run.js --batch REQUEST.json');
  }
  const [model, file, shape] = argv;
  const dims = shape.split(',').filter((s) => s.length > 0).map(Number);
  let inputName = argv[3];
  if (!inputName) {
    const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
    sessions.set(model, session);
    inputName = session.inputNames[0];
  }
  const result = await runCase(ort, sessions, { id: 'case', model, inputs: { [inputName]: { file, dims } } }, null);
  delete result.id;
  process.stdout.write(JSON.stringify(result));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
