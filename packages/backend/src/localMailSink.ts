/*
 * The embedded setup's mail sink: a local SMTP server the notifications
 * e-mail processor sends to, which writes each message as an .eml file a
 * person can open. Only with `localMailSink` in the config (the embedded
 * app-config.yaml); production sends to a real SMTP server instead.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export const localMailSink = createBackendModule({
  pluginId: 'notifications',
  moduleId: 'local-mail-sink',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const sink = config.getOptionalConfig('localMailSink');
        if (!sink) return;
        const port = sink.getOptionalNumber('port') ?? 2525;
        const directory = path.resolve(
          sink.getOptionalString('directory') ?? '../../.data/mail',
        );
        await mkdir(directory, { recursive: true });
        let count = 0;
        const server = new SMTPServer({
          // Plain local SMTP: no TLS to negotiate, nobody to log in.
          disabledCommands: ['STARTTLS', 'AUTH'],
          authOptional: true,
          logger: false,
          onData(stream, session, callback) {
            const chunks: Buffer[] = [];
            stream.on('data', chunk => chunks.push(chunk));
            stream.on('end', () => {
              const to = session.envelope.rcptTo.map(r => r.address).join(',');
              const file = path.join(
                directory,
                `${new Date()
                  .toISOString()
                  .replace(/[:.]/g, '-')}-${++count}.eml`,
              );
              writeFile(file, Buffer.concat(chunks)).then(
                () => {
                  logger.info(`Mail to ${to} saved as ${file}`);
                  callback();
                },
                error => callback(error),
              );
            });
          },
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
        logger.info(
          `Local mail sink on 127.0.0.1:${port}, writing messages to ${directory}`,
        );
        lifecycle.addShutdownHook(
          () => new Promise<void>(resolve => server.close(() => resolve())),
        );
      },
    });
  },
});
