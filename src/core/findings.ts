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

import { choiceList, closest } from './diagnostics.ts';

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

/** A message in English: a template, or two by `{count}` (one, other), as English counts. A page's
 * catalogue may give any of them in its language's plural forms (src/app/shared/i18n.ts). */
export type Template = string | { readonly one: string; readonly other: string };

export type Prefixed<P extends string, T> = { readonly [K in keyof T & string as `${P}${K}`]: T[K] extends string ? string : Template };
/** The same templates under other keys, each message led by `lead`: the wall's and the desktop's words
 * from one list here, and a page's catalogue keys (`finding.<code>`) from FINDINGS. */
export function prefixed<P extends string, T extends Readonly<Record<string, Template>>>(prefix: P, lead: string, templates: T): Prefixed<P, T> {
  const led = (v: Template): Template => (typeof v === 'string' ? `${lead}${v}` : { one: `${lead}${v.one}`, other: `${lead}${v.other}` });
  // Object.fromEntries loses the keys' types; they are exactly the mapped ones.
  return Object.fromEntries(Object.entries(templates).map(([k, v]) => [`${prefix}${k}`, led(v)])) as Prefixed<P, T>;
}

/** What the font coverage warnings say of a text's undrawable characters; `{chars}` lists them (code points). */
const UNDRAWN = {
  one: 'a character no served font draws ({chars}); shown as \ufffd in the room',
  other: '{count} characters no served font draws ({chars}); shown as \ufffd in the room',
} as const;
const undrawn = (lead: string): Template => ({ one: `${lead}${UNDRAWN.one}`, other: `${lead}${UNDRAWN.other}` });

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
  // A data file (src/core/data.ts); numbers of rows and values come formatted (1,000,000) as `check` prints them.
  'data.more-problems': {
    one: 'and {count} more problem like the ones above (the last one here)',
    other: 'and {count} more problems like the ones above (the last one here)',
  },
  'data.too-many-rows': 'more than {limit} rows: a data source has at most {limit}',
  'data.too-many-values': 'more than {limit} values (rows times columns): a data source has at most that many',
  'data.too-many-columns': 'more than {limit} columns: a data source has at most {limit}',
  'data.quote-not-closed': 'a quoted field is never closed',
  'data.empty': 'the file is empty',
  'data.column-no-name': 'column {column} of the header has no name',
  'data.column-twice': 'the header names "{name}" twice',
  'data.column-reserved': 'a column may not be named "{name}"',
  'data.row-length': 'this row has {count} fields, the header has {columns}',
  // `{expected}` is English ("a value", "a comma or ]"), `{found}` the character found (as JSON) or "the end of the file".
  'data.json-syntax': 'not valid JSON: expected {expected}, found {found}',
  'data.json-not-rows': 'expected an array of objects',
  'data.json-too-many-rows': '{count} rows: a data source has at most {limit}',
  'data.json-field-reserved': 'a field may not be named "{name}"',
  'data.json-too-many-fields': 'more than {limit} fields: a data source has at most {limit}',
  'data.json-too-many-values': '{count} values (rows times fields): a data source has at most {limit}',
  // Any file read as text (src/core/text-file.ts); sizes come formatted (1.5 MiB).
  'text.too-large': 'the file is {size}, more than the {limit} a file may have',
  'text.utf16-no-bom': 'the file looks like UTF-16 without a byte order mark',
  'text.read-as-latin1': 'the file is not UTF-8: it was read as Latin-1 (windows-1252)',
  'text.cut-off': 'the file is {encoding} but ends in half a character (cut off?)',
  'text.not-valid': 'the file starts as {encoding} but is not valid {encoding}',
  'text.nul': 'the file contains a NUL byte: it is binary or corrupted, not text',
  'text.control-characters': 'the file has {count} control characters: it is binary, not text',
  // The installation's files (src/core/installation.ts): `{file}` as written, control characters as \uXXXX.
  'file.no-installation': 'the folder has no installation.yaml',
  'file.not-fields': 'the file must be an object of fields (title, data, sculptures, ...)',
  'file.outside-absolute': '"{file}" is outside the installation folder (an absolute path)',
  'file.outside-goes-up': '"{file}" is outside the installation folder (it goes up with ..)',
  'file.control-character': '"{file}" contains a control character',
  'file.data-not-found': 'data file "{file}" not found',
  'file.archive-not-found': 'archive "{file}" not found',
  'file.archive-unreadable': 'archive "{file}" cannot be read',
  // Memories of past shows (src/core/memory.ts).
  'memory.no-story': '{file} keeps no story (none had consent and was in the room): it brings no memory',
  // Text no served font draws (server/text-coverage.ts); `{text}` is its start, as written.
  'font.data-row': undrawn('data row {row}, field "{field}" ("{text}"): '),
  'font.memory': undrawn('remembered story {id} ("{text}"): '),
  'font.story': undrawn('seq {seq} ("{text}"): '),
  'font.more': 'and {count} more texts with characters no served font draws',
  // How much there is to draw (src/core/particle-check.ts).
  'perf.many-particles':
    'the installation has {total} particles ({sculpture}: {particles}); {displays} would draw every one, more than the {limit} a headset or a modest GPU draws at frame rate',
} as const satisfies Readonly<Record<string, Template>>;

/**
 * The hints that carry a code, each with its English template, like FINDINGS: `check` prints the English,
 * and a Diagnostic carries `hintCode` and `hintParams` so that a page words the hint in its language. A
 * hint code names advice, not a finding: several findings may share one.
 */
export const HINTS = {
  'data.fix-first': 'fix the ones above first: they often have one cause',
  'data.keep-csv-smaller': 'keep the rows and columns the installation uses (a spreadsheet filter, then export), or split the data into several sources',
  'data.keep-json-smaller': 'keep the rows and fields the installation uses, or split the data into several sources',
  'data.close-quote': 'close the quote with " and write a quote inside a quoted field as ""',
  'data.csv-header': 'a CSV needs a header row naming the fields, then one row per item',
  'data.name-columns': 'give every column a name in the first row',
  'data.rename-one-column': 'rename one of the columns',
  'data.rename-column': 'rename the column',
  'data.one-value-per-column': 'quote fields that contain "{separator}" (the separator of the header row), and give every row one value per column',
  'data.json-syntax': 'check for a missing comma or quote, or a trailing comma',
  'data.json-rows': 'write the data as [{ "field": value, ... }, ...]',
  'text.make-smaller': 'make it smaller: keep only the rows and fields the installation uses',
  'text.save-as-utf8': 'save it as UTF-8 (in most editors: "Save with encoding" > UTF-8)',
  'text.check-latin1': 'check that accented letters look right, and save the file as UTF-8 to be sure',
  'text.save-again': 'save it again, as UTF-8 if you can',
  'text.save-as-text': 'open it in a text editor and save it as UTF-8 text (a spreadsheet: export as CSV UTF-8)',
  'text.give-text': 'give a text file (YAML, CSV or JSON) saved as UTF-8',
  'file.create-installation': 'create installation.yaml in the installation folder (see the README for a 20-line example)',
  'file.start-with-title': 'start with `title: My installation`',
  'file.data-inside': 'data files live beside installation.yaml (or in a folder inside it); give a name relative to it, e.g. `file: materials.csv`',
  'file.put-data-beside': 'put the file beside installation.yaml, or fix its name (names are case-sensitive)',
  'file.copy-archive-beside': 'copy the archive beside installation.yaml and give its name',
  'file.put-archive-beside': 'put the exported archive beside installation.yaml, or fix its name (names are case-sensitive)',
  'file.export-again': 'export the archive again',
  'memory.other-archive': 'name another archive, or leave this one out',
  'font.replace':
    "Meshwork's fonts draw Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, Chinese, Japanese, Korean, Devanagari and the other Indic scripts, Thai, Khmer, Lao, Myanmar, Ethiopic and emoji (monochrome); replace these characters (private-use, unassigned or rare symbols) or leave them out",
  // A name that is not one of the names it may be (closest() in diagnostics.ts finds the near one).
  'choice.near': 'did you mean "{near}"? (allowed: {list})',
  'choice.list': 'allowed: {list}',
  'choice.near-data-source': 'did you mean "{near}"? (data sources: {list})',
  'choice.list-data-source': 'data sources: {list}',
  'choice.near-field': 'did you mean "{near}"? (fields in {file}: {list})',
  'choice.list-field': 'fields in {file}: {list}',
  'choice.near-value': 'did you mean "{near}"? (values in the data: {list})',
  'choice.list-value': 'values in the data: {list}',
  'choice.near-sculpture': 'did you mean "{near}"? (sculptures: {list})',
  'choice.list-sculpture': 'sculptures: {list}',
  'choice.near-phase': 'did you mean "{near}"? (phases: {list})',
  'choice.list-phase': 'phases: {list}',
  // What the file refers to (src/core/references.ts), the walls' geometry (wall-geometry.ts), YAML (yaml-source.ts).
  // A text column that is mostly numbers: the cells that are not, then the hint as without them.
  'ref.not-numbers-use-ordinal': {
    one: 'one value is not a number ({value} in data row {row}): write it as a number, or empty the cell to mark a missing value; or use `type: ordinal` (one output per category), or map a numeric field',
    other:
      '{count} values are not a number ({value} in data row {row} is the first): write them as numbers, or empty the cells to mark a missing value; or use `type: ordinal` (one output per category), or map a numeric field',
  },
  'ref.not-numbers-map-numeric': {
    one: 'one value is not a number ({value} in data row {row}): write it as a number, or empty the cell to mark a missing value; or map a numeric field, or give an ordinal scale with a `range` of one value per category',
    other:
      '{count} values are not a number ({value} in data row {row} is the first): write them as numbers, or empty the cells to mark a missing value; or map a numeric field, or give an ordinal scale with a `range` of one value per category',
  },
  'ref.use-ordinal': 'use `type: ordinal` (one output per category), or map a numeric field',
  'ref.map-numeric': 'map a numeric field, or give an ordinal scale with a `range` of one value per category',
  'ref.log-domain': 'use sqrt, or set a `domain` that starts above 0',
  'ref.two-numbers': 'give two numbers',
  'ref.own-sculpture-id': 'give each sculpture its own id',
  'ref.colour-example': 'e.g. `color: { field: category, scale: { scheme: tableau10 } }` or `color: "#e0452b"`',
  'ref.colour-field-or-value': 'keep `field` to map the data to the colour, or `value` for one colour for all',
  'ref.scheme-or-range': 'a `scheme` names a palette (e.g. tableau10), a `range` lists the colours; keep one',
  'ref.shape-example': 'e.g. `shape: vase`, `shape: { model: vessel.glb }` or `shape: { field: category, map: { textile: ribbon } }`',
  'ref.model-beside': 'put the .glb beside installation.yaml or fix its name',
  'ref.channel-example': 'e.g. `{ value: 0.02 }` or `{ field: mass_kg, scale: { range: [0.01, 0.04] } }`',
  'ref.channel-field-or-value': 'keep `field` to map the data to this channel, or `value` for one value for all',
  'ref.own-phase-id': 'cues jump to phases by id: give each its own',
  'ref.sample-file': 'add `sample: bell.wav` (a file beside installation.yaml), or choose a synth',
  'ref.sample-beside': 'put the audio file beside installation.yaml or fix its name',
  'ref.frustum-or-camera': 'use a frustum for a physical screen seen from a known eye point, a camera otherwise',
  'ref.colours-per-category':
    'give the scale a `range` of {count} colours, one per category (the legend shows them in the order of `domain`), or fewer categories; tableau10 and category10 have 10 colours, set2 and dark2 8, pastel 9',
  'wall.give-corners': 'give the three corners of the physical screen, in metres: bottomLeft, bottomRight (to its right), topLeft (above it)',
  'wall.corners-in-line': 'topLeft must be above bottomLeft, and bottomRight to its right',
  'wall.eye-in-front': 'put the eye where the audience stands, in front of the screen (e.g. a few metres away along its normal)',
  'wall.eye-not-behind': 'put the eye in front of the screen; or swap bottomRight and bottomLeft if the screen is seen from the other side',
  'wall.measure-again': 'measure the corners again; topLeft should be straight above bottomLeft as seen on the screen',
  'wall.point-camera': 'point it at the sculptures, e.g. target: [0, 1.4, 0] with the camera a few metres away',
  'wall.tile-inside': 'the offset is [x, y, width, height] in pixels of fullSize, y down from the top: x + width <= full width and y + height <= full height',
  'yaml.one-key': 'a key may appear once per object; remove or rename one of them',
  'yaml.indent': 'check the indentation: nested fields need two more spaces than their parent, and lists start with "- "',
  'yaml.colon': 'a "key: value" line may be missing its colon, or a value spans lines without quotes',
  'yaml.tabs': 'YAML indents with spaces, not tabs',
  'yaml.quote': 'a character is out of place: quote text that contains ":", "#", "[" or "{"',
  'yaml.fix-syntax': 'fix the YAML syntax at this position (quote text with special characters, check indentation)',
  'yaml.fewer-levels': 'an installation needs a few levels of fields and lists; check the indentation and the brackets here',
  'yaml.simplify': 'simplify the file: fewer levels of nesting, no aliases',
  'yaml.fewer-aliases': 'an alias repeats an anchored part (&name) of the file; write the values out instead, or use fewer aliases',
  'perf.fewer-particles':
    'give `count` a smaller value or range (about {count} a row keeps the {rows} rows under {limit}), or give each of those displays a `particleBudget`',
} as const;

export type HintCode = keyof typeof HINTS;

export type FindingCode = keyof typeof FINDINGS;
export type FindingParams = Readonly<Record<string, string | number>>;

/** A finding's code, parameters and English message, to spread into a Diagnostic. */
export interface Finding {
  readonly code: FindingCode;
  readonly params: FindingParams;
  readonly message: string;
}

/** Fills `{name}` from params; a placeholder without a value stays as written (so a missing one shows). A
 * template by count takes English's rule: `one` for a count of 1. */
export function fillTemplate(template: Template, params: FindingParams): string {
  const chosen = typeof template === 'string' ? template : Number(params.count) === 1 ? template.one : template.other;
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function finding(code: FindingCode, params: FindingParams = {}): Finding {
  return { code, params, message: fillTemplate(FINDINGS[code], params) };
}

/** A hint's code, parameters and English words, to spread into a Diagnostic (`hint`, `hintCode`, `hintParams`). */
export interface Hint {
  readonly hint: string;
  readonly hintCode: HintCode;
  readonly hintParams: FindingParams;
}

export function hint(code: HintCode, params: FindingParams = {}): Hint {
  return { hint: fillTemplate(HINTS[code], params), hintCode: code, hintParams: params };
}

/** What a name had to be, for choiceHint: its own list's words in the hint. */
export type Among = 'allowed' | 'data-source' | 'field' | 'value' | 'sculpture' | 'phase';
const NEAR: { readonly [A in Among]: HintCode } = {
  allowed: 'choice.near',
  'data-source': 'choice.near-data-source',
  field: 'choice.near-field',
  value: 'choice.near-value',
  sculpture: 'choice.near-sculpture',
  phase: 'choice.near-phase',
};
const LIST: { readonly [A in Among]: HintCode } = {
  allowed: 'choice.list',
  'data-source': 'choice.list-data-source',
  field: 'choice.list-field',
  value: 'choice.list-value',
  sculpture: 'choice.list-sculpture',
  phase: 'choice.list-phase',
};

/** "did you mean "x"? (sculptures: a, b)" for a name that is none of `candidates`, or the list alone when
 * none is near (the English of diagnostics.ts's didYouMean, with a code). `params` adds e.g. `{file}`. */
export function choiceHint(word: string, candidates: readonly string[], among: Among, params: FindingParams = {}): Hint {
  const near = closest(word, candidates);
  const list = choiceList(candidates);
  return near === undefined ? hint(LIST[among], { ...params, list }) : hint(NEAR[among], { ...params, near, list });
}

/** Whether a hint code from the wire is one this build knows. */
export function isHintCode(code: string | undefined): code is HintCode {
  return code !== undefined && Object.hasOwn(HINTS, code);
}

/** A wall problem's own message (the scene's cameras refuse a wall with it, without the wall's name). */
export function wallProblemMessage(code: WallProblemCode, params: FindingParams = {}): string {
  return fillTemplate(WALL_PROBLEMS[code], params);
}

/** Whether a code from the wire (a newer server's, or none) is one this build knows. */
export function isFindingCode(code: string | undefined): code is FindingCode {
  return code !== undefined && Object.hasOwn(FINDINGS, code);
}
