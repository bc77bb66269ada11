import { join } from 'node:path';
import express from 'express';

/**
 * The built docs site at /docs/. A path the site does not have gets the site's own 404 page (with
 * status 404) rather than the API's JSON error.
 */
export function serveDocs(app: express.Express, docsDir: string): void {
  // Express routes ignore a trailing slash, so '/docs' also matches '/docs/': redirect only the bare path.
  app.get('/docs', (req, res, next) => (req.path === '/docs' ? res.redirect(301, '/docs/') : next()));
  app.use('/docs', express.static(docsDir, { redirect: true }));
  app.use('/docs', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.status(404).sendFile(join(docsDir, '404.html'), (err) => {
      if (err && !res.headersSent) next();
    });
  });
}

/** Without a built web app, `/` leads to the docs. */
export function redirectRootToDocs(app: express.Express): void {
  app.get('/', (_req, res) => res.redirect(302, '/docs/'));
}
