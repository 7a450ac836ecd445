// The baseline for `npm run bench`: a bare node:http server in its own
// process (like the panel), answering fixed bytes per path. Forked by run.mjs,
// which sends { routes } over IPC and gets { port } back.
import { createServer } from 'node:http';

process.once('message', ({ routes }) => {
  const table = new Map(Object.entries(routes).map(([p, r]) => [p, { ...r, body: Buffer.from(r.body, 'base64') }]));
  const server = createServer((req, res) => {
    const route = table.get(req.url);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(route.status, {
      'content-type': route.contentType,
      'content-length': route.body.length,
    });
    res.end(route.body);
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  // Ends with its parent, whatever way the parent ends.
  process.on('disconnect', () => process.exit(0));
});
