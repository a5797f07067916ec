/**
 * The one way GLSL is assembled in Meshwork: `#include <chunk-name>` on a line of its own is replaced by
 * the chunk of that name, recursively, each chunk at most once per shader (so two chunks may both include
 * `hash` without redefining it). Chunks are real .glsl files under shaders/chunks/, imported with `?raw`.
 * three's own ShaderChunk names are not expanded here: every name must be in the map given, or be one of
 * `options.three`, three's chunks that the shader leaves for three to expand (a pass that must follow the
 * renderer's tone mapping and output encoding, like the warp pass).
 */
export type ShaderChunks = Readonly<Record<string, string>>;

const INCLUDE = /^[ \t]*#include[ \t]+<([\w-]+)>[ \t]*$/gm;

export class ShaderIncludeError extends Error {
  override readonly name = 'ShaderIncludeError';
}

export interface ResolveOptions {
  /** Names of three's own ShaderChunks whose include lines stay as they are, for three to expand. Default: none. */
  readonly three?: readonly string[];
}

/** `source` with every include expanded. `shaderName` names the shader in errors (e.g. its file). */
export function resolveIncludes(source: string, chunks: ShaderChunks, shaderName = 'shader', options: ResolveOptions = {}): string {
  const done = new Set<string>();
  const three = new Set(options.three ?? []);
  const expand = (text: string, from: string, stack: readonly string[]): string =>
    text.replace(INCLUDE, (line, name: string) => {
      if (three.has(name)) return line;
      if (stack.includes(name)) {
        throw new ShaderIncludeError(`${from} includes <${name}> in a cycle (${[...stack, name].join(' -> ')}): a chunk must not include itself`);
      }
      if (done.has(name)) return `// <${name}> already included`;
      const chunk = Object.hasOwn(chunks, name) ? chunks[name] : undefined;
      if (chunk === undefined) {
        const known = Object.keys(chunks).sort().join(', ') || '(none)';
        throw new ShaderIncludeError(
          `${from} includes <${name}>, which is not a known chunk; known chunks: ${known}. Add shaders/chunks/${name}.glsl and register it in src/scene/particles/shaders.ts`,
        );
      }
      done.add(name);
      return `// begin <${name}>\n${expand(chunk, `chunk <${name}>`, [...stack, name])}\n// end <${name}>`;
    });
  return expand(source, shaderName, []);
}
