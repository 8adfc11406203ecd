// The reference BlurHash (woltapp/blurhash) for tests/UnitTests/Imaging/BlurHashTests. Reads one JSON object from
// stdin, {file, width, height, hash}: a raw RGB picture and the service's hash of it. Writes one JSON object: the
// reference encoder's own hash of the picture (4×3 components), and what the reference decoder makes of each hash at
// the picture's size, as RGB bytes.
import { readFileSync } from "node:fs";
import { decode, encode } from "blurhash";

const { file, width, height, hash } = JSON.parse(readFileSync(0, "utf8"));
const rgb = readFileSync(file);
const rgba = new Uint8ClampedArray(width * height * 4);
for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
  rgba[j] = rgb[i];
  rgba[j + 1] = rgb[i + 1];
  rgba[j + 2] = rgb[i + 2];
  rgba[j + 3] = 255;
}

const toRgb = (decoded) => Array.from(decoded).filter((_, i) => i % 4 !== 3);
const reference = encode(rgba, width, height, 4, 3);
console.log(JSON.stringify({
  reference,
  decoded: toRgb(decode(hash, width, height)),
  referenceDecoded: toRgb(decode(reference, width, height)),
}));
