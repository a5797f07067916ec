/** Deepest nesting of arrays and objects scanned (a data file needs two: rows of flat objects). Default 64. */
export const MAX_JSON_DEPTH = 64;

/**
 * Where a JSON text first goes wrong, as an offset. JSON.parse in Node 20 does not always say where, and an
 * artist needs the line. A small recursive-descent scanner that accepts exactly JSON (RFC 8259).
 */
export function jsonErrorOffset(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  let depth = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (expected: string): never => {
    throw { offset: i, expected };
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`a value (${word}?)`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if ((text.charCodeAt(i) as number) < 0x20) fail('a closing quote before the end of the line');
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail('a number');
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if ((c === '{' || c === '[') && ++depth > MAX_JSON_DEPTH) fail(`at most ${MAX_JSON_DEPTH} levels of nesting`);
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void (i++, depth--);
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a quoted key');
        string();
        ws();
        if (text[i] !== ':') fail('":" after the key');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void (i++, depth--);
        fail('"," or "}"');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void (i++, depth--);
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void (i++, depth--);
        fail('"," or "]"');
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c !== undefined && /[-0-9]/.test(c)) number();
    else fail('a value');
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) fail('the end of the file');
    return undefined;
  } catch (e) {
    // Only what `fail` throws is an answer; anything else (there should be nothing) is reported where the scan was.
    if (e instanceof Error) return { offset: i, expected: 'text this reader can follow' };
    return e as { offset: number; expected: string };
  }
}
