import type { Seconds } from '../src/core/units.ts';
import { MAX_CONNECTIONS_PER_ADDRESS } from './connection-cap.ts';
import type { BucketSpec } from './rate-limit.ts';

/**
 * The connection limits, in one place (server/PROTOCOL.md "Limits" documents each). Limits count per
 * device (the identity the server issues at hello, devices.ts); an address only has ceilings, sized for
 * a room: a venue's guest Wi-Fi puts hundreds of phones and the walls behind one NAT address. Story and
 * reaction allowances come from the installation (requests.ts scales them to an address by ADDRESS_FACTOR).
 */

/** Devices a room may put behind one address: what the address ceilings are sized for. */
export const ROOM_DEVICES = 500;

/** hello per device: a few reloads at once, then one every 2 s. */
export const HELLO_PER_DEVICE: BucketSpec = { burst: 10, perSecond: 0.5 };
/** hello per address: a room reconnecting at once after a restart (two connections per device), then 50/s. */
export const HELLO_PER_ADDRESS: BucketSpec = { burst: 2 * ROOM_DEVICES, perSecond: 50 };
/** New device identities per address: a room arriving at once (two per device, for pages that lost their
 * storage), then 2/s. A client that drops its token to get fresh allowances gets at most this many, and
 * the address's ceilings on stories and reactions still hold whatever its devices. */
export const NEW_DEVICES_PER_ADDRESS: BucketSpec = { burst: 2 * ROOM_DEVICES, perSecond: 2 };

/** Live socket connections (Engine.IO sessions) per address at once, refused beyond: the same ceiling as
 * the TCP one (connection-cap.ts), here counted per client address (X-Forwarded-For behind a trusted
 * proxy, where every TCP connection comes from the proxy) and per session (a polling session spans
 * several TCP connections). */
export const CONNECTIONS_PER_ADDRESS = MAX_CONNECTIONS_PER_ADDRESS;
/** New connections per address, normally: a room's reconnect storm, then 50/s. */
export const CONNECTS_PER_ADDRESS: BucketSpec = { burst: 2 * ROOM_DEVICES, perSecond: 50 };
/** New connections per address while it is slowed down after a flood. */
export const CONNECTS_WHEN_SLOWED: BucketSpec = { burst: 5, perSecond: 1 };
/** How long an address stays slowed down after a connection from it was dropped for flooding; doubled
 * for each further flood while slowed (up to SLOWED_MAX). */
export const SLOWED_FOR: Seconds = 30;
export const SLOWED_MAX: Seconds = 300;

/** A connection that has not been welcomed this long after it opened is closed (`bye`, code `no-hello`). */
export const HELLO_TIMEOUT: Seconds = 20;

/** Requests (socket.io events) per connection; beyond, each is answered `rate-limited` (or dropped). */
export const MESSAGES_PER_CONNECTION: BucketSpec = { burst: 60, perSecond: 20 };
/** Requests a connection may send before the `retryAfter` of its last refusal has passed (those already on
 * the way when it was refused, then any that ignore it): beyond, it is dropped for flooding. A client that
 * waits its `retryAfter` is never dropped, however often it is refused. */
export const REFUSED_PER_CONNECTION: BucketSpec = { burst: 20, perSecond: 1 };
/** Engine.IO frames per connection, of any kind (events, binary attachments, pongs, noops): no reply can be
 * given to a frame, so past this the connection is dropped for flooding at once. */
export const FRAMES_PER_CONNECTION: BucketSpec = { burst: 200, perSecond: 50 };

/** Frames the parser cannot read, per address: each closes its connection at once; an address that goes
 * on sending them is slowed down as after a flood (a buggy client now and then is not). */
export const PROTOCOL_ERRORS_PER_ADDRESS: BucketSpec = { burst: 10, perSecond: 0.1 };

/** clock:ping per connection: the 24-ping burst at start, then the steady cadence with room to spare. */
export const CLOCK_PER_CONNECTION: BucketSpec = { burst: 40, perSecond: 10 };
/** stats per connection (a client reports every few seconds). */
export const STATS_PER_CONNECTION: BucketSpec = { burst: 3, perSecond: 1 };
