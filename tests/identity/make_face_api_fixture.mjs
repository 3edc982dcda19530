// Makes tests/identity/face_api_descriptors.json: face-api's own 128-D
// descriptors (FaceRecognitionNet.computeFaceDescriptor, TensorFlow.js on its
// pure-JS 'cpu' backend) of a few already-cropped faces of ../shared/fixtures,
// which test_face_recognizer.cpp compares facesr's against. Run once, offline,
// after scripts/setup.sh has installed the npm package:
//
//   node tests/identity/make_face_api_fixture.mjs [FACE_API_DIR] [SHARED_DIR]
//
// Two faces are cropped off-square so the fixture also covers face-api's
// centred zero padding (odd difference: the extra row/column goes last).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const faceApiDir = path.resolve(process.argv[2] ?? path.join(root, '.cache/npm/node_modules/@vladmandic/face-api'));
const sharedDir = path.resolve(process.argv[3] ?? path.join(root, '../shared'));
const output = path.join(here, 'face_api_descriptors.json');

// [file under fixtures/, crop x, y, width, height] (null: the whole image).
const FACES = [
  ['images/hr_00.png', null],
  ['images/hr_01.png', null],
  ['images/hr_02.png', [8, 0, 111, 128]],
  ['images/hr_03.png', [0, 5, 128, 117]],
];

// 8-bit RGB/RGBA non-interlaced PNG -> {width, height, rgb: Uint8Array}.
function readPng(file) {
  const bytes = fs.readFileSync(file);
  let offset = 8;
  let header;
  const idat = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8], color: data[9], interlace: data[12] };
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const channels = { 2: 3, 6: 4 }[header.color];
  if (header.depth !== 8 || !channels || header.interlace) throw new Error(`${file}: only 8-bit RGB/RGBA non-interlaced PNG`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  const pixels = new Uint8Array(header.height * stride);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      pixels[y * stride + x] = (line[x] + predictor) & 255;
    }
  }
  const rgb = new Uint8Array(header.width * header.height * 3);
  for (let i = 0; i < header.width * header.height; i++) rgb.set(pixels.subarray(i * channels, i * channels + 3), i * 3);
  return { width: header.width, height: header.height, rgb };
}

// face-api's ESM bundle carries TensorFlow.js with its cpu backend. Under node
// it would install a platform built on require('util'), which an ES module
// lacks, so node is hidden while it loads and an equivalent platform is set.
const versions = process.versions;
Object.defineProperty(process, 'versions', { value: {}, configurable: true });
const faceapi = await import(path.join(faceApiDir, 'dist/face-api.esm.js'));
Object.defineProperty(process, 'versions', { value: versions, configurable: true });
faceapi.env.initialize();
const { tf } = faceapi;
tf.setPlatform('node', {
  fetch: () => { throw new Error('no network'); },
  now: () => performance.now(),
  encode: (text) => new util.TextEncoder().encode(text),
  decode: (bytes, encoding) => new util.TextDecoder(encoding).decode(bytes),
  isTypedArray: (a) => ['Float32Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray'].some((t) => util.types[`is${t}`](a)),
});
if (!(await tf.setBackend('cpu'))) throw new Error('tfjs cpu backend unavailable');

const modelDir = path.join(faceApiDir, 'model');
const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
const shard = fs.readFileSync(path.join(modelDir, manifest[0].paths[0]));
const weights = tf.io.decodeWeights(shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.length), manifest[0].weights);
faceapi.nets.faceRecognitionNet.loadFromWeightMap(weights);

const faces = [];
for (const [file, crop] of FACES) {
  const image = readPng(path.join(sharedDir, 'fixtures', file));
  const [x0, y0, w, h] = crop ?? [0, 0, image.width, image.height];
  const pixels = new Int32Array(w * h * 3);  // int32, as tf.node.decodeImage gives
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) pixels[(y * w + x) * 3 + c] = image.rgb[((y0 + y) * image.width + x0 + x) * 3 + c];
  const input = tf.tensor3d(pixels, [h, w, 3], 'int32');
  const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
  input.dispose();
  faces.push({ image: file, crop: [x0, y0, w, h], descriptor: Array.from(descriptor) });
}

const fixture = {
  generator: 'tests/identity/make_face_api_fixture.mjs',
  face_api: faceapi.version,
  tfjs: tf.version['tfjs-core'],
  backend: tf.getBackend(),
  faces,
};
// One line per number list keeps the file short and its diffs readable.
const text = JSON.stringify(fixture, null, 1).replace(/\[[-\d.e,\s]+\]/g, (list) => JSON.stringify(JSON.parse(list)));
fs.writeFileSync(output, `${text}\n`);
console.log(`${output}: ${faces.length} descriptors (face-api ${fixture.face_api}, tfjs ${fixture.tfjs}, ${fixture.backend})`);
