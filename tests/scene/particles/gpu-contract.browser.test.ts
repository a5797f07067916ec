import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../../e2e/browser.ts';
import { serveVitePages, type VitePages } from '../../e2e/vite-page.ts';
import type { ActiveVariable, ContractReport, ProgramReport } from './gpu-contract.page.ts';
import {
  PARTICLE_ATTRIBUTE,
  ROW_TEXELS,
  SCULPTURE_UNIFORMS,
  THREE_SCULPTURE_UNIFORMS,
  rowUniformNames,
  sculptureDefines,
  sculptureUniformSpecs,
  type GlslType,
  type RowSource,
  type UniformSpec,
} from '../../../src/scene/particles/gpu-contract.ts';
import { THREE_WARP_UNIFORMS, WARP_UNIFORMS } from '../../../src/scene/WarpPass.tsx';

/**
 * The CPU/GPU contract (src/scene/particles/gpu-contract.ts) held against the programs Chromium really
 * links (WebGL2 through SwiftShader), both ways: every uniform the TypeScript sets is an active uniform of
 * the linked program with the contract's type and array length, and every active uniform is one the
 * TypeScript sets (or three's own); the attribute's name and size agree with the geometry's; every
 * generated define is needed (the shaders do not compile without it). The sculpture material is checked in
 * both row sources (uniform array, row texture); the warp pass as it draws to the screen.
 */
let pages: VitePages;
let browser: Browser;
let report: ContractReport;
const problems: string[] = [];

const PAGE_MODULE = fileURLToPath(new URL('./gpu-contract.page.ts', import.meta.url));

beforeAll(async () => {
  pages = await serveVitePages();
  browser = await launchChromium({ width: 320, height: 180 });
  const page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
    if (m.type() === 'warning' && /shader|webgl|GL_/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  // Any page of the Vite server gives the origin; the module is loaded through Vite (?raw, TypeScript).
  // The first page of a Vite dev server waits for its dependencies to be optimised: long on a loaded machine.
  await page.goto(`${pages.url}/bench.html`, { timeout: 150_000 });
  // A string, not a function: vitest would rewrite a dynamic import() inside a function for Node.
  report = (await page.evaluate(`import(${JSON.stringify(`/@fs${PAGE_MODULE}`)}).then((m) => m.inspect())`)) as ContractReport;
  await page.close();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

const COMPONENTS: Readonly<Partial<Record<GlslType, number>>> = { float: 1, vec2: 2, vec3: 3, vec4: 4 };

const asMap = (vars: readonly ActiveVariable[]) => new Map(vars.map((v) => [v.name, { type: v.type, size: v.size }]));
const specMap = (specs: Readonly<Record<string, UniformSpec>>) =>
  new Map(Object.entries(specs).map(([name, s]) => [name, { type: s.type, size: typeof s.array === 'number' ? s.array : 1 }]));

function expectLinked(p: ProgramReport) {
  expect(p.errors).toBeNull();
  expect(p.glError).toBe(0);
}

describe.each<RowSource>(['uniforms', 'texture'])('the sculpture program with rows from %s', (source) => {
  const program = () => (source === 'uniforms' ? report.sculptureUniformRows : report.sculptureTextureRows);
  const texels = () => (source === 'uniforms' ? (program().defines.ROW_UNIFORM_TEXELS as number) : 0);

  it('links without errors, and was built for this row source', () => {
    expectLinked(program());
    if (source === 'uniforms') expect(texels()).toBeGreaterThan(0);
    else expect(program().defines.ROW_UNIFORM_TEXELS).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("has as active uniforms exactly the contract's, with their types and array lengths", () => {
    expect(asMap(program().uniforms)).toEqual(sculptureUniformSpecs(source, texels()));
  });

  it("is given by the material exactly the uniforms that are active, apart from three's own", () => {
    const active = program()
      .uniforms.map((u) => u.name)
      .filter((n) => !Object.hasOwn(THREE_SCULPTURE_UNIFORMS, n))
      .sort();
    expect(program().materialUniforms).toEqual(active);
    expect(program().materialUniforms).toEqual([...Object.keys(SCULPTURE_UNIFORMS), ...rowUniformNames(source)].sort());
  });

  it('reads the one attribute with the size the geometry gives it', () => {
    expect(program().attributes).toEqual([{ name: PARTICLE_ATTRIBUTE.name, type: PARTICLE_ATTRIBUTE.type, size: 1 }]);
    expect(program().geometryAttributes).toEqual({ [PARTICLE_ATTRIBUTE.name]: PARTICLE_ATTRIBUTE.itemSize });
    expect(COMPONENTS[PARTICLE_ATTRIBUTE.type]).toBe(PARTICLE_ATTRIBUTE.itemSize);
  });

  it('gets every generated define, and no other', () => {
    expect(program().defines).toEqual(sculptureDefines(source === 'uniforms' ? texels() : undefined));
  });
});

describe('the generated defines', () => {
  it('are each needed: without any one of them the sculpture shaders do not compile, and the error names it', () => {
    const names = Object.keys(sculptureDefines());
    expect(Object.keys(report.withoutDefine).sort()).toEqual(names.sort());
    for (const name of names) {
      const error = report.withoutDefine[name];
      expect(error, `${name} removed`).toBeTypeOf('string');
      expect(error, `${name} removed`).toContain(name);
    }
  });

  it("give the uniform array the rows' texels", () => {
    expect(report.sculptureUniformRows.uniforms.find((u) => u.name === 'uRowData')?.size).toBe(report.sculptureUniformRows.defines.ROW_UNIFORM_TEXELS);
    expect((report.sculptureUniformRows.defines.ROW_UNIFORM_TEXELS as number) % ROW_TEXELS).toBe(0);
  });
});

describe('the warp pass program', () => {
  it('links without errors', () => {
    expectLinked(report.warp);
  });

  it("has as active uniforms exactly the warp pass's and three's tone mapping exposure, with their types", () => {
    expect(asMap(report.warp.uniforms)).toEqual(new Map([...specMap(WARP_UNIFORMS), ...specMap(THREE_WARP_UNIFORMS)]));
    expect(report.warp.materialUniforms).toEqual(Object.keys(WARP_UNIFORMS).sort());
  });

  it("reads position and uv with the sizes the quad's geometry gives them", () => {
    const attributes = asMap(report.warp.attributes);
    expect([...attributes.keys()].sort()).toEqual(['position', 'uv']);
    for (const [name, a] of attributes) expect(COMPONENTS[a.type as GlslType], name).toBe(report.warp.geometryAttributes[name]);
  });
});
