#!/usr/bin/env node
// The published `mockex` command: the server's CLI, compiled with the private @mockex/* packages
// bundled in (see tsdown.config.ts).
import '@mockex/server/cli';
