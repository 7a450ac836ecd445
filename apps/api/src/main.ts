import { Logger } from '@nestjs/common';
import { createPanelApp } from './app/create-app';
import { ConfigError, loadConfig } from './services/config/config.schema';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const panel = await createPanelApp(config);
  await panel.app.listen(config.port, config.listenHost);
  const shown = config.listenHost === '0.0.0.0' || config.listenHost === '::' ? 'localhost' : config.listenHost;
  Logger.log(`cLAN panel listening on http://${shown}:${config.port}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  console.error('cLAN panel failed to start:', err instanceof Error ? err.message : err);
  if (err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
