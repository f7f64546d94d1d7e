#!/usr/bin/env node
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('switchyard: not built yet; run `npm install` (or `npm run build`) first\n');
    process.exit(1);
  }
  throw err;
});
