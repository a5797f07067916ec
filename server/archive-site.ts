import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Archive } from '../src/core/archive.ts';
import { archiveContents, type ArchiveContents, type KeptStory } from '../src/core/archive-contents.ts';
import type { DataTable } from '../src/core/data.ts';
import { renderFrames } from './render.ts';
import { archivePageCss } from './archive-site-css.ts';

/**
 * The archive as a page anyone can open: one folder with index.html, the stills it shows and the archive
 * file itself, opening offline in any browser years later (no script, no font or style from anywhere, a CSP
 * that allows nothing but its own images). Every text from the show is escaped: a story is shown as its
 * words, whatever markup it holds. Only stories that may be kept are on it (src/core/archive-contents.ts).
 */

export interface Still {
  /** Path relative to the page, e.g. `stills/03.png`. */
  readonly file: string;
  readonly caption: string;
  readonly t: number;
}

export interface ArchiveSiteOptions {
  readonly archive: Archive;
  /** The folder to write (created if missing). */
  readonly out: string;
  /** Stills of key moments rendered from the show (Chromium). Default 6; 0 for none. */
  readonly stills?: number;
  /** A wall to render the stills from. Default the desktop view. */
  readonly display?: string;
  /** Size of the stills, pixels. Default 960 x 540. */
  readonly width?: number;
  readonly height?: number;
  readonly log?: (message: string) => void;
}

export async function writeArchiveSite(options: ArchiveSiteOptions): Promise<{ readonly page: string; readonly stills: readonly Still[] }> {
  const out = resolve(options.out);
  mkdirSync(join(out, 'stills'), { recursive: true });
  const contents = archiveContents(options.archive);
  const chosen = contents.moments.slice(0, options.stills ?? 6);
  const stills: Still[] = chosen.map((m, i) => ({ file: `stills/${String(i + 1).padStart(2, '0')}.png`, caption: m.caption, t: m.t }));
  if (stills.length > 0) {
    await renderFrames(
      {
        archive: options.archive,
        width: options.width ?? 960,
        height: options.height ?? 540,
        ...(options.display !== undefined ? { display: options.display } : {}),
        ...(options.log ? { log: options.log } : {}),
      },
      stills.map((s) => ({ t: s.t, out: join(out, s.file) })),
    );
  }
  writeFileSync(join(out, 'archive.json'), JSON.stringify(options.archive));
  const page = join(out, 'index.html');
  writeFileSync(page, archivePageHtml(options.archive, contents, stills));
  return { page, stills };
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Seconds since the show began as m:ss (or h:mm:ss). */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const [h, m, sec] = hms as [number, number, number];
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

export function archivePageHtml(archive: Archive, contents: ArchiveContents, stills: readonly Still[]): string {
  const e = escapeHtml;
  const since = (t: number) => clockText(t - contents.start);
  const length = Math.max(1e-9, contents.end - contents.start);
  const at = (t: number) => `${(((t - contents.start) / length) * 100).toFixed(3)}%`;
  const storyItem = (s: KeptStory) =>
    `<li class="story" style="--c:${e(s.color)}"><blockquote lang="${e(s.lang === 'und' ? '' : s.lang)}" dir="auto">${e(s.text)}</blockquote>` +
    `<p class="meta"><span class="emotion">${e(s.emotion)}</span> · <span class="material">${e(s.materialLabel)}</span>` +
    ` · <span class="lang">${e(s.lang === 'und' ? 'language unknown' : s.lang)}</span> · <time>${since(s.t)}</time></p></li>`;
  const groups = (key: (s: KeptStory) => string) =>
    [...group(contents.stories, key)]
      .map(
        ([name, list]) =>
          `<section class="group"><h3>${e(name)} <span class="count">${list.length}</span></h3><ul class="stories">${list.map(storyItem).join('')}</ul></section>`,
      )
      .join('') || '<p class="empty">No story of this show may be kept.</p>';
  const timeline =
    `<div class="timeline" role="img" aria-label="The phases of the show over time">` +
    contents.phases
      .map(
        (p) =>
          `<div class="phase" style="left:${at(p.start)};width:${(((p.end - p.start) / length) * 100).toFixed(3)}%" title="${e(p.label)}"><span>${e(p.label)}</span></div>`,
      )
      .join('') +
    contents.glitches.map((t) => `<i class="glitch" style="left:${at(t)}" title="glitch at ${since(t)}"></i>`).join('') +
    contents.stories.map((s) => `<i class="tick" style="left:${at(s.t)};--c:${e(s.color)}" title="${e(s.materialLabel)} at ${since(s.t)}"></i>`).join('') +
    `</div>`;
  const phaseList = contents.phases
    .map((p) => `<li><time>${since(p.start)}</time> ${e(p.label)}${p.cued ? ' <span class="cued">(cued)</span>' : ''}</li>`)
    .join('');
  const figures = stills
    .map(
      (s) =>
        `<figure><img src="${e(s.file)}" alt="${e(`${s.caption}, ${since(s.t)} into the show`)}" loading="lazy"><figcaption>${e(s.caption)} · <time>${since(s.t)}</time></figcaption></figure>`,
    )
    .join('');
  const title = contents.title;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'">
<title>${e(title)}: the archive</title>
<style>${archivePageCss}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<p class="summary">${contents.stories.length} ${contents.stories.length === 1 ? 'story' : 'stories'} kept from a show of ${clockText(length)}, in ${contents.phases.length} phases.</p>
<nav><a href="#timeline">Timeline</a> <a href="#by-material">Stories by material</a> <a href="#by-emotion">Stories by emotion</a> <a href="#data">Data</a></nav>
</header>
<main>
<section id="timeline"><h2>Timeline</h2>${timeline}<ol class="phases">${phaseList}</ol>${figures ? `<div class="stills">${figures}</div>` : ''}</section>
<section id="by-material" class="by-material"><h2>Stories by material</h2>${groups((s) => s.materialLabel)}</section>
<section id="by-emotion" class="by-emotion"><h2>Stories by emotion</h2>${groups((s) => s.emotion)}</section>
${rememberedSection(archive)}
<section id="data"><h2>Data</h2>${Object.values(archive.installation.data).map(dataTable).join('')}</section>
</main>
<footer><p>Made by Meshwork from a show archive (format version ${archive.formatVersion}). The show replays from <a href="archive.json">archive.json</a>: <code>meshwork render archive.json --t &lt;seconds&gt; --out frame.png</code>. Stories shared without consent to keep them, and stories the operator hid, are not in the archive.</p></footer>
</body>
</html>
`;
}

/** The stories of past shows this one remembered (they came with the installation, not from the room). */
function rememberedSection(archive: Archive): string {
  const memories = archive.installation.memories ?? [];
  if (memories.length === 0) return '';
  const e = escapeHtml;
  const items = memories
    .map(
      (m) =>
        `<li class="story memory"><blockquote lang="${e(m.lang === 'und' ? '' : m.lang)}" dir="auto">${e(m.text)}</blockquote><p class="meta">${e(m.emotion)} · ${e(m.material)} · remembered from <span class="tag">${e(m.tag)}</span></p></li>`,
    )
    .join('');
  return `<section id="remembered" class="remembered"><h2>Remembered from past Rites <span class="count">${memories.length}</span></h2><ul class="stories">${items}</ul></section>`;
}

/** Groups in order of size (largest first), then name. */
function group(stories: readonly KeptStory[], key: (s: KeptStory) => string): Map<string, KeptStory[]> {
  const map = new Map<string, KeptStory[]>();
  for (const s of stories) map.set(key(s), [...(map.get(key(s)) ?? []), s]);
  return new Map([...map].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b)));
}

function dataTable(table: DataTable): string {
  const e = escapeHtml;
  const head = table.fields.map((f) => `<th scope="col">${e(f.name)}</th>`).join('');
  const rows = table.rows
    .map((r) => `<tr>${table.fields.map((f) => `<td>${e(r[f.name] === null || r[f.name] === undefined ? '' : String(r[f.name]))}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table"><h3>${e(table.name)} <span class="count">${table.rows.length} rows, from ${e(table.file)}</span></h3><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
