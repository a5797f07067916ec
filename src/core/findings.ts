/**
 * The checker's findings that carry a stable code: each code's English message, as a template with `{name}`
 * placeholders filled from the finding's parameters. The checker writes its message from here (so `check`
 * prints what it always printed) and sends the code and parameters with it (Diagnostic.code, .params): a
 * page that has the code in its catalogue says it in its own language (the console's Errors panel), any
 * other shows the English message. The English lives only here; a page's catalogue spreads it in.
 *
 * A code never changes meaning: a new wording keeps its code, a new kind of finding gets a new one. Values
 * that are the artist's words (field names, ids, file names) are parameters, shown as written.
 */

const WALL_PROBLEMS = {
  'screen-no-width': 'the screen has no width: bottomRight is where bottomLeft is',
  'screen-no-height': 'the screen has no height: topLeft is where bottomLeft is',
  'screen-corners-in-line': "the screen's corners are on one line: they span no rectangle",
  'eye-in-screen-plane': 'the eye is in the plane of the screen: the wall would show nothing',
  'eye-behind-screen': 'the eye is behind the screen (or the corners are mirrored): the wall would show nothing',
  'screen-skewed': "the screen's corners are {degrees}° off a right angle: the picture will be skewed",
  'camera-target-is-position': "the camera's target is its position: it looks nowhere",
  'tile-outside-wall': 'the tile [{x}, {y}, {width}, {height}] reaches outside the whole wall of {fullWidth} x {fullHeight} pixels',
} as const;

/** A reason a wall (or the desktop view) cannot show anything: src/core/wall-geometry.ts. */
export type WallProblemCode = keyof typeof WALL_PROBLEMS;

export type Prefixed<P extends string, T> = { readonly [K in keyof T & string as `${P}${K}`]: string };
/** The same templates under other keys, each message led by `lead`: the wall's and the desktop's words
 * from one list here, and a page's catalogue keys (`finding.<code>`) from FINDINGS. */
export function prefixed<P extends string, T extends Readonly<Record<string, string>>>(prefix: P, lead: string, templates: T): Prefixed<P, T> {
  // Object.fromEntries loses the keys' types; they are exactly the mapped ones.
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [`${prefix}${k}`, `${lead}${v}`])) as Prefixed<P, T>;
}

export const FINDINGS = {
  // The file as YAML (src/core/yaml-source.ts); `detail` is the YAML library's own English.
  'yaml.syntax': 'YAML syntax error: {detail}',
  'yaml.duplicate-key': 'YAML duplicate key: {detail}',
  'yaml.too-deep': 'nested more than {depth} levels deep',
  'yaml.unreadable': 'YAML could not be read: {detail}',
  'yaml.too-many-aliases': 'the aliases (*name) expand to too much: at most {limit} may be expanded',
  // The installation file against its schema (src/core/schema/issues.ts).
  'schema.unknown-field': 'unknown field "{field}"',
  'schema.missing-field': 'missing required field "{field}"',
  'schema.wrong-type': 'expected {expected}, got {got}',
  'schema.value-not-allowed': '{value} is not allowed here',
  'schema.number-too-small': 'must be at least {limit}, got {value}',
  'schema.number-not-above': 'must be more than {limit}, got {value}',
  'schema.number-too-big': 'must be at most {limit}, got {value}',
  'schema.number-not-below': 'must be less than {limit}, got {value}',
  'schema.too-few-characters': 'needs at least {limit} characters, has {count}',
  'schema.too-many-characters': 'needs at most {limit} characters, has {count}',
  'schema.too-few-items': 'needs at least {limit} items, has {count}',
  'schema.too-many-items': 'needs at most {limit} items, has {count}',
  'schema.name-not-allowed': '"{key}" is not allowed as a name here: {rule}',
  // What the file refers to (src/core/references.ts).
  'ref.field-not-in-data': 'field "{field}" is not in {file}',
  'ref.text-on-numeric-scale': 'field "{field}" holds text, a {scale} scale needs numbers',
  'ref.text-on-numeric-channel': 'field "{field}" holds text, this channel needs numbers',
  'ref.log-scale-not-positive': 'a log scale needs values above 0, field "{field}" goes down to {lowest}',
  'ref.domain-not-pair': 'a quantitative domain is [min, max]',
  'ref.sculpture-id-twice': 'sculpture id "{id}" is used twice',
  'ref.no-data-source': 'no data source named "{name}"',
  'ref.colour-needs-field-or-value': 'a colour needs `field` or `value`',
  'ref.field-and-value': 'give `field` or `value`, not both',
  'ref.scheme-and-range': 'give `scheme` or `range`, not both',
  'ref.colours-repeat': 'field "{field}" has {count} categories for {colours} colours: "{repeat}" is drawn in the colour of "{first}"',
  'ref.shape-needs-one': 'a shape is one of `primitive`, `model` or `field` (with `map`)',
  'ref.model-not-found': 'model file "{file}" not found',
  'ref.no-row-with-value': 'no row has {field} = "{value}"',
  'ref.channel-needs-field-or-value': 'a channel needs `field` or `value`',
  'ref.phase-id-twice': 'phase id "{id}" is used twice',
  'ref.no-phase': 'no phase named "{name}"',
  'ref.no-sculpture': 'no sculpture named "{name}"',
  'ref.sample-needs-file': 'instrument "sample" needs a `sample` file',
  'ref.sample-not-found': 'sample file "{file}" not found',
  'ref.camera-and-frustum': 'a wall has a `camera` or a `frustum`, not both',
  // The walls' and the desktop view's geometry (src/core/wall-geometry.ts).
  ...prefixed('wall.', 'wall "{wall}": ', WALL_PROBLEMS),
  ...prefixed('desktop.', 'the desktop view: ', WALL_PROBLEMS),
} as const;

export type FindingCode = keyof typeof FINDINGS;
export type FindingParams = Readonly<Record<string, string | number>>;

/** A finding's code, parameters and English message, to spread into a Diagnostic. */
export interface Finding {
  readonly code: FindingCode;
  readonly params: FindingParams;
  readonly message: string;
}

/** Fills `{name}` from params; a placeholder without a value stays as written (so a missing one shows). */
export function fillTemplate(template: string, params: FindingParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function finding(code: FindingCode, params: FindingParams = {}): Finding {
  return { code, params, message: fillTemplate(FINDINGS[code], params) };
}

/** A wall problem's own message (the scene's cameras refuse a wall with it, without the wall's name). */
export function wallProblemMessage(code: WallProblemCode, params: FindingParams = {}): string {
  return fillTemplate(WALL_PROBLEMS[code], params);
}

/** Whether a code from the wire (a newer server's, or none) is one this build knows. */
export function isFindingCode(code: string | undefined): code is FindingCode {
  return code !== undefined && Object.hasOwn(FINDINGS, code);
}
