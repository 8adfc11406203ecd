// Does an upload's image work with sharp in this one process, as Strapi, Directus and Payload do: auto-orient,
// strip metadata, encode at quality 85 (PNG stays PNG), and a thumbnail fitting inside 250×250.
// Usage: node work.mjs <repeats> <outdir> <file>...  Prints one JSON line per file: {file, cpu_s, wall_s} (medians).
import sharp from 'sharp';
import { basename, join } from 'node:path';

sharp.cache(false);
const [repeats, outdir, ...files] = process.argv.slice(2);

async function once(file) {
  const png = file.toLowerCase().endsWith('.png');
  const encode = (s) => (png ? s.png() : s.jpeg({ quality: 85 }));
  await encode(sharp(file).rotate()).toFile(join(outdir, 'sharp-' + basename(file)));
  await encode(sharp(file).rotate().resize(250, 250, { fit: 'inside', withoutEnlargement: true }))
    .toFile(join(outdir, 'sharp-thumb-' + basename(file)));
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const file of files) {
  await once(file); // warm: the first call loads codecs
  const cpu = [], wall = [];
  for (let i = 0; i < Number(repeats); i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    await once(file);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    wall.push((performance.now() - t0) / 1e3);
  }
  console.log(JSON.stringify({ file, cpu_s: median(cpu), wall_s: median(wall) }));
}
