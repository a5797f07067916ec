import { describe, expect, it } from 'vitest';
import { compileFolder } from '../../server/installation-folder.ts';
import { compileFromMap } from '../../src/core/installation.ts';
import { encodeSculptures } from '../../src/core/encode.ts';
import { storyBody } from '../../src/core/events.ts';
import { CLIENT_ID } from '../../src/core/ids.ts';
import { characterCount } from '../../src/core/text.ts';
import { memoryStore, persistentClientId, randomId, type KeyValueStore } from '../../src/app/shared/ids.ts';
import { takeSecretFromUrl } from '../../src/app/shared/url-secret.ts';
import { foldText, materialsOf, searchMaterials } from '../../src/app/join/materials.ts';
import { lengthInfo, storyLength, validateStory } from '../../src/app/join/story-form.ts';
import { Outbox } from '../../src/app/join/outbox.ts';
import { formatWait, sentences, storyAnswer } from '../../src/app/join/answer.ts';
import { isJoinCodeError } from '../../src/app/join/connection.ts';

const rite = compileFolder('installations/upcycling-rite');
if (!rite.installation) throw new Error('the demo installation must compile');
const installation = rite.installation;

describe('ids', () => {
  it('are url-safe, of the asked length, and accepted by the protocol as client and story ids', () => {
    const ids = new Set(Array.from({ length: 500 }, () => randomId()));
    expect(ids.size).toBe(500);
    for (const id of ids) {
      expect(id).toMatch(CLIENT_ID);
      expect(id).toHaveLength(16);
    }
    expect(randomId(40)).toHaveLength(40);
  });

  it('uses every character of the 64-letter alphabet for the 256 byte values', () => {
    const bytes = (b: Uint8Array<ArrayBuffer>) => {
      b.forEach((_, i) => (b[i] = i));
      return b;
    };
    expect(new Set(randomId(256, bytes)).size).toBe(64);
  });

  it('keeps the client id across reloads and replaces a damaged one', () => {
    const store = memoryStore();
    const a = persistentClientId(store, 'k');
    expect(persistentClientId(store, 'k')).toBe(a);
    store.setItem('k', 'bad id!');
    const b = persistentClientId(store, 'k');
    expect(b).not.toBe('bad id!');
    expect(b).toMatch(CLIENT_ID);
  });

  it('works when storage throws (private mode): a fresh id every time, no exception', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(persistentClientId(throwing, 'k')).toMatch(CLIENT_ID);
  });
});

describe('secrets in the address', () => {
  it('moves ?token= and #token= to storage and gives the address without them', () => {
    const store = memoryStore();
    const q = takeSecretFromUrl('http://h:1/operator?token=abc&x=1#y=2', 'token', store, 's');
    expect(q).toEqual({ value: 'abc', cleanUrl: '/operator?x=1#y=2' });
    expect(store.getItem('s')).toBe('abc');
    const h = takeSecretFromUrl('http://h:1/operator#token=def', 'token', store, 's');
    expect(h).toEqual({ value: 'def', cleanUrl: '/operator' });
  });

  it('falls back to the stored value, and leaves the address alone, when the address has none', () => {
    const store = memoryStore();
    store.setItem('s', 'kept');
    expect(takeSecretFromUrl('http://h/operator', 'token', store, 's')).toEqual({ value: 'kept', cleanUrl: null });
    expect(takeSecretFromUrl('http://h/operator', 'token', memoryStore(), 's')).toEqual({ value: null, cleanUrl: null });
  });
});

describe('materials', () => {
  it('agree with the core encoder on every key and name of the demo (the story attaches to that key)', () => {
    const options = materialsOf(installation);
    const encoded = encodeSculptures(installation).find((s) => s.id === 'materials');
    expect(options).toHaveLength(29);
    expect(options.map((o) => [o.key, o.label])).toEqual(encoded?.rows.map((r) => [r.key, r.label]));
    expect(options[0]).toEqual({ key: 'pfas-raincoat', label: 'Water-repellent raincoat', category: 'textile' });
  });

  it('fall back to row numbers and keys when the data has no id and the sculpture no label', () => {
    const c = compileFromMap({
      'installation.yaml': 'title: T\ndata: { d: { file: d.csv } }\nsculptures: [{ id: s, data: d }]\n',
      'd.csv': 'name,kind\nAlpha,x\nBeta,y\n',
    });
    const opts = materialsOf(c.installation ?? installation);
    expect(opts).toEqual([
      { key: '0', label: '0', category: null },
      { key: '1', label: '1', category: null },
    ]);
    expect(encodeSculptures(c.installation ?? installation)[0]?.rows.map((r) => r.key)).toEqual(['0', '1']);
  });

  it('are found by any words of the name or category, ignoring case and accents', () => {
    const options = [
      { key: 'a', label: 'Café chairs', category: 'wood' },
      { key: 'b', label: 'Raincoat', category: 'textile' },
      { key: 'c', label: 'Carpet tiles', category: 'textile' },
    ];
    expect(searchMaterials(options, '').map((o) => o.key)).toEqual(['a', 'b', 'c']);
    expect(searchMaterials(options, 'CAFE').map((o) => o.key)).toEqual(['a']);
    expect(searchMaterials(options, 'textile tiles').map((o) => o.key)).toEqual(['c']);
    expect(searchMaterials(options, 'steel')).toEqual([]);
    expect(foldText('Ärger')).toBe('arger');
  });
});

describe('the story form', () => {
  const rules = { maxLength: 20, emotions: ['grief', 'hope'], materials: ['pfas-raincoat'] };
  const ok = { material: 'pfas-raincoat', emotion: 'hope', text: 'We kept going.', consent: false };

  it('accepts a complete draft with or without consent', () => {
    expect(validateStory(ok, rules)).toEqual([]);
    expect(validateStory({ ...ok, consent: true }, rules)).toEqual([]);
  });

  it('names every missing or wrong field, in form order', () => {
    expect(validateStory({ material: '', emotion: '', text: '   ', consent: false }, rules).map((p) => p.field)).toEqual(['material', 'emotion', 'text']);
    expect(validateStory({ ...ok, material: 'gone', emotion: 'rage' }, rules).map((p) => p.message)).toEqual([
      'That choice is no longer in the installation: choose another one.',
      'That feeling is no longer offered: choose another one.',
    ]);
    expect(validateStory({ ...ok, text: 'x'.repeat(23) }, rules)).toEqual([{ field: 'text', message: 'Your story is 3 characters too long (at most 20).' }]);
    expect(validateStory({ ...ok, text: 'x'.repeat(21) }, rules)[0]?.message).toBe('Your story is 1 character too long (at most 20).');
  });

  it('counts characters as the server does: trimmed, in code points (an emoji is one)', () => {
    for (const text of ['  hello  ', '\n\tgrief\n', 'héllo wörld', 'a 🌱 b']) {
      const server = storyBody.parse({ type: 'story', id: 'abcdef', text, emotion: 'x', material: 'y', consent: false }).text;
      expect(storyLength(text)).toBe(characterCount(server));
    }
    expect(storyLength(' a 🌱 b ')).toBe(5);
    expect(lengthInfo('🌱'.repeat(20), 20)).toMatchObject({ over: false, remaining: 0 });
    expect(lengthInfo('x'.repeat(20), 20)).toMatchObject({ over: false, near: true, remaining: 0, label: '20 / 20' });
    expect(lengthInfo('x'.repeat(5), 280)).toMatchObject({ over: false, near: false, label: '5 / 280' });
    expect(lengthInfo('x'.repeat(281), 280)).toMatchObject({ over: true, remaining: -1 });
  });
});

describe('the outbox', () => {
  const draft = { material: 'm', emotion: 'hope', text: 'hi', consent: true, lang: 'en' };

  it('keeps one id per story until the server answers, across a reload', () => {
    const store = memoryStore();
    const box = new Outbox(store);
    const sent = box.put(draft);
    expect(sent.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    // A second press (or a retry) while it waits gives the same story and id: never a duplicate.
    expect(box.put({ ...draft, text: 'other' })).toEqual(sent);
    // A reload finds it again.
    const reloaded = new Outbox(store);
    expect(reloaded.pending).toEqual(sent);
    // A late answer for another id changes nothing; the right one settles it.
    reloaded.settle('someone-else');
    expect(reloaded.pending).toEqual(sent);
    reloaded.settle(sent.id);
    expect(reloaded.pending).toBeNull();
    expect(new Outbox(store).pending).toBeNull();
    // The next story gets a new id.
    expect(reloaded.put(draft).id).not.toBe(sent.id);
  });

  it('drops a damaged entry instead of getting stuck', () => {
    const store = memoryStore();
    store.setItem('meshwork.outbox', '{"id": 3');
    expect(new Outbox(store).pending).toBeNull();
    store.setItem('meshwork.outbox', JSON.stringify({ id: 'abcdefgh', text: 1 }));
    expect(new Outbox(store).pending).toBeNull();
  });
});

describe('the answer after Send', () => {
  it('says shown, held or duplicate in words', () => {
    expect(storyAnswer({ ok: true, outcome: 'shown', seq: 3 }).kind).toBe('shown');
    expect(storyAnswer({ ok: true, outcome: 'held', seq: 3 }).title).toBe('Your story arrived');
    expect(storyAnswer({ ok: true, outcome: 'duplicate', seq: 3 }).kind).toBe('duplicate');
  });

  it('gives the reason and hint of a refusal, and when to try again after a rate limit', () => {
    expect(storyAnswer({ ok: false, error: 'stories are closed', hint: 'wait for the operator to open them' })).toEqual({
      kind: 'refused',
      title: 'Your story was not accepted',
      detail: 'Stories are closed. Wait for the operator to open them.',
    });
    const wait = storyAnswer({ ok: false, error: 'too many stories', hint: 'at most 3 a minute', retryAfter: 42 });
    expect(wait).toMatchObject({ kind: 'wait', retryAfter: 42 });
    expect(formatWait(42)).toBe('in 42 s');
    expect(sentences('wrong join code', 'the code is on the posters (or ask the operator)')).toBe(
      'Wrong join code. The code is on the posters (or ask the operator)',
    );
    expect(sentences('done.', undefined, ' ')).toBe('Done.');
    expect(formatWait(0.2)).toBe('in 1 s');
    expect(formatWait(61)).toBe('in 2 min');
    expect(formatWait(3900)).toBe('in 1 h 5 min');
  });

  it('tells a join-code refusal from others', () => {
    expect(isJoinCodeError({ ok: false, code: 'unauthorized', error: 'wrong join code', hint: 'ask the staff' })).toBe(true);
    expect(isJoinCodeError({ ok: false, code: 'rate-limited', error: 'too many connections from this address', retryAfter: 1 })).toBe(false);
  });
});
