import { createRoot } from 'react-dom/client';
import { DisplayApp } from './DisplayApp.tsx';
import { LoadingScreen } from './LoadingScreen.tsx';
import { parseDisplayParams } from './params.ts';
import { testHook } from './test-hook.ts';

/** The `/` page: a headset or desktop preview, or with ?display=<wall> a projection wall. */
// When the bundle had been fetched, parsed and run up to here: the first of the loading steps in the hook.
testHook().loadedAtMs.script ??= Math.round(performance.now());
const root = createRoot(document.getElementById('root') as HTMLElement);
const parsed = parseDisplayParams(location.search);
if (parsed.ok) {
  root.render(<DisplayApp params={parsed.params} />);
} else {
  testHook().error = parsed.error;
  root.render(<LoadingScreen title="Meshwork" steps={[]} done={false} error={parsed.error} />);
}
