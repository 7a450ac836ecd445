import { Logger } from '@nestjs/common';
import { createPanelApp } from './app/create-app';
import { enrolWorker, WORKER_USAGE, workerEnv } from './fleet/worker-cli';
import { ConfigError, loadConfig } from './services/config/config.schema';

/**
 * `clan-panel` runs the panel; `clan-panel worker` runs another host of the
 * fleet (same build, no HTTP UI); `clan-panel worker enrol …` enrols this
 * host first (docs/fleet.md).
 */
async function bootstrap(): Promise<void> {
  const [command, sub, ...rest] = process.argv.slice(2);
  if (command === 'worker' && sub === 'enrol') {
    console.log(await enrolWorker(rest, process.env, process.cwd()));
    return;
  }
  if (command !== undefined && command !== 'worker') {
    console.error(`Unknown command "${command}".\n${WORKER_USAGE}`);
    process.exit(2);
  }
  const env = command === 'worker' ? await workerEnv(process.env, process.cwd()) : process.env;
  let config;
  try {
    config = loadConfig(env, process.cwd());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const panel = await createPanelApp(config);
  // Close in order on SIGTERM/SIGINT: the app (workers, connections), then the embedded database.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    Logger.log(`${signal}: shutting down`, 'Bootstrap');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    panel.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Error during shutdown:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  if (config.role === 'worker') {
    Logger.log('cLAN worker running (no HTTP UI on a worker host)', 'Bootstrap');
    return;
  }
  await panel.app.listen(config.port, config.listenHost);
  const shown = config.listenHost === '0.0.0.0' || config.listenHost === '::' ? 'localhost' : config.listenHost;
  Logger.log(`cLAN panel listening on http://${shown}:${config.port}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  console.error('cLAN panel failed to start:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
