/**
 * The export worker: a module worker the options page starts for each export of the log
 * (lib/export/client.ts). It opens the database with Dexie itself, reads the summaries, writes
 * the CSV or .xlsx and posts progress and the file as a Blob (lib/export/job.ts), so the page's
 * main thread only shows progress. No browser extension API is used here.
 */
import { handleExportMessage, type ExportReply } from './job';

/** The worker's global scope, as far as it is used (the DOM typings describe a window). */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(message: ExportReply): void;
};
scope.onmessage = (e) => {
  void handleExportMessage(e.data, (reply: ExportReply) => scope.postMessage(reply));
};
