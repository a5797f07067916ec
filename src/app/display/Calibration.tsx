import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Blend, Point, Quad } from '../../scene/warp.ts';
import { isConvex } from '../../scene/warp.ts';
import type { Tile } from '../../scene/wall-camera.ts';
import { useDisplayT } from './strings.ts';

export interface CalibrationProps {
  readonly wallId: string;
  readonly warp: Quad;
  readonly blend: Blend;
  readonly tile?: Tile;
  readonly token?: string;
  readonly onChange: (warp: Quad, blend: Blend) => void;
}

const CORNERS = ['bottom-left', 'bottom-right', 'top-right', 'top-left'] as const;
const EDGES = ['left', 'right', 'top', 'bottom'] as const;
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * `?display=<id>&calibrate`: drag the image's four corners onto the projection surface, set the soft edges
 * and the projector gamma, then save them into the installation file (POST /api/walls/<id>, operator token
 * required). The scene shows a grid warped with the image while calibrating.
 */
export function Calibration({ wallId, warp, blend, tile, token: initialToken, onChange }: CalibrationProps) {
  const t = useDisplayT();
  const [token, setToken] = useState(initialToken ?? '');
  const [status, setStatus] = useState<{ text: string; error: boolean }>(() => ({ text: t('calibrate.hint'), error: false }));
  const dragging = useRef<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  const toPoint = (e: ReactPointerEvent): Point => {
    const r = (svg.current as SVGSVGElement).getBoundingClientRect();
    return [round((e.clientX - r.left) / r.width), round(1 - (e.clientY - r.top) / r.height)];
  };
  const move = (e: ReactPointerEvent) => {
    const i = dragging.current;
    if (i === null) return;
    const next = warp.map((p, j) => (j === i ? toPoint(e) : p)) as unknown as Quad;
    // A corner dragged across the opposite edge would fold the image over: refuse that position.
    if (isConvex(next)) onChange(next, blend);
  };
  const setEdge = (key: keyof Blend, value: number) => onChange(warp, { ...blend, [key]: value });

  const save = async () => {
    setStatus({ text: t('calibrate.saving'), error: false });
    try {
      const res = await fetch(`/api/walls/${encodeURIComponent(wallId)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ warp, blend, ...(tile ? { tile } : {}) }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string; hint?: string; file?: string };
      if (res.ok) setStatus({ text: body.file ? t('calibrate.saved', { file: body.file }) : t('calibrate.savedHere'), error: false });
      else {
        const error = body.error ?? res.statusText;
        setStatus({ text: body.hint ? t('calibrate.refused', { error, hint: body.hint }) : error, error: true });
      }
    } catch (err) {
      setStatus({ text: t('calibrate.unreachable', { error: (err as Error).message }), error: true });
    }
  };

  return (
    <div className="calibration">
      <svg
        ref={svg}
        viewBox="0 0 1 1"
        preserveAspectRatio="none"
        onPointerMove={move}
        onPointerUp={() => (dragging.current = null)}
        style={{ pointerEvents: 'auto' }}
      >
        <polygon points={warp.map(([x, y]) => `${x},${1 - y}`).join(' ')} fill="none" stroke="#4dff9a" strokeWidth={0.002} />
        {warp.map(([x, y], i) => (
          <circle
            key={CORNERS[i]}
            className="handle"
            cx={x}
            cy={1 - y}
            r={0.015}
            fill="#4dff9a"
            fillOpacity={0.6}
            aria-label={t('calibrate.corner', { corner: t(`calibrate.${CORNERS[i] ?? 'bottom-left'}`) })}
            onPointerDown={(e) => {
              dragging.current = i;
              (e.target as Element).setPointerCapture(e.pointerId);
            }}
          />
        ))}
      </svg>
      <div className="panel">
        <strong>{t('calibrate.title', { wall: wallId })}</strong>
        {EDGES.map((k) => (
          <label key={k}>
            {t(`calibrate.${k}`)}
            <input type="range" min={0} max={0.5} step={0.005} value={blend[k]} onChange={(e) => setEdge(k, Number(e.target.value))} />
            <span>{blend[k].toFixed(3)}</span>
          </label>
        ))}
        <label>
          {t('calibrate.gamma')}
          <input type="range" min={1} max={3} step={0.05} value={blend.gamma} onChange={(e) => setEdge('gamma', Number(e.target.value))} />
          <span>{blend.gamma.toFixed(2)}</span>
        </label>
        <label>
          {t('calibrate.token')}
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} style={{ gridColumn: 'span 2' }} />
        </label>
        <button type="button" onClick={() => void save()}>
          {t('calibrate.save')}
        </button>
        <div className={`status${status.error ? ' err' : ''}`} role="status">
          {status.text}
        </div>
      </div>
    </div>
  );
}
