/** The pure core of Meshwork: no three, react, tone, socket.io or DOM; no wall clock; only seeded randomness. */
export * from './units.ts';
export * from './random.ts';
export * from './diagnostics.ts';
export * from './data.ts';
export * from './installation.ts';
export * from './encode.ts';
export * from './events.ts';
export * from './event-log.ts';
export * from './phases.ts';
export * from './show.ts';
export * from './captions.ts';
export * from './legends.ts';
export * from './row-filter.ts';
export * from './stories.ts';
export * from './projection.ts';
export * from './never.ts';
export {
  installationSchema,
  type InstallationSpec,
  type InstallationInput,
  type SculptureSpec,
  type PhaseSpec,
  type AudienceSpec,
} from './schema/installation.ts';
export type { SoundSpec, VoiceSpec, Mode, Instrument } from './schema/sound.ts';
export type { DisplaysSpec, WallSpec, CameraSpec } from './schema/displays.ts';
export type { Primitive } from './schema/common.ts';
export type { CaptionSpec, LegendSpec, LegendChannel, LegendCorner, RowFilter, FilterCondition } from './schema/rows.ts';
export * from './score/index.ts';
