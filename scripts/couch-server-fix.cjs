// Preloaded into pouchdb-server by scripts/couch-server.mjs (node -r). pouchdb-validation 4.2
// (pouchdb-server's validate_doc_update) overwrites the `_revisions` of every incoming document
// with the stored document's before writing it. For a replicated update (`_bulk_docs` with
// new_edits=false, which is how every PouchDB and CouchDB replicator writes) that rewinds the
// document to the revision the server already has: the update is answered as written and
// silently dropped. Apache CouchDB does not do this. The one-line fix keeps an incoming
// document's own revision history; the extension relies on nothing here — this only makes
// the test server behave as CouchDB does.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node -r) */
const Module = require('node:module');
const path = require('node:path');
const BUG = 'newDoc._revisions = (oldDoc || {})._revisions;';
const FIX = 'newDoc._revisions = newDoc._revisions || (oldDoc || {})._revisions;';
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (filename.endsWith(path.join('pouchdb-validation', 'lib', 'index.js'))) {
    if (!content.includes(BUG))
      throw new Error(
        'couch-server-fix: pouchdb-validation changed; check whether the fix is still needed',
      );
    content = content.replace(BUG, FIX);
  }
  return compile.call(this, content, filename);
};
