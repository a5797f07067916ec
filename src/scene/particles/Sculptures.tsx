import { useEffect, useMemo, useState } from 'react';
import { useFrame } from '@react-three/fiber';
import type { EncodedSculpture } from '../../core/encode.ts';
import type { GetFrame } from '../frame.ts';
import { createSculptureField, type SculptureField } from './sculpture-field.ts';
import { loadModelSamples } from './model-samples.ts';

export interface SculpturesProps {
  /** The frame of this render (ShowState at the frame's t and the particle budget), read in useFrame. */
  readonly getFrame: GetFrame;
  /** URL of a model file of the installation folder. Default: `/installation/<file>`, where the Meshwork
   * server serves the folder's .glb/.gltf files. */
  readonly modelUrl?: (file: string) => string;
}

const defaultModelUrl = (file: string) => `/installation/${encodeURI(file)}`;

/**
 * Every sculpture of the show as GPU particles: one Points object (one draw call) per sculpture. Geometry
 * and material are rebuilt only when the installation version changes (a live edit) or a model finishes
 * loading; each frame only sets uniforms from getFrame().
 */
export function Sculptures({ getFrame, modelUrl = defaultModelUrl }: SculpturesProps) {
  const [sculptures, setSculptures] = useState<readonly EncodedSculpture[]>(() => getFrame().state.sculptures);
  const [version, setVersion] = useState(() => getFrame().state.version);
  const models = useModels(sculptures, modelUrl);

  const fields = useMemo<readonly SculptureField[]>(
    () =>
      sculptures.map((s) => {
        const field = createSculptureField(s, { models });
        // Which installation version the object shows: lets tools and tests tell when a live edit has landed.
        field.object.userData.version = version;
        return field;
      }),
    // `version` changes together with `sculptures`.
    [sculptures, models],
  );
  useEffect(() => () => fields.forEach((f) => f.dispose()), [fields]);

  useFrame(() => {
    const frame = getFrame();
    if (frame.state.version !== version) {
      // A live edit: rebuild on the next render; until then the old fields keep playing.
      setVersion(frame.state.version);
      setSculptures(frame.state.sculptures);
      return;
    }
    for (const f of fields) f.update(frame);
  });

  return (
    <group name="sculptures">
      {fields.map((f) => (
        <primitive key={f.object.uuid} object={f.object} />
      ))}
    </group>
  );
}

/** Surface samples of every model the sculptures use, loaded once per file. A model that fails to load is
 * reported on the console and its rows stay spheres: the show goes on. */
function useModels(sculptures: readonly EncodedSculpture[], modelUrl: (file: string) => string): ReadonlyMap<string, Float32Array> {
  const files = useMemo(() => [...new Set(sculptures.flatMap((s) => s.rows.flatMap((r) => (r.model === undefined ? [] : [r.model]))))].sort(), [sculptures]);
  const key = files.join('\n');
  const [models, setModels] = useState<ReadonlyMap<string, Float32Array>>(() => new Map());
  useEffect(() => {
    let live = true;
    for (const file of files) {
      if (models.has(file)) continue;
      loadModelSamples(modelUrl(file), file).then(
        (samples) => {
          if (live) setModels((m) => new Map(m).set(file, samples));
        },
        (e: unknown) => console.warn(`meshwork: ${e instanceof Error ? e.message : String(e)}; its rows show spheres until the model loads`),
      );
    }
    return () => {
      live = false;
    };
    // Reload only when the set of files changes.
  }, [key]);
  return models;
}
