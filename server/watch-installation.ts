import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` after the installation folder changed, debounced (`debounceMs`, default 50 ms): editors
 * write a file in several steps, or save by writing a temporary file and renaming it over the old one.
 * The folder is watched, not the files, so a rename keeps being seen. Dot files and folders (editor swap
 * files, `.meshwork` with the show's database) are ignored. Returns its cleanup.
 */
export function watchInstallation(dir: string, onChange: () => void, options: { debounceMs?: number; onError?: (e: Error) => void } = {}): () => void {
  const debounceMs = options.debounceMs ?? 50;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  const fire = (_event: string, filename: string | Buffer | null) => {
    const name = filename === null ? '' : String(filename);
    if (name.startsWith('.') || name.endsWith('~')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };
  watcher = watch(dir, { persistent: false }, fire);
  watcher.on('error', (e) => options.onError?.(e));
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
    watcher = undefined;
  };
}
