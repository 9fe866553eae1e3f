// Just enough of an XLSX reader for the browser stories to check that an
// export holds real number and date cells (not text): the ZIP's central
// directory, its deflated parts, and the cells of the first sheet with
// their number formats. Node's zlib only; no package.
import zlib from 'node:zlib';

/** The files of a ZIP archive: name → Buffer. */
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 22]);

/**
 * The first sheet's cells: `{ A1: { kind: 'number' | 'date' | 'text', value } }`.
 * A date cell is a number whose format is a date (Excel keeps days as
 * serial numbers); its value is returned as `YYYY-MM-DD`.
 */
export function readFirstSheet(buffer) {
  const files = unzip(Buffer.from(buffer));
  const sheet = files.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  if (!sheet) throw new Error('no first sheet');
  const styles = files.get('xl/styles.xml')?.toString('utf8') ?? '';
  const shared = (files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '')
    .split('<si>')
    .slice(1)
    .map((si) => [...si.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]).join(''));
  const customFormats = new Map(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [Number(m[1]), m[2]]),
  );
  const cellXfs = styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)?.[1] ?? '';
  const xfFormats = [...cellXfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].map((m) => Number(m[1]));
  const isDateStyle = (s) => {
    const id = xfFormats[s] ?? 0;
    if (BUILTIN_DATE_FORMATS.has(id)) return true;
    const code = customFormats.get(id) ?? '';
    return /[yd]/i.test(code.replace(/"[^"]*"/g, '')) && !/0/.test(code);
  };
  const cells = {};
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attrs, inner = ''] = m;
    const type = attrs.match(/ t="(\w+)"/)?.[1];
    const style = Number(attrs.match(/ s="(\d+)"/)?.[1] ?? 0);
    const raw = inner.match(/<v>([^<]*)<\/v>/)?.[1];
    if (type === 's') cells[ref] = { kind: 'text', value: shared[Number(raw)] };
    else if (type === 'inlineStr' || type === 'str') {
      cells[ref] = { kind: 'text', value: inner.replace(/<[^>]+>/g, '') };
    } else if (raw !== undefined && isDateStyle(style)) {
      const day = new Date(Date.UTC(1899, 11, 30) + Number(raw) * 86400000);
      cells[ref] = { kind: 'date', value: day.toISOString().slice(0, 10) };
    } else if (raw !== undefined) cells[ref] = { kind: 'number', value: Number(raw) };
  }
  return cells;
}
