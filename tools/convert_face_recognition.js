#!/usr/bin/env node
// Converts a TensorFlow.js weights manifest (face-api's
// model/face_recognition_model-weights_manifest.json and its .bin shards:
// dlib's ResNet-29 face-recognition network) into a facesr .safetensors file.
//
// Offline tool, node's standard library only; facesr itself never runs node.
// The weights are not committed (22 MB in float32): scripts/setup.sh installs
// the pinned @vladmandic/face-api npm package into .cache/npm, checks the model
// files' sha256 and runs this once into models/dlib-face-recognition.safetensors
// (gitignored), so the README's set-up command makes them and facesr downloads
// nothing at run time.
//
//   node tools/convert_face_recognition.js MODEL_DIR OUT.safetensors [NAME]
//
// NAME defaults to face_recognition_model. Conversion rules:
// - uint8/uint16-quantised entries are dequantised exactly as TF.js's
//   io.decodeWeights does: value = q * scale + min in double precision, then
//   rounded to float32; unquantised float32 entries are copied.
// - Keys follow PyTorch's conventions: '/' becomes '.', conv `filters` ->
//   `weight`, scale `weights`/`biases` -> `weight`/`bias`, `fc` -> `fc.weight`.
// - Layouts become PyTorch's: 4-D filters HWIO -> OIHW, the 2-D fc matrix
//   (in x out, used as x·fc) is transposed to nn.Linear's (out x in).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

let manifestPath = '';  // named in every error once known

function fail(message) {
  process.stderr.write(`convert_face_recognition: error: ${manifestPath ? `${manifestPath}: ` : ''}${message}\n`);
  process.exit(1);
}

function torchKey(name) {
  if (name === 'fc') return 'fc.weight';
  const parts = name.split('/');
  const leaf = { filters: 'weight', bias: 'bias', weights: 'weight', biases: 'bias' }[parts[parts.length - 1]];
  if (!leaf) fail(`weight '${name}' has no known role (expected .../filters, bias, weights or biases, or fc)`);
  parts[parts.length - 1] = leaf;
  return parts.join('.');
}

function byteSize(entry) {
  if (entry.dtype !== 'float32') fail(`weight '${entry.name}' has dtype ${entry.dtype}; only float32 is supported`);
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const q = entry.quantization;
  if (!q) return count * 4;
  if (q.dtype !== 'uint8' && q.dtype !== 'uint16') fail(`weight '${entry.name}' is quantised as ${q.dtype}; only uint8/uint16 are supported`);
  if (typeof q.scale !== 'number' || typeof q.min !== 'number') fail(`weight '${entry.name}' lacks quantization scale/min`);
  return count * (q.dtype === 'uint8' ? 1 : 2);
}

// Float32 values of one manifest entry from exactly its bytes.
function decode(entry, bytes) {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const q = entry.quantization;
  const values = new Float32Array(count);
  if (!q) {
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }
  for (let i = 0; i < count; i++) {
    const v = q.dtype === 'uint8' ? bytes[i] : bytes[2 * i] | (bytes[2 * i + 1] << 8);
    values[i] = v * q.scale + q.min;
  }
  return values;
}

// PyTorch layout: HWIO -> OIHW for conv filters, (in, out) -> (out, in) for fc.
function toTorch(values, shape) {
  if (shape.length === 4) {
    const [h, w, i, o] = shape;
    const out = new Float32Array(values.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < i; c++)
          for (let k = 0; k < o; k++) out[((k * i + c) * h + y) * w + x] = values[((y * w + x) * i + c) * o + k];
    return { values: out, shape: [o, i, h, w] };
  }
  if (shape.length === 2) {
    const [r, c] = shape;
    const out = new Float32Array(values.length);
    for (let y = 0; y < r; y++) for (let x = 0; x < c; x++) out[x * r + y] = values[y * c + x];
    return { values: out, shape: [c, r] };
  }
  return { values, shape };
}

function writeSafetensors(file, tensors, metadata) {
  const header = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.key] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.values.byteLength] };
    offset += t.values.byteLength;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  // Written beside the target and renamed: a reader never sees half a file.
  const tmp = path.join(path.dirname(path.resolve(file)), `.convert_${process.pid}.tmp`);
  let fd;
  try {
    fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, length);
    fs.writeSync(fd, text);
    for (const t of tensors) fs.writeSync(fd, Buffer.from(t.values.buffer, t.values.byteOffset, t.values.byteLength));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.rmSync(tmp, { force: true });
    fail(`cannot write ${file} (${e.message})`);
  }
}

function main() {
  const [dir, out, name = 'face_recognition_model'] = process.argv.slice(2);
  if (!dir || !out) fail('usage: convert_face_recognition.js MODEL_DIR OUT.safetensors [NAME]');
  manifestPath = path.join(dir, `${name}-weights_manifest.json`);
  if (!fs.existsSync(manifestPath)) fail('no such file; run bash scripts/setup.sh to install @vladmandic/face-api');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch (e) {
    fail(`not a JSON weights manifest (${e.message})`);
  }
  const tensors = [];
  const sources = [];
  for (const group of manifest) {
    // A group's shards are one byte stream, its entries packed back to back.
    const shards = group.paths.map((p) => {
      const shard = path.join(dir, p);
      if (!fs.existsSync(shard)) fail(`its shard ${shard} is missing`);
      return fs.readFileSync(shard);
    });
    const bytes = Buffer.concat(shards);
    sources.push(...group.paths.map((p, i) => `${p} sha256 ${crypto.createHash('sha256').update(shards[i]).digest('hex')}`));
    let offset = 0;
    for (const entry of group.weights) {
      const size = byteSize(entry);
      if (offset + size > bytes.length) fail(`shards end inside weight '${entry.name}'`);
      const values = decode(entry, bytes.subarray(offset, offset + size));
      offset += size;
      tensors.push({ key: torchKey(entry.name), ...toTorch(values, entry.shape) });
    }
    if (offset !== bytes.length) fail(`${bytes.length - offset} bytes of ${group.paths.join(', ')} are not described by the manifest`);
  }
  writeSafetensors(out, tensors, {
    format: 'pt',
    facesr_arch: 'dlib-face-recognition',
    source: `${path.basename(manifestPath)}; ${sources.join('; ')}`,
  });
  process.stdout.write(`${out}: ${tensors.length} tensors\n`);
}

main();
