/**
 * Pictures for the reaction buttons. Drawn as SVG rather than emoji: a venue's phones and kiosks do not all
 * have a colour emoji font, and these read the same everywhere. A kind the installation invents gets its
 * name only (the button's text is always the kind's name, for screen readers too).
 */
const PATHS: Readonly<Record<string, { d: string; color: string }>> = {
  heart: {
    color: '#ff6b7d',
    d: 'M12 21s-7.5-4.6-9.6-9.4C.9 8.3 3 4.5 6.6 4.5c2.1 0 3.5 1.1 4.4 2.5.9-1.4 2.3-2.5 4.4-2.5 3.6 0 5.7 3.8 4.2 7.1C19.5 16.4 12 21 12 21z',
  },
  fire: {
    color: '#ff9d3b',
    d: 'M12 22c-4.4 0-7.5-3-7.5-7.1 0-3.3 2-5.6 3.7-7.6.5 1.7 1.4 2.9 2.7 3.4C10.5 6.8 12.4 3.9 15 2c-.4 3 .7 4.8 2.1 6.6 1.3 1.7 2.4 3.6 2.4 6.3C19.5 19 16.4 22 12 22zm0-2.2c2 0 3.4-1.3 3.4-3.2 0-1.6-1-2.6-2.1-3.9-.4 1.2-1.2 2-2.4 2.3-.1-1.1-.5-1.9-1.1-2.6-.8 1-1.3 2.1-1.3 3.5 0 2.2 1.5 3.9 3.5 3.9z',
  },
  seedling: { color: '#7fd6a4', d: 'M11 22v-7.2C6.6 14.6 3.6 11.6 3.5 6.5 8.3 6.4 11.2 9 11.9 12.5 12.6 7.8 15.7 4.3 21 4c-.2 5.9-3.6 9.3-8 9.7V22h-2z' },
  tear: { color: '#7fb4ff', d: 'M12 2.5S5.5 10 5.5 14.5a6.5 6.5 0 0013 0C18.5 10 12 2.5 12 2.5z' },
};

/** A small SVG for the kind, or null when the kind has no picture. Built with DOM calls, not markup. */
export function reactionIcon(kind: string, doc: Document): SVGSVGElement | null {
  const p = PATHS[kind];
  if (!p) return null;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = doc.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS(ns, 'path');
  path.setAttribute('d', p.d);
  path.setAttribute('fill', p.color);
  svg.append(path);
  return svg;
}
