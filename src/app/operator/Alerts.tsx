import type { ClientInfo } from '../../net/protocol.ts';
import type { ShowControl } from './show-control.ts';
import { formatClock } from './format.ts';
import { useT } from './i18n.tsx';

/** Walls (and other displays) whose browser keeps their sound off until someone touches the page. */
export function soundBlockedOn(clients: readonly ClientInfo[]): string[] {
  return [...new Set(clients.filter((c) => c.role === 'viewer' && c.stats.soundBlocked === true).map((c) => c.display ?? c.id))].sort();
}

/** What the operator must not miss, at the top of the console: the stage (blackout, hold), the end of
 * the show, and every wall whose sound is blocked, with what to do about it. */
export function Alerts({ control, clients }: { readonly control: ShowControl; readonly clients: readonly ClientInfo[] }) {
  const t = useT();
  const blocked = soundBlockedOn(clients);
  const items: { key: string; kind: string; title: string; help?: string }[] = [];
  if (control.end === 'ended') items.push({ key: 'end', kind: 'end', title: t('end.ended'), help: t('end.archive') });
  else if (control.blackout) items.push({ key: 'blackout', kind: 'stage', title: t('stage.blackoutOn') });
  if (control.heldSince !== null) items.push({ key: 'hold', kind: 'stage', title: t('stage.holdOn', { time: formatClock(control.heldSince) }) });
  if (control.end === 'over') items.push({ key: 'over', kind: 'end', title: t('end.over'), help: t('end.archive') });
  else if (control.end === 'last') items.push({ key: 'last', kind: 'info', title: t('end.lastPhase') });
  for (const wall of blocked) items.push({ key: `sound-${wall}`, kind: 'sound', title: t('sound.blocked', { wall }), help: t('sound.blockedHelp') });
  if (items.length === 0) return null;
  return (
    <ul className="alerts" aria-live="polite" data-testid="alerts">
      {items.map((a) => (
        <li key={a.key} className={`alert alert-${a.kind}`} data-alert={a.key}>
          <strong>{a.title}</strong>
          {a.help ? <span className="alert-help">{a.help}</span> : null}
        </li>
      ))}
    </ul>
  );
}
