#!/usr/bin/env node
// Starts the built cLAN panel (`npm run build` first): the API, which also
// serves the web app. Configured by environment variables (docs/operations.md).
// package.json's "bin" entry and the Nix package's bin/clan-panel run this file.
require('../../dist/apps/api/main.js');
