/**
 * The one way GLSL is assembled in Meshwork: `#include <chunk-name>` on a line of its own is replaced by
 * the chunk of that name, recursively, each chunk at most once per shader (so two chunks may both include
 * `hash` without redefining it). Chunks are real .glsl files under shaders/chunks/, imported with `?raw`.
 * three's own ShaderChunk names are not used: every name must be in the map given.
 */
export type ShaderChunks = Readonly<Record<string, string>>;

const INCLUDE = /^[ \t]*#include[ \t]+<([\w-]+)>[ \t]*$/gm;

export class ShaderIncludeError extends Error {
  override readonly name = 'ShaderIncludeError';
}

/** `source` with every include expanded. `shaderName` names the shader in errors (e.g. its file). */
export function resolveIncludes(source: string, chunks: ShaderChunks, shaderName = 'shader'): string {
  const done = new Set<string>();
  const expand = (text: string, from: string, stack: readonly string[]): string =>
    text.replace(INCLUDE, (_line, name: string) => {
      if (stack.includes(name)) {
        throw new ShaderIncludeError(`${from} includes <${name}> in a cycle (${[...stack, name].join(' -> ')}): a chunk must not include itself`);
      }
      if (done.has(name)) return `// <${name}> already included`;
      const chunk = Object.hasOwn(chunks, name) ? chunks[name] : undefined;
      if (chunk === undefined) {
        const known = Object.keys(chunks).sort().join(', ') || '(none)';
        throw new ShaderIncludeError(`${from} includes <${name}>, which is not a known chunk; known chunks: ${known}. Add shaders/chunks/${name}.glsl and register it in src/scene/particles/shaders.ts`);
      }
      done.add(name);
      return `// begin <${name}>\n${expand(chunk, `chunk <${name}>`, [...stack, name])}\n// end <${name}>`;
    });
  return expand(source, shaderName, []);
}
