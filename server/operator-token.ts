import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The operator token's file in a show's data folder (beside the log). */
export const OPERATOR_TOKEN_FILE = 'operator-token';
/** What a kept token must look like (what newOperatorToken makes, or any 16-256 url-safe characters). */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/** Whether `text` can be an operator token (what a kept token, or one shared through Redis, must be). */
export const isOperatorToken = (text: string): boolean => TOKEN.test(text);

export const newOperatorToken = (): string => randomBytes(18).toString('base64url');

/**
 * The operator token of a show kept in `dataDir`: made once, on the first start, and read back on every
 * later one, so a console tab left open across a restart (a crash, Ctrl-C and `npm start`, a new show)
 * reconnects with the token it holds. The file is readable by its owner only; delete it for a new token.
 * A file that does not hold a token is replaced (and `warn` says so).
 */
export function keptOperatorToken(dataDir: string, warn: (m: string) => void = () => {}, make: () => string = newOperatorToken): string {
  const file = join(dataDir, OPERATOR_TOKEN_FILE);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined && isOperatorToken(text)) return text;
  if (text !== undefined) warn(`${file} does not hold an operator token (16-256 of A-Z a-z 0-9 _ -): replaced by a new one`);
  const token = make();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
