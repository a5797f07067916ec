import type { Hello } from './protocol.ts';
import type { ReplicaOptions } from './replica-types.ts';

/** The hello a replica sends on each new connection: who it is, what it holds, and its secrets, read anew
 * each time (the page may have been given another token or join code since). */
export function helloOf(
  options: Pick<ReplicaOptions, 'role' | 'clientId' | 'display' | 'token' | 'joinCode'>,
  held: { readonly lastSeq: number; readonly version: string | undefined; readonly device: string | undefined },
): Hello {
  const token = options.token?.();
  const joinCode = options.joinCode?.();
  return {
    role: options.role,
    clientId: options.clientId,
    lastSeq: held.lastSeq,
    ...(held.version !== undefined ? { version: held.version } : {}),
    ...(options.display !== undefined ? { display: options.display } : {}),
    ...(token ? { token } : {}),
    ...(joinCode ? { joinCode } : {}),
    ...(held.device ? { device: held.device } : {}),
  };
}
