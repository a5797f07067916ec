import { createRoot } from 'react-dom/client';
import { pageAudioContext } from '../../audio/plays-sound.ts';
import { DisplayApp, type EarlyLoads } from './DisplayApp.tsx';
import { openSource } from './open-source.ts';
import { loadStoryFont } from './story-font.ts';
import { AddressError } from './AddressError.tsx';
import { parseDisplayParams } from './params.ts';
import { DisplayStringsProvider, displayEnglish } from './strings.ts';
import { testHook } from './test-hook.ts';

/** The `/` page: a headset or desktop preview, or with ?display=<wall> a projection wall. */
// When the bundle had been fetched, parsed and run up to here: the first of the loading steps in the hook.
testHook().loadedAtMs.script ??= Math.round(performance.now());
const parsed = parseDisplayParams(location.search);
// The show and the fonts are asked for now, not once React has mounted: their requests run while the tree
// renders. A failure is DisplayApp's to show (and retry); the catch only keeps it from being "unhandled" meanwhile.
// The AudioContext too, before anything could have touched the page (SoundGate: adoptContext).
const early: EarlyLoads = parsed.ok ? { source: openSource(parsed.params), font: loadStoryFont(), audio: pageAudioContext() } : {};
for (const p of [early.source, early.font]) p?.catch(() => {});
const root = createRoot(document.getElementById('root') as HTMLElement);
if (parsed.ok) {
  root.render(
    <DisplayStringsProvider languages={navigator.languages}>
      <DisplayApp params={parsed.params} early={early} />
    </DisplayStringsProvider>,
  );
} else {
  // The hook is read by tests and `render`, which print it for a person at a terminal: English.
  testHook().error = displayEnglish(parsed.error.code, parsed.error.params);
  root.render(
    <DisplayStringsProvider languages={navigator.languages}>
      <AddressError title="Meshwork" problem={parsed.error} />
    </DisplayStringsProvider>,
  );
}
