// The vendored bar files are what data/README.md says they are: every file in
// data/ is listed in its provenance table, and both sums of each (the .gz as
// shipped, and its content, which is the shared original) match the table.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

const dataDir = join(__dirname, '..', '..', 'data');

interface ProvenanceRow {
  readonly file: string;
  readonly gzipSha256: string;
  readonly contentSha256: string;
}

/** Rows of the "Provenance and SHA-256" table: `| \`file\` | \`sum\` | \`sum\` | \`original\` |`. */
function provenanceRows(): ProvenanceRow[] {
  const readme = readFileSync(join(dataDir, 'README.md'), 'utf8');
  const rows: ProvenanceRow[] = [];
  for (const match of readme.matchAll(/^\| `([^`]+)` \| `([0-9a-f]{64})` \| `([0-9a-f]{64})` \|/gm)) {
    rows.push({ file: match[1], gzipSha256: match[2], contentSha256: match[3] });
  }
  return rows;
}

function barFilesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return barFilesIn(path);
    return name === 'README.md' ? [] : [relative(dataDir, path)];
  });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('vendored data', () => {
  const rows = provenanceRows();

  it('lists every file of data/ in the README provenance table, and only those', () => {
    expect(rows.map((row) => row.file).sort()).toEqual(barFilesIn(dataDir).sort());
    expect(rows).toHaveLength(9);
  });

  it.each(rows.map((row) => [row.file, row] as const))('%s matches both SHA-256 sums of the README', (_file, row) => {
    const gzip = readFileSync(join(dataDir, row.file));
    expect(sha256(gzip)).toBe(row.gzipSha256);
    expect(sha256(gunzipSync(gzip))).toBe(row.contentSha256);
  });
});
