// The baseline of `npm run bench:api-reads`: a bare Express handler in its own
// process (like the panel, which is Express underneath), answering fixed bytes
// per path. Forked by api-reads-bench.mjs, which sends { routes } over IPC and
// gets { port } back.
import express from 'express';

process.once('message', ({ routes }) => {
  const app = express();
  app.disable('x-powered-by');
  for (const [path, r] of Object.entries(routes)) {
    const body = Buffer.from(r.body, 'base64');
    app.get(path, (_req, res) => {
      res.status(r.status).type(r.contentType).send(body);
    });
  }
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // Ends with its parent, whatever way the parent ends.
  process.on('disconnect', () => process.exit(0));
});
