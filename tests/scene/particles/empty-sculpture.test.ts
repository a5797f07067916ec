import { expect, it } from 'vitest';
import { compileFromMap } from '../../../src/core/installation.ts';
import { encodeSculptures } from '../../../src/core/encode.ts';
import { createSculptureField } from '../../../src/scene/particles/sculpture-field.ts';

// A `filter` (or `missing: hide`) may leave a sculpture no row: check only warns, so the scene must draw it
// as nothing rather than fail.
it('builds a sculpture whose filter leaves no row, with and without a particle budget', () => {
  const r = compileFromMap({
    'installation.yaml': 'title: T\ndata:\n  s: { file: s.csv }\nsculptures:\n  - { id: a, data: s, filter: { field: river, equals: Nile } }\n',
    's.csv': 'id,river\na,Tejo\n',
  });
  const sculpture = encodeSculptures(r.installation!)[0]!;
  expect(sculpture.rows).toEqual([]);
  for (const options of [{}, { particles: 1000 }]) {
    const field = createSculptureField(sculpture, options);
    expect(field.particles).toBe(0);
    field.dispose();
  }
});
