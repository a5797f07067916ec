import { useFrame } from '@react-three/fiber';
import { useState } from 'react';
import { AdditiveBlending, DataTexture, LinearFilter, RedFormat, UnsignedByteType } from 'three';
import type { EncodedSculpture } from '../core/encode.ts';
import type { GetFrame } from './frame.ts';
import { Sculptures } from './particles/Sculptures.tsx';
import type { Rect } from './layout/view-layout.ts';
import { Stories, type ScreenBox, type StoryFont } from './Stories.tsx';
import { Blackout } from './Blackout.tsx';

export interface RoomProps {
  readonly getFrame: GetFrame;
  /** Undefined while the story fonts load: the room draws without its texts until then (a wall's first
   * frame does not wait for them). */
  readonly font: StoryFont | undefined;
  readonly onPendingText?: (pending: number) => void;
  /** The view's cells for the text layout (a tiled wall's projectors); default the whole view. */
  readonly cells?: readonly Rect[];
  readonly onTextLayout?: (boxes: readonly ScreenBox[]) => void;
  /** The wall this is (its id), for the legends in its corner; default the desktop preview. */
  readonly wall?: string;
}

const BACKGROUND = '#06070b';

/**
 * The room every display shows: a dark floor with a soft glow under each material, low light, the particle
 * sculptures, the legends and the stories. It reads the frame and never changes it; React re-renders only when the
 * installation version changes (a live edit moves the plinths).
 */
export function Room({ getFrame, font, onPendingText, cells, onTextLayout, wall }: RoomProps) {
  return (
    <>
      <color attach="background" args={[BACKGROUND]} />
      <fog attach="fog" args={[BACKGROUND, 9, 26]} />
      <hemisphereLight args={['#8e9bd6', '#20160e', 0.55]} />
      <directionalLight position={[3, 7, 4]} intensity={0.6} color="#ffe7c4" />
      <Floor />
      <Plinths getFrame={getFrame} />
      {/* The particle sculptures (src/scene/particles): one draw call per sculpture, positions on the GPU. */}
      <Sculptures getFrame={getFrame} />
      {font && <Stories getFrame={getFrame} font={font} onPending={onPendingText} cells={cells} onLayout={onTextLayout} wall={wall} />}
      {/* The operator's blackout, over all of it. */}
      <Blackout getFrame={getFrame} />
    </>
  );
}

function Floor() {
  return (
    <group>
      <mesh rotation-x={-Math.PI / 2} receiveShadow={false}>
        <circleGeometry args={[16, 96]} />
        <meshStandardMaterial color="#101117" roughness={0.95} metalness={0} />
      </mesh>
      {/* Faint rings give the floor scale without a grid's hard lines. */}
      {[2, 4.5, 7, 10].map((r) => (
        <mesh key={r} rotation-x={-Math.PI / 2} position-y={0.002}>
          <ringGeometry args={[r - 0.008, r + 0.008, 160]} />
          <meshBasicMaterial color="#2b2d38" transparent opacity={0.6} depthWrite={false} />
        </mesh>
      ))}
    </group>
  );
}

/** A radial falloff, bright in the centre and gone at the rim: the alpha of a pool of light. */
function makeGlow(size = 64): DataTexture {
  const data = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot((x + 0.5) / size - 0.5, (y + 0.5) / size - 0.5) * 2;
      const k = Math.max(0, 1 - r);
      data[y * size + x] = Math.round(255 * k * k * (3 - 2 * k));
    }
  }
  const tex = new DataTexture(data, size, size, RedFormat, UnsignedByteType);
  tex.magFilter = LinearFilter;
  tex.minFilter = LinearFilter;
  tex.needsUpdate = true;
  return tex;
}
const GLOW = makeGlow();

/** A soft pool of light on the floor under each material, in its colour. */
function Plinths({ getFrame }: { getFrame: GetFrame }) {
  const [sculptures, setSculptures] = useState<readonly EncodedSculpture[]>(() => getFrame().state.sculptures);
  useFrame(() => {
    const next = getFrame().state.sculptures;
    if (next !== sculptures) setSculptures(next);
  });
  return (
    <group name="plinths">
      {sculptures.flatMap((s) =>
        s.rows.map((row) => (
          <mesh key={`${s.id}/${row.key}`} position={[row.position[0], 0.004, row.position[2]]} rotation-x={-Math.PI / 2}>
            <planeGeometry args={[row.extent * 2.4, row.extent * 2.4]} />
            <meshBasicMaterial
              color={row.color as [number, number, number]}
              alphaMap={GLOW}
              transparent
              opacity={0.35}
              blending={AdditiveBlending}
              depthWrite={false}
            />
          </mesh>
        )),
      )}
    </group>
  );
}
