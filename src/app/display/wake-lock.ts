/**
 * Keeps a wall's screen awake: a screen wake lock, taken again whenever the page becomes visible (the
 * browser releases it when the page is hidden). Returns its cleanup. Without the Wake Lock API (or when it
 * is refused) the wall still runs; the kiosk's power settings must then keep the screen on.
 */
export function keepAwake(onState?: (held: boolean) => void): () => void {
  let lock: WakeLockSentinel | undefined;
  let stopped = false;
  const acquire = async () => {
    if (stopped || document.visibilityState !== 'visible' || !('wakeLock' in navigator)) return;
    try {
      lock = await navigator.wakeLock.request('screen');
      onState?.(true);
      lock.addEventListener('release', () => onState?.(false), { once: true });
    } catch {
      onState?.(false);
    }
  };
  const onVisibility = () => void acquire();
  document.addEventListener('visibilitychange', onVisibility);
  void acquire();
  return () => {
    stopped = true;
    document.removeEventListener('visibilitychange', onVisibility);
    void lock?.release().catch(() => {});
  };
}
