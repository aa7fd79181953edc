// PouchDB's browser build reads `self` (a window or the service worker); Node has globalThis.
(globalThis as { self?: unknown }).self ??= globalThis;
