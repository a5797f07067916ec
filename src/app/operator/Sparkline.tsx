import { useT } from './i18n.tsx';
import { sparklinePath, yExtent, yPixel, type SparkPoint } from './sparkline.ts';

export interface SparklineProps {
  readonly points: readonly SparkPoint[];
  readonly xDomain: readonly [number, number];
  /** What the line shows, for screen readers, e.g. "latency over the last 5 minutes". */
  readonly label: string;
  readonly width?: number;
  readonly height?: number;
  readonly minSpan?: number;
  /** A limit drawn as a dashed line (e.g. the drift limit). */
  readonly limit?: number;
  readonly warn?: boolean;
}

/** A small SVG line of recent values; gaps where the client was gone. */
export function Sparkline({ points, xDomain, label, width = 120, height = 28, minSpan = 1, limit, warn = false }: SparklineProps) {
  const t = useT();
  const ext = yExtent(points, xDomain);
  let yDomain: [number, number] | undefined = ext ?? undefined;
  if (yDomain && limit !== undefined) yDomain = [Math.min(yDomain[0], limit), Math.max(yDomain[1], limit)];
  if (yDomain && yDomain[1] - yDomain[0] < minSpan) {
    const mid = (yDomain[0] + yDomain[1]) / 2;
    yDomain = [mid - minSpan / 2, mid + minSpan / 2];
  }
  const d = yDomain ? sparklinePath(points, { width, height, xDomain, yDomain }) : '';
  return (
    <svg className={`spark${warn ? ' spark-warn' : ''}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {limit !== undefined && yDomain ? (
        <line x1={0} x2={width} y1={yPixel(limit, yDomain, height)} y2={yPixel(limit, yDomain, height)} className="spark-limit" />
      ) : null}
      {d ? (
        <path d={d} />
      ) : (
        <text x={4} y={height / 2 + 4}>
          {t('clients.noData')}
        </text>
      )}
    </svg>
  );
}
