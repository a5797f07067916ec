/**
 * The id patterns of the show, each written once (the schema, the server, the pages and the protocol all
 * test against these), with the words that describe them in error messages.
 */

/** A wall's id: a key of `displays.walls`, `?display=<id>`, the calibration path `/api/walls/<id>`. */
export const WALL_ID = /^[a-z0-9][a-z0-9-]*$/;
export const WALL_ID_RULE = 'lowercase letters, digits and "-"';

/** The id a client keeps across reconnects (hello's `clientId`). */
export const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const CLIENT_ID_RULE = '8-64 letters, digits, "-" or "_"';

/** A story's id, chosen by the phone (so a retry is recognised). */
export const STORY_ID = /^[A-Za-z0-9_-]{6,64}$/;
export const STORY_ID_RULE = '6-64 letters, digits, "-" or "_"';
