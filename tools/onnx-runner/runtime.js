// Shared by run.js and latency.js: loads onnxruntime-node, or exits with code 3 and a message saying how to install it.
'use strict';

function loadRuntime() {
  try {
    return require('onnxruntime-node');
  } catch (error) {
    process.stderr.write(
      'onnxruntime-node is not installed in ' + __dirname + ': run ./build.sh (or npm ci --ignore-scripts there).\n' +
      String(error) + '\n');
    process.exit(3);
  }
}

module.exports = { loadRuntime };
