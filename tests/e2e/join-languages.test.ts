import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT, ensureClientBuilt } from '../../server/build-client.ts';
import type { RunningServer } from '../../server/server.ts';
import type { ShowEvent } from '../../src/core/events.ts';
import { launchChromium, type Browser } from './browser.ts';
import { operator, removeDir, startTestServer, until, type Client } from '../server/show-server.ts';

/**
 * The phone page for an installation unlike the demo, in Japanese and in Arabic (right to left), on a
 * phone-sized screen (390x844): 300 sediment samples from six sites (one with a very long name), emotions
 * with long names, the installation's own wording in both languages. Checked as a person would: the list
 * is six entries with their counts, search works, nothing runs off the screen, the reactions are on the
 * screen without scrolling, the story goes out tagged with the language it is written in, the phone says
 * when it is approved and when it is hidden; and axe-core finds no serious or critical problem.
 * Screenshots in test-artifacts/.
 */
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const WIDTH = 390;
const HEIGHT = 844;
const SITES = [
  'Sumida River mouth',
  'Arakawa flood basin',
  'Tama River, Futako bridge, the east bank below the old paper mill outflow',
  'Tokyo Bay, Odaiba',
  'Kanda River',
  'Shakujii River',
];
const ROWS = 300;
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** This machine has no Japanese system font, which every phone has: the test lends the page one (the
 * self-hosted Noto Sans JP, by the name the page's font stack asks for), so the screenshots show glyphs. */
const JP_FONT_DIR = join(PROJECT_ROOT, 'node_modules/@fontsource/noto-sans-jp/files');
/** Each face of the package's 400.css: its woff2 file (as the page fetches it) and its unicode-range. */
const JP_FACES = [...readFileSync(join(JP_FONT_DIR, '..', '400.css'), 'utf8').matchAll(/@font-face\s*{([^}]*)}/g)].map(([, block = '']) => ({
  url: (/url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1] ?? '').replace(/^/, '/__test-font/'),
  range: /unicode-range:\s*([^;]+);/.exec(block)?.[1] ?? '',
}));

/** Lent before the page draws anything, and first in the stack, as a Japanese phone's system face is (a
 * web font behind `system-ui` is never reached for CJK on Linux: Chromium drew the title "河▯堆▯▯"). */
async function lendJapaneseFont(page: Page): Promise<void> {
  await page.route('**/__test-font/*', (route) => route.fulfill({ path: join(JP_FONT_DIR, basename(new URL(route.request().url()).pathname)) }));
  await page.addInitScript((faces) => {
    for (const f of faces) document.fonts.add(new FontFace('Noto Sans JP', `url(${f.url})`, { unicodeRange: f.range, weight: '100 900' }));
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("body, input, button, select, textarea { font-family: 'Noto Sans JP', sans-serif !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, JP_FACES);
}
/** Before a screenshot: every piece of the lent font is in (a test loads all ~120; a phone has its own). */
async function fontsLoaded(page: Page): Promise<void> {
  const loaded = await page.evaluate(async () => {
    const faces = [...document.fonts].filter((f) => f.family.includes('Noto Sans JP'));
    await Promise.all(faces.map((f) => f.load()));
    await document.fonts.ready;
    return faces.filter((f) => f.status === 'loaded').length;
  });
  expect(loaded).toBeGreaterThan(100);
}

const INSTALLATION = `title: 河川堆積物 / Sediments of the rivers
data:
  samples: { file: samples.csv, key: sample }
sculptures:
  - id: samples
    data: samples
    label: site
    color: { field: kind, scale: { scheme: tableau10 } }
audience:
  moderation: before
  stories:
    emotions:
      grief: "#5b6fd6"
      anger-at-those-responsible: "#e0452b"
      quiet-hope: "#58c48c"
  wording:
    ja:
      noun: 採取地点
      question: どの採取地点についての物語ですか？
      search: 地点の名前で検索
      prompt: 川について覚えていることを教えてください
      consent: 物語をアーカイブに残し、次回の展示で再び上映することを許可する。
      emotions: { grief: 悲しみ, anger-at-those-responsible: 責任を負うべき人々への長く消えない怒り, quiet-hope: 静かな希望 }
      reactions: { heart: ハート, fire: 炎, seedling: 芽, tear: 涙 }
    ar:
      noun: مواقع أخذ العينات
      question: عن أي موقع تتحدث قصتك؟
      search: ابحث باسم الموقع
      prompt: أخبرنا بما تتذكره عن النهر
      consent: احتفظ بقصتي في الأرشيف لتُعرض في المعرض القادم.
      emotions: { grief: حزن, anger-at-those-responsible: غضب طويل لا يهدأ تجاه المسؤولين عما حدث, quiet-hope: أمل هادئ }
      reactions: { heart: قلب, fire: نار, seedling: برعم, tear: دمعة }
`;

let dir: string;
let server: RunningServer;
let browser: Browser;
let op: Client & { heard: ShowEvent[] };

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'meshwork-join-languages-'));
  writeFileSync(join(dir, 'installation.yaml'), INSTALLATION);
  const csv = ['sample,site,kind,lead_ppm', ...Array.from({ length: ROWS }, (_, i) => `s${i},"${SITES[i % 6]}",${i % 2 ? 'bank' : 'bed'},${(i * 7) % 90}`)];
  writeFileSync(join(dir, 'samples.csv'), `${csv.join('\n')}\n`);
  server = await startTestServer(dir, { dataDir: join(dir, 'data'), watch: false });
  op = (await operator(server.url)).socket;
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  op?.disconnect();
  await browser?.close();
  await server?.close();
  if (dir) removeDir(dir);
});

/** Serious and critical findings of axe-core (WCAG 2.1 A and AA) on the page as it stands. */
async function axeFindings(page: Page): Promise<string[]> {
  // Evaluated by the test (not a <script>): the page's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    type Result = { id: string; impact: string | null; nodes: { target: unknown }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return {
      passes: r.passes.map((p) => p.id),
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)) })),
    };
  });
  // It really looked: the rules that matter here ran and passed.
  for (const rule of ['color-contrast', 'label', 'html-has-lang', 'html-lang-valid', 'button-name']) expect(found.passes, rule).toContain(rule);
  const minor = found.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0) console.log(`axe, minor: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  return found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(' ')}`);
}

/** Nothing wider than the screen: no sideways scrolling, and no label whose text runs out of its box. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.querySelectorAll<HTMLElement>('.material, .emotion, .reaction, .consent label, legend, h1, h2')) {
      if (el.offsetParent === null || el.classList.contains('visually-hidden')) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(`${el.className || el.tagName}: ${el.textContent?.slice(0, 30)} (${el.scrollWidth} > ${el.clientWidth})`);
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > width + 1) out.push(`${el.className || el.tagName} off screen: ${r.left}..${r.right}`);
    }
    return out;
  }, WIDTH);
}

async function reactionsInReach(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const boxes = await page.locator('.reaction').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  expect(boxes).toHaveLength(4);
  for (const b of boxes) {
    expect(b.top).toBeGreaterThanOrEqual(0);
    expect(b.bottom).toBeLessThanOrEqual(HEIGHT);
    expect(b.height).toBeGreaterThanOrEqual(44); // a comfortable target
  }
}

const storyOf = (id: string) => op.heard.find((e): e is Extract<ShowEvent, { type: 'story' }> => e.type === 'story' && e.id === id);

describe('the phone page in Japanese and Arabic, 300 rows of six sites, at 390x844', () => {
  let page: Page;

  it('follows the browser: Japanese words, the installation’s wording, six sites with their counts, the reactions on screen', async () => {
    browser = await launchChromium({ width: WIDTH, height: HEIGHT, locale: 'ja-JP' });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await lendJapaneseFont(page);
    await page.goto(`${server.url}/join`);
    await page.getByText('接続済み', { exact: true }).waitFor();
    await fontsLoaded(page);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('ltr');
    await page.getByRole('heading', { name: '川について覚えていることを教えてください' }).waitFor();
    await expect(page.getByRole('button', { name: '物語を送る' }).count()).resolves.toBe(1);
    await expect(page.locator('.material').count()).resolves.toBe(6);
    await expect(page.locator('.material .n').allTextContents()).resolves.toEqual(Array(6).fill('×50'));
    await expect(page.locator('#material-chosen').textContent()).resolves.toBe('6 件から選んでください。');
    await expect(page.getByRole('radiogroup', { name: '採取地点' }).count()).resolves.toBe(1);
    await page.getByLabel('検索').fill('river');
    await expect(page.locator('.material').filter({ visible: true }).count()).resolves.toBe(4);
    await expect(page.locator('#material-chosen').textContent()).resolves.toBe('6 件中 4 件が一致。');
    await page.getByLabel('検索').fill('');
    await reactionsInReach(page);
    expect(await overflowing(page)).toEqual([]);
    await fontsLoaded(page);
    await page.screenshot({ path: join(ARTIFACTS, 'join-ja-top.png') });
    expect(await axeFindings(page)).toEqual([]);
  }, 90_000);

  it('sends a Japanese story tagged ja (whatever the phone’s language), and says when it is approved', async () => {
    await page.getByText(SITES[2] ?? '').click();
    await page.getByLabel('責任を負うべき人々への長く消えない怒り').check();
    await page.getByRole('textbox', { name: 'あなたの物語', exact: true }).fill('子どものころ、川の泥は黒くて、魚は一匹もいませんでした。');
    await page.locator('#emotion-field').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    expect(await overflowing(page)).toEqual([]);
    await fontsLoaded(page);
    await page.screenshot({ path: join(ARTIFACTS, 'join-ja-story.png') });
    await page.getByRole('button', { name: '物語を送る' }).click();
    await page.getByRole('heading', { name: 'あなたの物語が届きました' }).waitFor();
    await page.locator('#mine-list li[data-status="held"]').getByText('モデレーターの確認待ち').waitFor();
    await until(() => op.heard.some((e) => e.type === 'story'), 10_000);
    const sent = op.heard.find((e) => e.type === 'story');
    if (sent?.type !== 'story') throw new Error('no story reached the operator');
    expect(sent.lang).toBe('ja');
    // It attaches to one of the 50 rows of the site chosen.
    expect(Number(sent.material.slice(1)) % 6).toBe(2);

    const r = await op.timeout(5000).emitWithAck('moderate', { id: sent.id, action: 'approve' });
    expect(r.ok).toBe(true);
    await page.locator('#mine-list li[data-status="approved"]').getByText('承認されました：いま会場に').waitFor();
    await page.locator('#mine').scrollIntoViewIfNeeded();
    await fontsLoaded(page);
    await page.screenshot({ path: join(ARTIFACTS, 'join-ja-approved.png') });
    expect(await axeFindings(page)).toEqual([]);
  }, 90_000);

  it('changes to Arabic on the page: right to left, Arabic words and wording, nothing off screen; a hidden story says so', async () => {
    await page.getByLabel('言語').selectOption('ar');
    await page.getByRole('heading', { name: 'أخبرنا بما تتذكره عن النهر' }).waitFor();
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
    await expect(page.getByRole('radiogroup', { name: 'مواقع أخذ العينات' }).count()).resolves.toBe(1);
    await page.getByText('Kanda River').click();
    await page.getByLabel('حزن').check();
    await page.getByRole('textbox', { name: 'قصتك', exact: true }).fill('كان النهر أسود في طفولتي، ولم نرَ فيه سمكة واحدة.');
    await page.getByRole('button', { name: 'أرسل قصتي' }).click();
    await page.getByRole('heading', { name: 'وصلت قصتك' }).waitFor();
    await until(() => op.heard.filter((e) => e.type === 'story').length === 2, 10_000);
    const arabic = op.heard.filter((e) => e.type === 'story')[1];
    if (arabic?.type !== 'story') throw new Error('no second story');
    expect(arabic.lang).toBe('ar');
    expect(storyOf(arabic.id)?.emotion).toBe('grief');
    // Hidden before the room ever saw it: the phone is told all the same.
    expect((await op.timeout(5000).emitWithAck('moderate', { id: arabic.id, action: 'hide', reason: 'test' })).ok).toBe(true);
    await page.locator('#mine-list li[data-status="hidden"]').getByText('أخفاها المشرف').waitFor();
    await expect(page.locator('#mine-list li[data-status="approved"]').getByText('تمت الموافقة: في القاعة الآن').count()).resolves.toBe(1);

    await reactionsInReach(page);
    expect(await overflowing(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'join-ar-top.png') });
    await page.locator('#emotion-field').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(ARTIFACTS, 'join-ar-story.png') });
    await page.locator('#mine').scrollIntoViewIfNeeded();
    await fontsLoaded(page);
    await page.screenshot({ path: join(ARTIFACTS, 'join-ar-status.png') });
    expect(await axeFindings(page)).toEqual([]);
    // The choice is kept: a reload stays in Arabic.
    await page.reload();
    await page.getByRole('heading', { name: 'أخبرنا بما تتذكره عن النهر' }).waitFor();
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  }, 90_000);
});
