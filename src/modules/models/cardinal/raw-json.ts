/**
 * `JSON.parse` forgets whether a number was written as an integer (`1`) or a float (`1.0`),
 * which the reference distinguishes in one place (R018 reads `numberOfTenderers` as an
 * unsigned integer). This scanner finds the source text of the value at a path in a line,
 * honouring "last duplicate key wins" like `JSON.parse`. It assumes the line is valid JSON.
 */

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

function skipWs(text: string, pos: number): number {
  WS.lastIndex = pos;
  WS.exec(text);
  return WS.lastIndex;
}

function matchAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  if (!re.exec(text)) throw new SyntaxError(`unexpected input at ${pos}`);
  return re.lastIndex;
}

/** Scan the value at `pos`; return its end and, if `path` leads into it, the raw text found there. */
function scan(text: string, pos: number, path: readonly string[] | null): [number, string | undefined] {
  pos = skipWs(text, pos);
  const start = pos;
  const atTarget = path !== null && path.length === 0;
  const ch = text[pos];
  if (ch === '{') {
    let found: string | undefined;
    pos = skipWs(text, pos + 1);
    if (text[pos] === '}') return [pos + 1, atTarget ? text.slice(start, pos + 1) : undefined];
    for (;;) {
      const keyEnd = matchAt(STRING, text, skipWs(text, pos));
      const key = JSON.parse(text.slice(skipWs(text, pos), keyEnd)) as string;
      pos = skipWs(text, keyEnd);
      if (text[pos] !== ':') throw new SyntaxError(`expected ':' at ${pos}`);
      const wanted = path !== null && path.length > 0 && path[0] === key;
      const [end, raw] = scan(text, pos + 1, wanted ? path.slice(1) : null);
      if (wanted) found = raw; // a later duplicate key replaces an earlier one
      pos = skipWs(text, end);
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === '}') return [pos + 1, atTarget ? text.slice(start, pos + 1) : found];
      throw new SyntaxError(`expected ',' or '}' at ${pos}`);
    }
  }
  let end: number;
  if (ch === '[') {
    pos = skipWs(text, pos + 1);
    if (text[pos] === ']') {
      end = pos + 1;
    } else {
      for (;;) {
        const [e] = scan(text, pos, null);
        pos = skipWs(text, e);
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') break;
        throw new SyntaxError(`expected ',' or ']' at ${pos}`);
      }
      end = pos + 1;
    }
    return [end, atTarget ? text.slice(start, end) : undefined];
  }
  if (ch === '"') end = matchAt(STRING, text, pos);
  else if (text.startsWith('true', pos)) end = pos + 4;
  else if (text.startsWith('false', pos)) end = pos + 5;
  else if (text.startsWith('null', pos)) end = pos + 4;
  else end = matchAt(NUMBER, text, pos);
  return [end, atTarget ? text.slice(start, end) : undefined];
}

/** The source text of the value at `path` in the JSON `text`, or undefined. */
export function rawValueAt(text: string, path: readonly string[]): string | undefined {
  try {
    return scan(text, 0, path)[1];
  } catch {
    return undefined;
  }
}
