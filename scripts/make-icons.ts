/**
 * Draws Holdfast's app icons as PNGs (run once; the output is committed in app/public/icons).
 * A plain encoder over node:zlib keeps this free of image dependencies.
 *   node --experimental-strip-types scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [0x0f, 0x5c, 0x63];
const WHITE = [0xff, 0xff, 0xff];
const AMBER = [0xf2, 0xb1, 0x34];

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size: number, pixel: (x: number, y: number) => number[]): Buffer {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x / size, y / size);
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = r!;
      raw[at + 1] = g!;
      raw[at + 2] = b!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

/** An "H" with an amber anchor bar, drawn in the unit square; `scale` shrinks it for maskable safe zones. */
function mark(scale: number) {
  return (x: number, y: number): number[] => {
    const u = (x - 0.5) / scale + 0.5;
    const v = (y - 0.5) / scale + 0.5;
    const inBox = (x0: number, x1: number, y0: number, y1: number) => u >= x0 && u < x1 && v >= y0 && v < y1;
    if (inBox(0.26, 0.38, 0.22, 0.78) || inBox(0.62, 0.74, 0.22, 0.78) || inBox(0.38, 0.62, 0.44, 0.56)) return WHITE;
    if (inBox(0.26, 0.74, 0.82, 0.87)) return AMBER;
    return TEAL;
  };
}

const out = new URL('../app/public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, mark(1)));
writeFileSync(new URL('icon-512.png', out), png(512, mark(1)));
// Maskable icons are cropped to a circle of 80% diameter: keep the mark inside it.
writeFileSync(new URL('icon-maskable-512.png', out), png(512, mark(0.7)));
writeFileSync(new URL('apple-touch-icon-180.png', out), png(180, mark(0.85)));
console.log('icons written to app/public/icons/');
