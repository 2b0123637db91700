// Draws the app's icons for the web manifest and phones' home screens:
// public/icons/icon.svg, icon-192.png and icon-512.png, from the shapes
// below (a white map pin on the accent colour, inside the safe zone of a
// maskable icon). Plain Node, no dependencies: the PNGs are drawn here with
// 4×4 samples per pixel. The files are committed; run again after changing
// the shapes:    node scripts/icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const icons = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'public/icons');
const SIZE = 512; // the drawing's own units
const BLUE = [0x0b, 0x5f, 0x8a];
const WHITE = [0xff, 0xff, 0xff];
const head = { cx: 256, cy: 220, r: 108 };
const eye = { cx: 256, cy: 220, r: 48 };
const tip = [[256, 440], [160, 268], [352, 268]];

const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}">` +
  `<rect width="${SIZE}" height="${SIZE}" fill="#0b5f8a"/>` +
  `<circle cx="${head.cx}" cy="${head.cy}" r="${head.r}" fill="#fff"/>` +
  `<path d="M${tip.map((p) => p.join(' ')).join(' ')}z" fill="#fff"/>` +
  `<circle cx="${eye.cx}" cy="${eye.cy}" r="${eye.r}" fill="#0b5f8a"/></svg>\n`;

const inCircle = (x, y, c) => (x - c.cx) ** 2 + (y - c.cy) ** 2 <= c.r ** 2;
const side = (x, y, [ax, ay], [bx, by]) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
const inTip = (x, y) => {
  const s = [side(x, y, tip[0], tip[1]), side(x, y, tip[1], tip[2]), side(x, y, tip[2], tip[0])];
  return s.every((v) => v >= 0) || s.every((v) => v <= 0);
};
const white = (x, y) => (inCircle(x, y, head) || inTip(x, y)) && !inCircle(x, y, eye);

function png(px) {
  const scale = SIZE / px;
  const rows = Buffer.alloc(px * (1 + px * 3));
  for (let y = 0; y < px; y++) {
    rows[y * (1 + px * 3)] = 0; // no filter
    for (let x = 0; x < px; x++) {
      let w = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) w += white((x + (sx + 0.5) / 4) * scale, (y + (sy + 0.5) / 4) * scale);
      const o = y * (1 + px * 3) + 1 + x * 3;
      for (let c = 0; c < 3; c++) rows[o + c] = Math.round(BLUE[c] + ((WHITE[c] - BLUE[c]) * w) / 16);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(join(icons, 'icon.svg'), svg);
for (const px of [192, 512]) writeFileSync(join(icons, `icon-${px}.png`), png(px));
console.log(`icons: wrote icon.svg, icon-192.png and icon-512.png in ${icons}`);
