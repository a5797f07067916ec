/**
 * The console's words in English: the reference catalogue. Every other language is a file like this one
 * with the same keys (the type `Catalogue` in ../strings.ts makes a missing or misspelt key a compile
 * error), registered in CATALOGUES there. `{name}` is replaced by a value; an entry with `one` and `other`
 * is chosen by Intl.PluralRules from `{count}`. Text written by the audience or the artist (stories, phase
 * labels, the title) is never in a catalogue: it is shown as written.
 */
export const en = {
  'status.connecting': 'Connecting…',
  'status.joined': 'Connected',
  'status.reconnecting': 'Reconnecting…',
  'status.unauthorized': 'Token refused',
  'status.refused': 'Refused',
  'bar.operator': 'operator',
  'bar.showTime': 'Show time',
  'bar.phase': 'Phase {index}/{count}',
  'bar.holdingForCue': ' · holding for a cue',
  'bar.phaseProgress': 'phase progress',
  'bar.export': 'Export archive',
  'bar.signOut': 'Sign out',
  'bar.waiting': 'Waiting for the server…',

  'go.heading': 'Show control',
  'go.standby': 'Standby',
  'go.standbyNone': 'Nothing after this phase',
  'go.auto': 'starts by itself in {time}',
  'go.waits': 'waits for GO',
  'go.button': 'GO',
  'go.key': 'space',
  'go.lastPhase': 'Last phase: nothing left to GO',
  'go.double': 'GO ignored: pressed twice within a second (a double press would skip a phase)',
  'go.fired': 'GO: {phase} (event {seq})',
  'go.refused': '{what} refused: {error}',
  'go.keyHelp': 'Space is GO anywhere on this page except in a text box.',
  'jump.heading': 'Phases',
  'jump.ask': 'Jump to {phase}?',
  'jump.confirm': 'Jump now',
  'jump.cancel': 'Cancel',
  'jump.done': 'Jumped to {phase} (event {seq})',
  'jump.meta.auto': '{duration} · auto',
  'jump.meta.cue': '{duration} · waits for a cue',
  'undo.button': 'Undo: back to {phase} at {time}',
  'undo.done': 'Undone: back in {phase} (event {seq})',

  'glitch.legend': 'Glitch',
  'glitch.intensity': 'Intensity',
  'glitch.seconds': 'Seconds',
  'glitch.trigger': 'Trigger glitch',

  'stage.blackout': 'Blackout',
  'stage.lightsUp': 'Lights up',
  'stage.hold': 'Hold',
  'stage.release': 'Release hold',
  'stage.blackoutOn': 'Blackout: every screen is black and the sound is off',
  'stage.holdOn': 'Held since {time}: every screen is frozen and the sound is off; phase timers are stopped',
  'stage.fade': 'Fade',
  'stage.fadeSeconds': '{seconds} s',
  'stage.done': '{what} (event {seq})',

  'end.lastPhase': 'Last phase. When it is over, the show ends.',
  'end.over': 'End of show: the last phase is over.',
  'end.ended': 'The show has ended: every screen is black.',
  'end.button': 'End show (fade to black)',
  'end.confirm': 'End the show now? Every screen fades to black over 5 s.',
  'end.yes': 'End the show',
  'end.archive': 'Export the archive before you close the server.',

  'room.heading': 'In the room now',
  'room.count': { one: '{count} on display', other: '{count} on display' },
  'room.empty': 'No story is on display.',
  'room.hide': 'Hide',
  'room.hideHelp': 'Hide takes the story off every screen at once and out of the archive. It cannot be undone.',
  'room.earlier': 'Shown earlier',
  'room.reason': 'Reason for hiding (optional, only operators see it)',
  'room.reasonPlaceholder': 'Reason (optional)',
  'room.meta': '{emotion} on {material} · {ago} · {lang}',
  'room.fading': 'fading out',
  'room.hidden': 'Hidden (event {seq})',

  'sound.blocked': 'Sound blocked on {wall}',
  'sound.blockedHelp':
    'Its browser keeps sound off until someone touches the page. Tap or click that screen once; for good, start its browser with sound allowed without a gesture (meshwork kiosk does, or Chromium with --autoplay-policy=no-user-gesture-required).',

  'ago.now': 'just now',
  'ago.seconds': '{n} s ago',
  'ago.minutes': '{n} min ago',
  'ago.hours': '{n} h ago',
} as const;
