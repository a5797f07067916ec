import type { Installation } from '../../core/installation.ts';
import { createReplica } from '../../net/replica.ts';
import { keptDevice, persistentClientId, safeSet, type KeyValueStore } from '../shared/ids.ts';
import { takeSecretFromUrl } from '../shared/url-secret.ts';
import { formatWait, storyAnswer, type Answer } from './answer.ts';
import { connectionState, sameConnectionState, type ConnectionState } from './connection.ts';
import { materialsOf, searchMaterials, type MaterialOption } from './materials.ts';
import { Outbox } from './outbox.ts';
import { reactionIcon } from './reaction-icons.ts';
import { languageTag, lengthInfo, validateStory, type StoryField } from './story-form.ts';

/**
 * The phone page (/join): pick a material, an emotion, write a story, send; react with big buttons.
 * Plain DOM and the client replica (src/net/replica.ts, over socket.io-client) only, so it loads fast on a
 * venue's crowded network (no three, tone or React here: tests/app/join-bundle.test.ts checks the built
 * size). Every text that comes from the installation or the server is set with textContent, never as
 * markup.
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
const lang = languageTag(navigator.language);
const outbox = new Outbox(local);

const els = {
  title: $('title'),
  connection: $('connection'),
  codePanel: $('code-panel'),
  notice: $('notice'),
  noticeText: $('notice-text'),
  codeForm: $<HTMLFormElement>('code-form'),
  codeInput: $<HTMLInputElement>('code-input'),
  codeError: $('code-error'),
  form: $<HTMLFormElement>('story-form'),
  search: $<HTMLInputElement>('material-search'),
  chosen: $('material-chosen'),
  materialList: $('material-list'),
  materialEmpty: $('material-empty'),
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
  storiesOff: $('stories-off'),
  reactions: $('reactions'),
  reactionList: $('reaction-list'),
  reactionNote: $('reaction-note'),
};
const errorEl: Record<StoryField, HTMLElement> = { material: $('material-error'), emotion: $('emotion-error'), text: $('text-error') };

let installation: Installation | undefined;
let materials: MaterialOption[] = [];
let maxLength = 280;
/** Sending is paused until then (performance.now ms) after a rate limit. */
let waitUntilMs = 0;
let waitTimer: ReturnType<typeof setInterval> | undefined;

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
  const state = connectionState(replica.state());
  if (sameConnectionState(state, shown)) return;
  const wasJoined = shown.kind === 'joined';
  showConnection(state);
  // After each (re)join: send what waited for the connection.
  if (state.kind === 'joined' && !wasJoined) flushOutbox();
});

// ---- connection -------------------------------------------------------------------------------------

function showConnection(state: ConnectionState): void {
  shown = state;
  els.connection.dataset.state = state.kind;
  els.connection.textContent =
    state.kind === 'joined'
      ? 'Connected'
      : state.kind === 'connecting'
        ? 'Connecting…'
        : state.kind === 'reconnecting'
          ? 'Reconnecting…'
          : state.kind === 'code'
            ? 'Join code needed'
            : 'Not connected';
  els.connection.title = state.kind === 'reconnecting' && state.attempt > 0 ? `Connection lost: try ${state.attempt}` : '';
  els.codePanel.hidden = state.kind !== 'code';
  els.notice.hidden = state.kind !== 'refused';
  if (state.kind === 'refused') els.noticeText.textContent = state.message;
  // Back from asking for the code: the form returns (render() is not called when the version is unchanged).
  if (state.kind === 'joined' && installation) els.form.hidden = !installation.spec.audience.stories.enabled;
  if (state.kind === 'code') {
    els.codeError.textContent = joinCode ? state.message : '';
    els.form.hidden = true;
    els.codeInput.focus();
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
  installation = next;
  const spec = next.spec;
  els.title.textContent = spec.title;
  document.title = `${spec.title}: share your story`;
  const stories = spec.audience.stories;
  maxLength = stories.maxLength;
  els.form.hidden = !stories.enabled;
  els.storiesOff.hidden = stories.enabled;
  materials = materialsOf(next);
  renderMaterials();
  renderEmotions(stories.emotions);
  updateCount();
  els.reactions.hidden = !spec.audience.reactions.enabled;
  renderReactions(spec.audience.reactions.kinds);
}

function selected(name: string): string {
  return els.form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? '';
}

function renderMaterials(): void {
  const keep = selected('material');
  els.materialList.replaceChildren(
    ...materials.map((m, i) => {
      const label = document.createElement('label');
      label.className = 'material';
      label.dataset.key = m.key;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'material';
      input.value = m.key;
      input.id = `material-${i}`;
      input.checked = m.key === keep;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = m.label;
      label.append(input, name);
      if (m.category) {
        const cat = document.createElement('span');
        cat.className = 'cat';
        cat.textContent = m.category;
        label.append(cat);
      }
      return label;
    }),
  );
  filterMaterials();
  showChosen();
}

function filterMaterials(): void {
  const visible = new Set(searchMaterials(materials, els.search.value).map((m) => m.key));
  const keep = selected('material');
  for (const label of els.materialList.querySelectorAll<HTMLElement>('.material')) {
    // The chosen material stays visible whatever the search, so the choice is never hidden from view.
    label.hidden = !visible.has(label.dataset.key ?? '') && label.dataset.key !== keep;
  }
  els.materialEmpty.hidden = visible.size > 0;
}

function showChosen(): void {
  const m = materials.find((x) => x.key === selected('material'));
  if (!m) {
    els.chosen.textContent = `${materials.length} materials. Choose one.`;
    return;
  }
  const strong = document.createElement('strong');
  strong.textContent = m.label;
  els.chosen.replaceChildren('Chosen: ', strong, m.category ? ` (${m.category})` : '');
}

function renderEmotions(emotions: Readonly<Record<string, string>>): void {
  const keep = selected('emotion');
  els.emotionList.replaceChildren(
    ...Object.entries(emotions).map(([name, color]) => {
      const label = document.createElement('label');
      label.className = 'emotion';
      label.style.setProperty('--emotion', color);
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'emotion';
      input.value = name;
      input.checked = name === keep;
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = color;
      label.append(input, dot, name);
      return label;
    }),
  );
}

function renderReactions(kinds: readonly string[]): void {
  els.reactionList.replaceChildren(
    ...kinds.map((kind) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'reaction';
      button.disabled = !joined();
      const icon = reactionIcon(kind, document);
      if (icon) button.append(icon);
      button.append(kind);
      button.addEventListener('click', () => react(kind, button));
      return button;
    }),
  );
}

// ---- the form -------------------------------------------------------------------------------------------

els.search.addEventListener('input', filterMaterials);
els.materialList.addEventListener('change', () => {
  showChosen();
  errorEl.material.textContent = '';
});
els.emotionList.addEventListener('change', () => (errorEl.emotion.textContent = ''));
els.text.addEventListener('input', () => {
  updateCount();
  errorEl.text.textContent = '';
});

function updateCount(): void {
  const info = lengthInfo(els.text.value, maxLength);
  els.count.textContent = info.over ? `${info.label}: ${-info.remaining} too many` : info.label;
  els.count.dataset.level = info.over ? 'over' : info.near ? 'near' : 'ok';
}

function updateSendButton(): void {
  const waiting = outbox.pending !== null;
  els.send.disabled = waiting || performance.now() < waitUntilMs;
  els.send.textContent = waiting ? (joined() ? 'Sending…' : 'Waiting for the connection…') : 'Send my story';
}

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!installation || outbox.pending) return;
  const draft = { material: selected('material'), emotion: selected('emotion'), text: els.text.value, consent: els.consent.checked };
  const problems = validateStory(draft, {
    maxLength,
    emotions: Object.keys(installation.spec.audience.stories.emotions),
    materials: materials.map((m) => m.key),
  });
  for (const field of Object.keys(errorEl) as StoryField[]) errorEl[field].textContent = problems.find((p) => p.field === field)?.message ?? '';
  const first = problems[0];
  if (first) {
    const target = first.field === 'text' ? els.text : first.field === 'material' ? els.search : els.emotionList.querySelector('input');
    target?.focus();
    return;
  }
  outbox.put({ ...draft, text: draft.text.trim(), lang });
  flushOutbox();
});

/** Sends the waiting story, if any and if joined. Called on Send and after every (re)join. */
function flushOutbox(): void {
  const msg = outbox.pending;
  updateSendButton();
  if (!msg) return;
  if (!joined()) {
    showAnswer({
      kind: 'pending',
      title: 'Waiting for the connection',
      detail: 'Your story is kept on this phone and is sent as soon as the connection is back.',
    });
    return;
  }
  showAnswer({ kind: 'pending', title: 'Sending…', detail: '' });
  void replica.submitStory(msg).then((reply) => {
    if (!reply.ok && 'noAnswer' in reply) {
      // No answer: keep the story (same id) and try again on the next join, or now if still joined.
      showAnswer({ kind: 'pending', title: 'No answer yet', detail: 'Your story is kept on this phone and sent again when the connection is back.' });
      if (joined()) setTimeout(flushOutbox, 3000);
      return;
    }
    if (!reply.ok && reply.code === 'unavailable') {
      // The server could not store it: nothing was kept there, the same id is safe to send again.
      showAnswer({ kind: 'pending', title: 'The server is busy', detail: 'Your story is kept on this phone and sent again in a few seconds.' });
      setTimeout(flushOutbox, 3000);
      return;
    }
    outbox.settle(msg.id);
    const answer = storyAnswer(reply);
    if (answer.kind === 'shown' || answer.kind === 'held' || answer.kind === 'duplicate') {
      els.text.value = '';
      els.consent.checked = false;
      updateCount();
    }
    if (answer.retryAfter) startWait(answer.retryAfter);
    showAnswer(answer);
    updateSendButton();
  });
}

type Shown = Answer | { readonly kind: 'pending'; readonly title: string; readonly detail: string };

function showAnswer(a: Shown): void {
  els.answer.hidden = false;
  els.answer.dataset.kind = a.kind;
  els.answerTitle.textContent = a.title;
  els.answerDetail.textContent = a.detail;
  if (a.kind !== 'wait') els.answerWait.textContent = '';
  els.another.hidden = !(a.kind === 'shown' || a.kind === 'held' || a.kind === 'duplicate');
  if (a.kind !== 'pending') els.answer.focus();
}

function startWait(seconds: number): void {
  waitUntilMs = performance.now() + seconds * 1000;
  clearInterval(waitTimer);
  const tick = () => {
    const left = (waitUntilMs - performance.now()) / 1000;
    if (left <= 0) {
      clearInterval(waitTimer);
      els.answerWait.textContent = 'You can send again now.';
    } else {
      els.answerWait.textContent = `You can send again ${formatWait(left)}.`;
    }
    updateSendButton();
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

els.another.addEventListener('click', () => {
  els.answer.hidden = true;
  els.text.focus();
});

// ---- reactions ------------------------------------------------------------------------------------------

function react(kind: string, button: HTMLButtonElement): void {
  if (!joined()) return;
  button.dataset.sent = '';
  setTimeout(() => delete button.dataset.sent, 150);
  void replica.react({ kind }).then((reply) => {
    if (!reply.ok && 'noAnswer' in reply) els.reactionNote.textContent = 'That tap did not arrive: the connection is slow.';
    else if (!reply.ok) els.reactionNote.textContent = reply.retryAfter ? `Slow down a little: try again ${formatWait(reply.retryAfter)}.` : reply.error;
    else els.reactionNote.textContent = '';
  });
}

// A story kept from before a reload is shown as waiting, and sent once joined.
if (outbox.pending) showAnswer({ kind: 'pending', title: 'Sending your story…', detail: 'It was kept on this phone from before.' });
updateSendButton();
