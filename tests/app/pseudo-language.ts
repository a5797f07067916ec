import { expect } from 'vitest';
import type { Params } from '../../src/app/shared/i18n.ts';

/**
 * A marker language for testing that a page speaks only from its catalogue: every message is written as
 * ⟦key …params⟧, and the test wraps data (stories, names, addresses, file errors) in «…». Whatever letters
 * are left outside both, in the markup's text and its readable attributes (title, aria-label, placeholder,
 * alt, aria-valuetext), were written into a component: `hardCoded` names them.
 */
export function pseudoLanguage<K extends string>(reference: { readonly [key in K]: unknown }): (key: K, params?: Params) => string {
  return (key, params) => {
    const message = reference[key];
    expect(message, `catalogue key ${key}`).toBeDefined();
    // A placeholder the caller leaves unfilled is a slot for a node (strings-kit's richText): kept, as the
    // English message would keep it, so the node is drawn.
    const template = typeof message === 'string' ? message : JSON.stringify(message);
    const slots = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').filter((name) => !(params && name in params));
    const values = [...(params ? Object.values(params) : []), ...slots.map((name) => `{${name}}`)];
    return `⟦${key}${values.length ? ` ${values.join(' ')}` : ''}⟧`;
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: ' ' };
const decode = (s: string) => s.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);

/** Removes the innermost ⟦…⟧ and «…» spans until none is left (a message's parameters may hold both). */
function strip(s: string): string {
  let prev: string;
  do {
    prev = s;
    s = s.replace(/⟦[^⟦⟧]*⟧/g, ' ').replace(/«[^«»]*»/g, ' ');
  } while (s !== prev);
  return s;
}

/** The hard-coded words in rendered markup: letters in text or readable attributes outside ⟦⟧ and «». SI
 * unit symbols next to numbers (12 ms, 1.2 s) are international and are allowed. */
export function hardCoded(html: string): string[] {
  const found: string[] = [];
  // The text with its tags taken out (a message may hold a node: ⟦help.now <strong>«label»</strong>⟧).
  const texts = [decode(html.replace(/<[^>]*>/g, ' '))];
  const attrs = [...html.matchAll(/\s(?:title|aria-label|aria-valuetext|placeholder|alt)="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
  for (const raw of [...texts, ...attrs]) {
    const left = strip(raw)
      .replace(/\b\d+(?:\.\d+)?\s?(?:ms|s)\b/g, ' ')
      .trim();
    if (/\p{L}/u.test(left)) found.push(left);
  }
  return found;
}
