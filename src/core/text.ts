/**
 * How a story's length is counted, once for the server, the schema and the phone: in Unicode code points,
 * as people count characters and as clients in other languages count a string (Python's len, Rust's
 * chars().count()). Not JavaScript's `.length`, which counts UTF-16 units: an emoji or a rare CJK character
 * outside the Basic Multilingual Plane is 2 there. A lone surrogate (not valid text, but a JavaScript
 * string may hold one) counts 1.
 */
export function characterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The language a sculpture's data texts (labels, captions, its legend) are in: its own `lang`, else the
 * installation's, else `und` (the fonts then guess from the characters). `sculpture` null or unknown: the
 * installation's. */
export function dataLang(
  spec: { readonly lang?: string; readonly sculptures: readonly { readonly id: string; readonly lang?: string }[] },
  sculpture: string | null,
): string {
  return spec.sculptures.find((s) => s.id === sculpture)?.lang ?? spec.lang ?? 'und';
}

/** The longest story any installation may take (characters): `audience.stories.maxLength` is at most this. */
export const MAX_STORY_CHARACTERS = 2000;
