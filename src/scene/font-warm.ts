import type { ShowEvent, StoryBody } from '../core/events.ts';
import { showAt } from '../core/show.ts';
import { dataLang } from '../core/text.ts';
import type { ShowSource } from '../net/show-source.ts';
import type { StoryFont } from './font-faces.ts';
import { cardText, type CardPart } from './story-text.ts';

/**
 * Fonts loaded before a card asks for them, so that a story is drawn in the first frame that shows it
 * (TextCard lays a text out at once when `FontFaces.prepared` has its files). Two moments:
 *
 * - A story's files start loading the moment it reaches the screen (the source tells of the new event),
 *   not one frame later when the show first places it: on a wall drawing a frame every few hundred
 *   milliseconds that frame is most of the wait.
 * - Once the page has drawn (`warmShowFonts`), at idle moments: first the whole index of the fonts (one
 *   file), so that a story in a script not seen yet waits for its font files alone, not for index pages
 *   first; then one text at a time, the files of the texts
 *   the show can put on a card, the rows' labels and captions and the log's stories. A screen still loads
 *   only what its show uses; a story later written in one of those scripts finds its files in (unless it
 *   uses characters of a subset file no text had: CJK files are cut by frequency).
 */

/** How long an idle moment may be waited for before a warm-up step runs anyway, ms. */
const IDLE_TIMEOUT_MS = 2000;

/** Calls `faces.prepare` for each story that reaches the source from now on. Returns its cleanup. */
export function prepareArrivingStories(source: ShowSource, font: StoryFont): () => void {
  const seen = new Set<string>();
  const take = (story: ShowEvent<StoryBody>): boolean => {
    if (seen.has(story.id)) return false;
    seen.add(story.id);
    const { text, lang } = cardText(story.text, story.lang, font.coverage);
    // A failure is the card's to report (it asks again and draws with what did load).
    font.faces.prepare(text, lang).catch(() => {});
    return true;
  };
  // What is already in the log is the warm-up's (and the cards' own) business.
  for (const s of source.log().storyById.values()) seen.add(s.id);
  return source.subscribe(() => {
    const log = source.log();
    // New stories arrive at the end of the log; a story withheld and then approved arrives with its approval.
    for (let i = log.stories.length - 1; i >= 0; i--) if (!take(log.stories[i] as ShowEvent<StoryBody>)) break;
    for (let i = log.approvals.length - 1; i >= 0; i--) {
      const approval = log.approvals[i];
      const story = approval && log.storyById.get(approval.id);
      if (!story || !take(story)) break;
    }
  });
}

/** The texts the show can put on a card, as the cards draw them (cardText), without repeats. */
export function showTexts(source: ShowSource, font: StoryFont): { text: string; lang: string | null }[] {
  const out = new Map<string, { text: string; lang: string | null }>();
  const add = (raw: string, lang: string, part: CardPart) => {
    const t = cardText(raw, lang, font.coverage, part);
    out.set(`${t.lang ?? ''}\u0000${t.text}`, t);
  };
  const log = source.log();
  const state = showAt(source.installation(), log, source.now());
  for (const sculpture of state.sculptures) {
    const lang = dataLang(state.installation.spec, sculpture.id);
    for (const row of sculpture.rows) {
      // A row's label is drawn under its stories and its caption.
      add(row.label, lang, 'label');
      if (row.caption !== undefined) add(row.caption, lang, 'body');
    }
  }
  for (const story of log.storyById.values()) add(story.text, story.lang, 'body');
  return [...out.values()];
}

/** Prepares every text of `showTexts` one at a time at idle moments. Returns its cleanup (stops it). */
export function warmShowFonts(source: ShowSource, font: StoryFont): () => void {
  let stopped = false;
  let handle: (() => void) | undefined;
  const idle = (run: () => void) => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
      handle = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 0);
      handle = () => clearTimeout(id);
    }
  };
  const texts = showTexts(source, font);
  const step = (work: Promise<void | string>) => void work.catch(() => {}).finally(() => !stopped && idle(next));
  const next = () => {
    const t = texts.shift();
    if (stopped || !t) return;
    // One text's files at a time, each after an idle moment: the frame loop keeps the machine first.
    step(font.faces.prepare(t.text, t.lang));
  };
  // The index first: a failure only means that texts fetch their pages one by one.
  idle(() => !stopped && step(font.faces.preloadIndex()));
  return () => {
    stopped = true;
    handle?.();
  };
}
