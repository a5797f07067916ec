import { WALL_ID_RULE } from '../../../core/ids.ts';
import { transportEn } from '../../shared/strings/transport-en.ts';

/**
 * The display page's words in English (`/`: the desktop preview and the headset; `?display=`: a wall's
 * loading and error screen and its calibration): the reference catalogue. Another language is a file like
 * this one with the same keys (the type `DisplayCatalogue` in ../strings.ts makes a missing key a compile
 * error), registered in DISPLAY_CATALOGUES there. `{name}` is replaced by a value; `<kbd>…</kbd>` marks a
 * key to press (the help draws it as a key cap). The installation's title, phase labels and stories are the
 * artist's and the audience's words: shown as written, never here.
 */
export const displayEn = {
  ...transportEn,

  'help.label': 'About this view',
  'help.show': 'Show help (H)',
  'help.hide': 'Hide help (H)',
  'help.now': 'Now: {phase}',
  'help.holding': '(waiting for the next cue)',
  'help.look': '<kbd>Drag</kbd> to look around',
  'help.closer': '<kbd>Scroll</kbd> or pinch to come closer',
  'help.slide': '<kbd>Right-drag</kbd>, <kbd>Shift</kbd>+drag or the <kbd>arrow keys</kbd> to slide',
  'help.keys': '<kbd>F</kbd> full screen, <kbd>H</kbd> hide this help',
  'help.fullscreen': 'Full screen',
  'help.leaveFullscreen': 'Leave full screen',

  'loading.progress': 'loading {percent}%',
  'loading.models': '{loaded}/{total} models',
  'loading.show': 'show',
  'loading.font': 'font',
  'loading.xr': 'XR',
  'loading.firstFrame': 'first frame',
  'loading.retrying': '{error} (trying again in {seconds} s)',
  'error.noWall': 'there is no wall "{wall}" in this installation: open one of {walls}',
  'error.noWalls': 'there is no wall "{wall}" in this installation: add it under displays.walls in installation.yaml',
  'error.wallNotDrawn': 'the wall "{wall}" cannot be drawn: {error}',
  'error.viewNotDrawn': 'this view cannot be drawn: {error}',
  // The page's address (params.ts); {value} is what the address held.
  'url.not-a-time': '?t={value} is not a time: give seconds on the show clock, e.g. ?t=95',
  // The rule's English words come from where the rule is (src/core/ids.ts); another language words it itself.
  'url.not-a-wall-id': `?display={value} is not a wall id: ids are ${WALL_ID_RULE}, e.g. ?display=north`,

  'vr.enter': 'Enter VR',
  'replay.viewOnly': 'view only: open the desktop link the replay printed (it carries the token) to play, pause and seek',

  'sound.stopped': 'Sound stopped',
  'sound.starting': 'Starting sound…',
  'sound.tap': 'Tap anywhere for sound',
  'sound.mute': 'Sound is on: mute',
  'sound.unmute': 'Sound is muted: unmute',
  'sound.on': 'Sound on',
  'sound.muted': 'Muted',

  'calibrate.title': 'Calibrate wall “{wall}”',
  'calibrate.hint': 'drag the corners; edges blend where projectors overlap',
  'calibrate.corner': 'corner {corner}',
  'calibrate.bottom-left': 'bottom-left',
  'calibrate.bottom-right': 'bottom-right',
  'calibrate.top-right': 'top-right',
  'calibrate.top-left': 'top-left',
  'calibrate.left': 'left',
  'calibrate.right': 'right',
  'calibrate.top': 'top',
  'calibrate.bottom': 'bottom',
  'calibrate.gamma': 'gamma',
  'calibrate.token': 'token',
  'calibrate.save': 'Save to installation.yaml',
  'calibrate.saving': 'saving…',
  'calibrate.saved': 'saved to {file}',
  'calibrate.savedHere': 'saved to the installation file',
  'calibrate.refused': '{error} ({hint})',
  'calibrate.unreachable': 'cannot reach the server: {error}',
} as const;
