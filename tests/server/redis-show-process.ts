import { openRedisScaling } from '../../server/redis-scale.ts';
import { startServer } from '../../server/server.ts';

/**
 * A second Meshwork server process for the multi-process tests: `node --import tsx redis-show-process.ts
 * <installationDir> <redisUrl> <dataDir>`, operator token from MESHWORK_OPERATOR_TOKEN. Wired exactly like
 * `meshwork serve --redis` (openRedisScaling + startServer). Prints `{"url": ...}` on one line once it
 * listens; closes cleanly on SIGTERM.
 */
const [installationDir, url, dataDir] = process.argv.slice(2) as [string, string, string];
const scaling = await openRedisScaling({ url, warn: () => {} });
const operatorToken = process.env.MESHWORK_OPERATOR_TOKEN;
const server = await startServer({
  installationDir,
  dataDir,
  port: 0,
  host: '127.0.0.1',
  quiet: true,
  store: scaling.store,
  adapter: scaling.adapter,
  deviceSecret: scaling.deviceSecret,
  ...(operatorToken ? { operatorToken } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  void server
    .close()
    .then(() => scaling.close())
    .then(() => process.exit(0));
});
