/**
 * The console's words in English: the reference catalogue. Every other language is a file like this one
 * with the same keys (the type `Catalogue` in ../strings.ts makes a missing or misspelt key a compile
 * error), registered in CATALOGUES there. `{name}` is replaced by a value; an entry with `one` and `other`
 * is chosen by Intl.PluralRules from `{count}`. Text written by the audience or the artist (stories, phase
 * labels, the title) is never in a catalogue: it is shown as written.
 */
import { FINDINGS, HINTS, prefixed } from '../../../core/findings.ts';
import { transportEn } from '../../shared/strings/transport-en.ts';

export const en = {
  ...transportEn,
  // The checker's findings by code (the Errors panel): translated here like any message, English from core.
  ...prefixed('finding.', '', FINDINGS),
  // And their hints by code, where a hint has one (the others come in English, as the checker wrote them).
  ...prefixed('hint.', '', HINTS),
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
  'room.fading': 'fading out',

  'story.meta': '{emotion} on {material} · {ago} · {lang}',
  'story.approve': 'Approve',
  'story.hide': 'Hide',
  'story.reason': 'Reason for hiding (optional, only operators see it)',
  'story.reasonPlaceholder': 'Reason (optional)',
  'story.archived': 'may be archived',
  'story.tonightOnly': 'tonight only',

  'queue.heading': 'Moderation',
  'queue.count': { one: '{count} waiting', other: '{count} waiting' },
  'queue.empty': 'No story is waiting.',

  'clients.heading': 'Clients',
  'clients.connected': { one: '{count} connected', other: '{count} connected' },
  'clients.phones': { one: '{count} phone', other: '{count} phones' },
  'clients.none': 'No client is connected.',
  'clients.col.client': 'Client',
  'clients.col.address': 'Address',
  'clients.col.latency': 'Latency',
  'clients.col.clock': 'Clock ±',
  'clients.col.clockHelp': "How far the client's shared clock can be off at most: half the round trip of its best clock sample",
  'clients.col.drift': 'Drift',
  'clients.col.fps': 'FPS',
  'clients.col.reconnects': 'Reconnects',
  'clients.col.sound': 'Sound',
  'clients.col.history': 'Last {minutes} min: latency · fps',
  'clients.role.viewer': 'display',
  'clients.role.operator': 'operator',
  'clients.role.audience': 'phone',
  'clients.sound.on': 'on',
  'clients.sound.off': 'off',
  'clients.sound.stopped': 'stopped',
  'clients.latencyLabel': 'latency of {name} over the last {minutes} minutes',
  'clients.fpsLabel': 'frames per second of {name} over the last {minutes} minutes',
  'clients.showPhones': { one: 'Show the phone', other: 'Show the {count} phones' },
  'clients.hidePhones': 'Hide the phones',
  'clients.noData': 'no data',

  'warn.display': '{name} shows nothing: {error}',
  'warn.soundBlocked':
    'sound blocked on {name}: its browser waits for a click; start it with --autoplay-policy=no-user-gesture-required (a kiosk), or click the wall once',
  'warn.soundStopped': 'sound stopped on {name}: {error}',
  'warn.ahead': 'ahead of the shared clock by {ms} ms (limit {limit} ms)',
  'warn.behind': 'behind the shared clock by {ms} ms (limit {limit} ms)',
  'warn.fps': 'dropping frames: {fps} fps, usually {usual}',
  'warn.reloaded': { one: '{name} reloaded once', other: '{name} reloaded {count} times' },
  'warn.kioskRestarted': { one: "{name}'s browser restarted by its kiosk once", other: "{name}'s browser restarted by its kiosk {count} times" },
  'warn.lastReason': '{message} (last: {reason})',

  'errors.heading': { one: 'Installation file: {count} error', other: 'Installation file: {count} errors' },
  'errors.keepsPlaying': 'The show keeps playing the last good version until the file is fixed and saved.',
  'errors.severity.error': 'error',
  'errors.severity.warning': 'warning',
  'errors.hint': 'hint: {hint}',

  'token.title': 'Meshwork operator',
  'token.label': 'Operator token',
  'token.hint': 'The server prints it when it starts. It is kept for this tab only.',
  'token.open': 'Open the console',

  'export.busy': 'Exporting…',
  'export.failed': 'Export failed: {error}',
  'export.saved': { one: 'Saved {file}: {count} event.', other: 'Saved {file}: {count} events.' },
  'page.button': 'Download archive page',
  'page.busy': 'Writing the archive page (rendering its stills takes a moment)…',
  'page.failed': 'Archive page failed: {error}',
  'page.saved': 'Saved {file}: unpack it and open index.html in any browser, offline.',

  'glitch.what': 'Glitch {intensity} for {seconds} s',

  'replay.label': 'Replay',
  'replay.heading': 'Replay of an archive',
  'replay.offline': 'not connected: the controls come back with the connection',
  'replay.marks': 'Marks: cues (amber), glitches (red), stories (green). Arrow keys on the timeline seek 5 s.',
  'replay.readOnly':
    'A replay plays an archive as it was: cues, GO, the glitch, blackout, hold and moderation cannot change it. Play, pause, seek and speed are above.',

  'sound.blocked': 'Sound blocked on {wall}',
  'sound.blockedHelp':
    'Its browser keeps sound off until someone touches the page. Tap or click that screen once; for good, start its browser with sound allowed without a gesture (meshwork kiosk does, or Chromium with --autoplay-policy=no-user-gesture-required).',

  'ago.now': 'just now',
  'ago.seconds': '{n} s ago',
  'ago.minutes': '{n} min ago',
  'ago.hours': '{n} h ago',
} as const;
