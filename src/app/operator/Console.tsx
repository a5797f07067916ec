import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { OperatorSession } from './session.ts';
import { archiveFileName, formatClock } from './format.ts';
import { ClientsPanel } from './ClientsPanel.tsx';
import { CuePanel } from './CuePanel.tsx';
import { ErrorsPanel } from './ErrorsPanel.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import { TransportPanel } from './TransportPanel.tsx';
import { materialsOf } from '../join/materials.ts';
import { RoomPanel } from './RoomPanel.tsx';
import { roomNow } from './room-now.ts';
import { GoPanel } from './GoPanel.tsx';
import { StagePanel } from './StagePanel.tsx';
import { Alerts } from './Alerts.tsx';
import { showControl, undoOnOffer } from './show-control.ts';
import { useCueActions } from './use-cue-actions.ts';
import { useT } from './i18n.tsx';
import type { ReadOnly } from './read-only.ts';

/** The shared clock, re-read a few times a second (the console needs whole seconds, not frames). */
function useShowTime(session: OperatorSession, everyMs = 250): number {
  const [t, setT] = useState(() => session.clock.now());
  useEffect(() => {
    const id = setInterval(() => setT(session.clock.now()), everyMs);
    return () => clearInterval(id);
  }, [session, everyMs]);
  return t;
}

/**
 * The console for a live show. On a laptop: show control (standby, GO, stage) and the phases on the left,
 * the room and the moderation queue beside them, the clients below. On a tablet or a phone the same
 * panels stack, show control first (live.css).
 */
export function Console({ session, onSignOut }: { readonly session: OperatorSession; readonly onSignOut: () => void }) {
  const t = useT();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const now = useShowTime(session);
  const [exportNote, setExportNote] = useState('');
  const installation = state.installation ? state.log.installationAt(state.installation, Number.isFinite(now) ? now : Infinity) : undefined;
  const spec = installation?.spec;
  const names = useMemo(() => new Map(installation ? materialsOf(installation).map((m) => [m.key, m.label]) : []), [installation]);
  // Until the clock has its first round trip, `now` is NaN: no phase is shown rather than a wrong one.
  const control = spec && Number.isFinite(now) ? showControl(spec.phases, state.log, now) : undefined;
  const phase = control?.phase;
  const joined = state.status === 'joined';
  // A replay plays an archive as it was: the server refuses every write but the transport, so the
  // console offers none, and says why.
  const readOnly: ReadOnly | undefined = state.transport ? { id: 'replay-read-only', text: t('replay.readOnly') } : undefined;
  const writable = joined && !readOnly;
  const ro = readOnly ? { readOnly } : {};
  // Recomputed once a second and on every event (the log is appended in place: `revision` counts it), at
  // the latest event's t at least, so a hiding leaves the list the moment its event arrives.
  const second = Number.isFinite(now) ? Math.floor(now) : -1;
  const room = useMemo(
    () => (state.installation && second >= 0 ? roomNow(state.installation, state.log, Math.max(second, state.log.lastT)) : { onDisplay: [], earlier: [] }),
    [state.installation, state.log, state.revision, second],
  );
  const actions = useCueActions(session, control, now, writable, t);

  const exportArchive = async () => {
    setExportNote(t('export.busy'));
    const r = await session.exportArchive();
    if (!r.ok) return setExportNote(t('export.failed', { error: `${r.error}${r.hint ? `. ${r.hint}` : ''}` }));
    const blob = new Blob([JSON.stringify(r.archive, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = archiveFileName(r.archive.installation.spec.title, new Date());
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExportNote(t('export.saved', { file: a.download, count: r.archive.events.length }));
  };

  const downloadPage = async () => {
    setExportNote(t('page.busy'));
    const r = await session.archivePage();
    if (!r.ok) return setExportNote(t('page.failed', { error: r.error }));
    const url = URL.createObjectURL(r.blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = r.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExportNote(t('page.saved', { file: r.name }));
  };

  return (
    <div className="console">
      <header className="bar">
        <div>
          <h1>
            {spec?.title ?? 'Meshwork'} · {t('bar.operator')}
          </h1>
          <p className={`status status-${state.status}`} role="status" aria-live="polite">
            {t(`status.${state.status}`)}
            {state.message ? `: ${state.message}` : ''}
          </p>
        </div>
        <div className="clock" aria-label={t('bar.showTime')}>
          <span className="label">{t('bar.showTime')}</span>
          <span className="time" data-testid="show-time">
            {formatClock(now)}
          </span>
        </div>
        {phase ? (
          <div className="phase-now">
            <span className="label">{t('bar.phase', { index: phase.index + 1, count: spec?.phases.length ?? 0 })}</span>
            <strong data-testid="phase">{phase.label}</strong>
            <span className="phase-progress">
              {formatClock(phase.elapsed)} / {formatClock(phase.duration)}
              {phase.holding ? t('bar.holdingForCue') : ''}
            </span>
            <progress max={1} value={phase.progress} aria-label={t('bar.phaseProgress')} />
          </div>
        ) : null}
        <div className="bar-actions">
          <button type="button" onClick={() => void exportArchive()} disabled={!joined}>
            {t('bar.export')}
          </button>
          <button type="button" onClick={() => void downloadPage()} disabled={!joined}>
            {t('page.button')}
          </button>
          <button type="button" className="ghost" onClick={onSignOut}>
            {t('bar.signOut')}
          </button>
        </div>
      </header>
      <p className="note export-note" role="status">
        {exportNote}
      </p>
      {control ? <Alerts control={control} clients={state.clients} /> : null}
      <ErrorsPanel errors={state.errors} />
      {state.transport && (
        <TransportPanel
          session={session}
          transport={state.transport}
          installation={state.installation}
          log={state.log}
          revision={state.revision}
          enabled={joined}
        />
      )}
      <div className="columns live">
        {spec && control && phase ? (
          <div className="control-column">
            {readOnly ? (
              <p className="note read-only" id={readOnly.id} data-testid="read-only">
                {readOnly.text}
              </p>
            ) : null}
            <GoPanel
              {...ro}
              control={control}
              enabled={writable}
              onGo={actions.go}
              undo={undoOnOffer(actions.lastCue, state.log, now)}
              onUndo={actions.undo}
              result={actions.result}
              ignored={actions.ignored}
            />
            <StagePanel {...ro} control={control} enabled={writable} onBlackout={actions.blackout} onHold={actions.hold} onEndShow={actions.endShow} />
            <CuePanel {...ro} session={session} phases={spec.phases} phase={phase} enabled={writable} onJump={actions.jump} />
          </div>
        ) : (
          <section className="panel">{t('bar.waiting')}</section>
        )}
        <div className="room-column">
          <RoomPanel
            {...ro}
            session={session}
            room={room}
            emotions={spec?.audience.stories.emotions ?? {}}
            materialName={(k) => names.get(k) ?? k}
            now={now}
            enabled={writable}
          />
          <QueuePanel
            {...ro}
            session={session}
            queue={state.queue}
            emotions={spec?.audience.stories.emotions ?? {}}
            materialName={(k) => names.get(k) ?? k}
            now={now}
            enabled={writable}
          />
        </div>
      </div>
      <ClientsPanel clients={state.clients} history={session.history} now={now} />
    </div>
  );
}
