import { useState } from 'react';
import type { ClientInfo } from '../../net/protocol.ts';
import type { Seconds } from '../../core/units.ts';
import { DEFAULT_THRESHOLDS, driftOf, warningsOf, type ClientHistory, type Sample } from './health.ts';
import { formatMs } from './format.ts';
import { Sparkline } from './Sparkline.tsx';
import type { SparkPoint } from './sparkline.ts';
import { useT } from './i18n.tsx';

const ROLE_ORDER = { viewer: 0, operator: 1, audience: 2 } as const;

export interface ClientsPanelProps {
  readonly clients: readonly ClientInfo[];
  readonly history: ClientHistory;
  readonly now: Seconds;
}

/** A client's shared clock is within half its best round trip of the server's (the bound of NTP-style
 * sync). Its raw offset is only its local clock's arbitrary origin, so it is not shown. */
const clockBound = (rttMs: number | undefined): string => {
  if (rttMs === undefined || !Number.isFinite(rttMs)) return '–';
  const half = rttMs / 2;
  return `±${half < 10 ? half.toFixed(1) : Math.round(half)} ms`;
};

const series = (samples: readonly Sample[], pick: (s: Sample) => number | null): SparkPoint[] => samples.map((s) => [s.at, pick(s)]);

/** Every connected client, displays first, with its latest figures and the last minutes as sparklines.
 * Phones (possibly hundreds) are folded away until asked for. */
export function ClientsPanel({ clients, history, now }: ClientsPanelProps) {
  const t = useT();
  const [showPhones, setShowPhones] = useState(false);
  const sorted = [...clients].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.display ?? a.id).localeCompare(b.display ?? b.id));
  const xDomain: [number, number] = [now - history.windowSeconds, now];
  const minutes = Math.round(history.windowSeconds / 60);
  const phones = clients.filter((c) => c.role === 'audience').length;
  return (
    <section className="panel clients" aria-labelledby="clients-heading">
      <h2 id="clients-heading">
        {t('clients.heading')}{' '}
        <span className="count">
          {t('clients.connected', { count: clients.length })} · {t('clients.phones', { count: phones })}
        </span>
      </h2>
      {sorted.length === 0 ? <p className="empty">{t('clients.none')}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('clients.col.client')}</th>
              <th scope="col">{t('clients.col.address')}</th>
              <th scope="col">{t('clients.col.latency')}</th>
              <th scope="col" title={t('clients.col.clockHelp')}>
                {t('clients.col.clock')}
              </th>
              <th scope="col">{t('clients.col.drift')}</th>
              <th scope="col">{t('clients.col.fps')}</th>
              <th scope="col">{t('clients.col.reconnects')}</th>
              <th scope="col">{t('clients.col.sound')}</th>
              <th scope="col">{t('clients.col.history', { minutes })}</th>
            </tr>
          </thead>
          <tbody>
            {sorted
              .filter((c) => showPhones || c.role !== 'audience')
              .map((c) => {
                const samples = history.of(c.id);
                const warnings = warningsOf(c, samples, DEFAULT_THRESHOLDS, t);
                const name = c.display ?? c.id;
                const drift = driftOf(c);
                return (
                  <tr key={c.id} className={warnings.length ? 'warn' : undefined} data-client={c.id}>
                    <th scope="row">
                      <span className={`role role-${c.role}`}>{t(`clients.role.${c.role}`)}</span>{' '}
                      <span className="client-name">{c.display ?? c.id.slice(0, 8)}</span>
                      {warnings.map((w) => (
                        <span key={w.kind} className="warning" role="alert">
                          ⚠ {w.message}
                        </span>
                      ))}
                    </th>
                    <td className="mono">{c.address}</td>
                    <td className="num">{formatMs(c.latencyMs ?? c.stats.rttMs)}</td>
                    <td className="num">{clockBound(c.stats.rttMs)}</td>
                    <td className={`num${drift !== null && Math.abs(drift) > DEFAULT_THRESHOLDS.driftMs ? ' bad' : ''}`}>
                      {drift === null ? '–' : `${drift > 0 ? '+' : ''}${formatMs(drift)}`}
                    </td>
                    <td className="num">{c.stats.fps === undefined ? '–' : Math.round(c.stats.fps)}</td>
                    <td className="num">{c.reconnects}</td>
                    <td className={c.stats.soundError !== undefined ? 'bad' : undefined}>
                      {c.stats.soundError !== undefined
                        ? t('clients.sound.stopped')
                        : c.stats.soundOn === undefined
                          ? '–'
                          : t(c.stats.soundOn ? 'clients.sound.on' : 'clients.sound.off')}
                    </td>
                    <td className="sparks">
                      <Sparkline
                        points={series(samples, (s) => s.latencyMs)}
                        xDomain={xDomain}
                        minSpan={10}
                        label={t('clients.latencyLabel', { name, minutes })}
                      />
                      {c.role === 'viewer' ? (
                        <Sparkline
                          points={series(samples, (s) => s.fps)}
                          xDomain={xDomain}
                          minSpan={10}
                          warn={warnings.some((w) => w.kind === 'fps')}
                          label={t('clients.fpsLabel', { name, minutes })}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </div>
      {phones > 0 ? (
        <button type="button" className="link" aria-expanded={showPhones} onClick={() => setShowPhones(!showPhones)}>
          {showPhones ? t('clients.hidePhones') : t('clients.showPhones', { count: phones })}
        </button>
      ) : null}
    </section>
  );
}
