import type { Installation } from '../../core/installation.ts';
import { createReplica } from '../../net/replica.ts';
import { keptDevice, persistentClientId, safeGet, safeSet, type KeyValueStore } from '../shared/ids.ts';
import { takeSecretFromUrl } from '../shared/url-secret.ts';
import { formatWait, refusalText, storyAnswer, type Answer } from './answer.ts';
import { AttachList } from './attach-list.ts';
import { connectionState, sameConnectionState, type ConnectionState } from './connection.ts';
import { chooseLanguage, ENGLISH, loadCatalogue, wordingFor, words, type Language, type Words } from './i18n.ts';
import { groupByLabel, materialsOf, rowForStory } from './materials.ts';
import { Outbox } from './outbox.ts';
import { applyWords, languagePicker } from './page-language.ts';
import { renderEmotions, renderReactions, selectedEmotion } from './choices.ts';
import { detectLanguage } from './story-language.ts';
import { lengthInfo, validateStory, type StoryField } from './story-form.ts';
import { MyStories, excerpt, storyStatus } from './story-status.ts';
import { renderMine } from './mine-list.ts';

/**
 * The phone page (/join): pick what the story is about, an emotion, write a story, send; react with big
 * buttons kept at the bottom of the screen. Plain DOM and the client replica (src/net/replica.ts, over
 * socket.io-client) only, so it loads fast on a venue's crowded network (no three, tone or React here:
 * tests/app/join-bundle.test.ts checks the built size). Its words come from a catalogue per language
 * (i18n.ts) and the installation's `audience.wording`. Every text that comes from the installation or the
 * server is set with textContent, never as markup.
 */

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`join.html has no #${id}`);
  return el as T;
};

const storage = (name: 'localStorage' | 'sessionStorage'): KeyValueStore | undefined => {
  try {
    return window[name];
  } catch {
    return undefined; // storage disabled: the page works, it just forgets on reload
  }
};
const local = storage('localStorage');
const session = storage('sessionStorage');

const clientId = persistentClientId(local, 'meshwork.clientId');
const code = takeSecretFromUrl(location.href, 'code', session, 'meshwork.joinCode');
if (code.cleanUrl !== null) history.replaceState(null, '', code.cleanUrl);
let joinCode = code.value ?? undefined;
const outbox = new Outbox(local);
const mine = new MyStories(local);

const els = {
  title: $('title'),
  connection: $('connection'),
  language: $<HTMLSelectElement>('language'),
  codePanel: $('code-panel'),
  notice: $('notice'),
  noticeText: $('notice-text'),
  codeForm: $<HTMLFormElement>('code-form'),
  codeInput: $<HTMLInputElement>('code-input'),
  codeError: $('code-error'),
  form: $<HTMLFormElement>('story-form'),
  search: $<HTMLInputElement>('material-search'),
  emotionList: $('emotion-list'),
  text: $<HTMLTextAreaElement>('story-text'),
  count: $('story-count'),
  consent: $<HTMLInputElement>('consent'),
  send: $<HTMLButtonElement>('send'),
  answer: $('answer'),
  answerTitle: $('answer-title'),
  answerDetail: $('answer-detail'),
  answerWait: $('answer-wait'),
  another: $<HTMLButtonElement>('another'),
  mine: $('mine'),
  mineList: $('mine-list'),
  storiesOff: $('stories-off'),
  reactions: $('reactions'),
  reactionList: $('reaction-list'),
  reactionNote: $('reaction-note'),
};
const errorEl: Record<StoryField, HTMLElement> = { material: $('material-error'), emotion: $('emotion-error'), text: $('text-error') };

let language: Language = chooseLanguage(safeGet(local, 'meshwork.language'), navigator.languages ?? [navigator.language]);
let catalogue = ENGLISH;
let w: Words = words(catalogue, undefined);
const attach = new AttachList({ search: els.search, list: $('material-list'), summary: $('material-chosen'), empty: $('material-empty') }, w);

let installation: Installation | undefined;
let rowKeys: string[] = [];
let maxLength = 280;
/** Sending is paused until then (performance.now ms) after a rate limit. */
let waitUntilMs = 0;
let waitTimer: ReturnType<typeof setInterval> | undefined;
/** The answer on screen, kept to say it again when the language changes. */
let lastAnswer: (() => Shown) | undefined;

// The phone renders no show: no clock pings, no stats, only the installation and the answers it needs.
const replica = createReplica({
  url: location.origin,
  role: 'audience',
  clientId,
  joinCode: () => joinCode,
  device: keptDevice(local, 'meshwork.device'),
  syncClock: false,
  statsIntervalMs: 0,
});
const joined = () => replica.state().status === 'joined';
let shown: ConnectionState = { kind: 'connecting' };
replica.subscribe(() => {
  const next = replica.installation();
  // A (new) installation: on joining, and on a live edit (an installation event in the log).
  if (next && next !== installation) render(next);
  showMine();
  const state = connectionState(replica.state(), catalogue);
  if (sameConnectionState(state, shown)) return;
  const wasJoined = shown.kind === 'joined';
  showConnection(state);
  // After each (re)join: send what waited for the connection.
  if (state.kind === 'joined' && !wasJoined) flushOutbox();
});

// ---- language ------------------------------------------------------------------------------------------

async function setLanguage(next: Language): Promise<void> {
  language = next;
  const loaded = await loadCatalogue(next.tag);
  if (language !== next) return; // a later choice won the race
  catalogue = loaded;
  applyLanguage();
}

function applyLanguage(): void {
  w = words(catalogue, wordingFor(installation?.spec.audience.wording, language.tag));
  applyWords(document, language, w);
  els.search.placeholder = w.searchHint;
  els.text.placeholder = w.placeholder;
  if (installation) render(installation);
  // A refusal on screen is said again in the new language.
  showConnection(connectionState(replica.state(), catalogue));
  updateSendButton();
  if (lastAnswer) showAnswer(lastAnswer, false);
}

languagePicker(els.language, language, (tag) => {
  safeSet(local, 'meshwork.language', tag);
  const next = chooseLanguage(tag, []);
  void setLanguage(next);
});
void setLanguage(language);

// ---- connection -------------------------------------------------------------------------------------

function showConnection(state: ConnectionState): void {
  shown = state;
  els.connection.dataset.state = state.kind;
  els.connection.textContent =
    state.kind === 'joined'
      ? w.t('connected')
      : state.kind === 'connecting'
        ? w.t('connecting')
        : state.kind === 'reconnecting'
          ? w.t('reconnecting')
          : state.kind === 'code'
            ? w.t('codeNeeded')
            : w.t('notConnected');
  els.connection.title = state.kind === 'reconnecting' && state.attempt > 0 ? w.t('connectionLost', { n: state.attempt }) : '';
  els.codePanel.hidden = state.kind !== 'code';
  els.notice.hidden = state.kind !== 'refused';
  if (state.kind === 'refused') els.noticeText.textContent = state.message;
  // Back from asking for the code: the form returns (render() is not called when the version is unchanged).
  if (state.kind === 'joined' && installation) els.form.hidden = !installation.spec.audience.stories.enabled;
  if (state.kind === 'code') {
    els.codeError.textContent = joinCode ? state.message : '';
    els.form.hidden = true;
    if (document.activeElement !== els.language) els.codeInput.focus();
  }
  updateSendButton();
  for (const b of els.reactionList.querySelectorAll('button')) b.disabled = state.kind !== 'joined';
}

els.codeForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const value = els.codeInput.value.trim();
  if (!value) return;
  joinCode = value;
  safeSet(session, 'meshwork.joinCode', value);
  els.codeError.textContent = '';
  // The replica said the code was wrong and waits for a new one: join with it now.
  replica.rejoin();
});

// ---- the installation's choices ----------------------------------------------------------------------

function render(next: Installation): void {
  const wordingChanged = next.spec.audience.wording !== installation?.spec.audience.wording;
  installation = next;
  if (wordingChanged) return applyLanguage(); // which calls render again with the new words
  const spec = next.spec;
  els.title.textContent = spec.title;
  document.title = w.t('pageTitle', { title: spec.title });
  const stories = spec.audience.stories;
  maxLength = stories.maxLength;
  els.form.hidden = !stories.enabled;
  els.storiesOff.hidden = stories.enabled;
  const options = materialsOf(next);
  rowKeys = options.map((o) => o.key);
  attach.setWords(w);
  attach.render(groupByLabel(options));
  renderEmotions(els.emotionList, stories.emotions, w);
  updateCount();
  els.reactions.hidden = !spec.audience.reactions.enabled;
  document.body.classList.toggle('with-reactions', spec.audience.reactions.enabled);
  renderReactions(els.reactionList, spec.audience.reactions.kinds, w, joined(), react);
}

// ---- the form -------------------------------------------------------------------------------------------

els.form.addEventListener('change', (e) => {
  if (e.target instanceof HTMLInputElement && e.target.name === 'material') errorEl.material.textContent = '';
  if (e.target instanceof HTMLInputElement && e.target.name === 'emotion') errorEl.emotion.textContent = '';
});
els.text.addEventListener('input', () => {
  updateCount();
  errorEl.text.textContent = '';
});

function updateCount(): void {
  const info = lengthInfo(els.text.value, maxLength);
  els.count.textContent = info.over ? w.t('tooMany', { count: info.label, n: -info.remaining }) : info.label;
  els.count.dataset.level = info.over ? 'over' : info.near ? 'near' : 'ok';
}

function updateSendButton(): void {
  const waiting = outbox.pending !== null;
  els.send.disabled = waiting || performance.now() < waitUntilMs;
  els.send.textContent = waiting ? (joined() ? w.t('sending') : w.t('waitingForConnection')) : w.t('send');
}

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!installation || outbox.pending) return;
  const group = attach.chosen();
  const text = els.text.value.trim();
  const draft = {
    material: group ? rowForStory(group, text) : '',
    emotion: selectedEmotion(els.emotionList),
    text: els.text.value,
    consent: els.consent.checked,
  };
  const rules = { maxLength, emotions: Object.keys(installation.spec.audience.stories.emotions), materials: rowKeys };
  const problems = validateStory(draft, rules, catalogue);
  for (const field of Object.keys(errorEl) as StoryField[]) errorEl[field].textContent = problems.find((p) => p.field === field)?.message ?? '';
  const first = problems[0];
  if (first) {
    if (first.field === 'text') els.text.focus();
    else if (first.field === 'material') attach.focus();
    else els.emotionList.querySelector('input')?.focus();
    return;
  }
  // The story's language is the one it is written in, not the phone's.
  outbox.put({ ...draft, text, lang: detectLanguage(text) });
  flushOutbox();
});

/** Sends the waiting story, if any and if joined. Called on Send and after every (re)join. */
function flushOutbox(): void {
  const msg = outbox.pending;
  updateSendButton();
  if (!msg) return;
  if (!joined()) {
    showAnswer(() => ({ kind: 'pending', title: w.t('pendingTitle'), detail: w.t('pendingDetail') }));
    return;
  }
  showAnswer(() => ({ kind: 'pending', title: w.t('sending'), detail: '' }));
  void replica.submitStory(msg).then((reply) => {
    if (!reply.ok && 'noAnswer' in reply) {
      // No answer: keep the story (same id) and try again on the next join, or now if still joined.
      showAnswer(() => ({ kind: 'pending', title: w.t('noAnswerTitle'), detail: w.t('noAnswerDetail') }));
      if (joined()) setTimeout(flushOutbox, 3000);
      return;
    }
    if (!reply.ok && reply.code === 'unavailable') {
      // The server could not store it: nothing was kept there, the same id is safe to send again.
      showAnswer(() => ({ kind: 'pending', title: w.t('busyTitle'), detail: w.t('busyDetail') }));
      setTimeout(flushOutbox, 3000);
      return;
    }
    outbox.settle(msg.id);
    const answer = storyAnswer(reply, catalogue);
    if (reply.ok && (reply.outcome === 'shown' || reply.outcome === 'held')) {
      mine.add({ id: msg.id, seq: reply.seq, outcome: reply.outcome, excerpt: excerpt(msg.text) });
      showMine();
    }
    if (answer.kind === 'shown' || answer.kind === 'held' || answer.kind === 'duplicate') {
      els.text.value = '';
      els.consent.checked = false;
      updateCount();
    }
    if (answer.retryAfter) startWait(answer.retryAfter);
    showAnswer(() => storyAnswer(reply, catalogue));
    updateSendButton();
  });
}

type Shown = Answer | { readonly kind: 'pending'; readonly title: string; readonly detail: string };

/** Shows an answer, given as a function so that a change of language can say it again. */
function showAnswer(make: () => Shown, focus = true): void {
  lastAnswer = make;
  const a = make();
  els.answer.hidden = false;
  els.answer.dataset.kind = a.kind;
  els.answerTitle.textContent = a.title;
  els.answerDetail.textContent = a.detail;
  if (a.kind !== 'wait') els.answerWait.textContent = '';
  els.another.hidden = !(a.kind === 'shown' || a.kind === 'held' || a.kind === 'duplicate');
  if (focus && a.kind !== 'pending') els.answer.focus();
}

function startWait(seconds: number): void {
  waitUntilMs = performance.now() + seconds * 1000;
  clearInterval(waitTimer);
  const tick = () => {
    const left = (waitUntilMs - performance.now()) / 1000;
    if (left <= 0) {
      clearInterval(waitTimer);
      els.answerWait.textContent = w.t('sendAgainNow');
    } else {
      els.answerWait.textContent = w.t('sendAgainIn', { when: formatWait(left, catalogue) });
    }
    updateSendButton();
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

els.another.addEventListener('click', () => {
  els.answer.hidden = true;
  lastAnswer = undefined;
  els.text.focus();
});

// ---- the phone's own stories ---------------------------------------------------------------------------

let statusTimer: ReturnType<typeof setTimeout> | undefined;

/** Each own story with what became of it; looked at again while one is on display (its window ends). */
function showMine(): void {
  const stories = mine.all;
  const log = replica.state().log;
  const now = replica.now();
  const seconds = installation?.spec.audience.stories.display.seconds ?? 40;
  const statuses = stories.map((s) => storyStatus(s, log, now, seconds));
  renderMine(els.mine, els.mineList, stories, statuses, w, language.tag);
  clearTimeout(statusTimer);
  if (statuses.some((s) => s === 'approved' || s === 'on-display')) statusTimer = setTimeout(showMine, 5000);
}

// ---- reactions ------------------------------------------------------------------------------------------

function react(kind: string, button: HTMLButtonElement): void {
  if (!joined()) return;
  button.dataset.sent = '';
  setTimeout(() => delete button.dataset.sent, 150);
  void replica.react({ kind }).then((reply) => {
    if (!reply.ok && 'noAnswer' in reply) els.reactionNote.textContent = w.t('reactionLost');
    else if (!reply.ok)
      els.reactionNote.textContent = reply.retryAfter ? w.t('slowDown', { when: formatWait(reply.retryAfter, catalogue) }) : refusalText(reply, catalogue);
    else els.reactionNote.textContent = '';
  });
}

// A story kept from before a reload is shown as waiting, and sent once joined.
if (outbox.pending) showAnswer(() => ({ kind: 'pending', title: w.t('keptTitle'), detail: w.t('keptDetail') }), false);
updateSendButton();
