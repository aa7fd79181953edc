/**
 * The page's side of the export worker (lib/export/export.worker.ts): one worker per export, ended
 * when the file is made (its memory — the rows of a 20,000-record log — goes with it).
 */
import type { ExportProgress } from './books';
import type { ExportReply } from './job';
import type { ExportJob } from './wanted';

/** Run `job` in a new export worker; resolves with the file and how many records it holds. */
export function runExportInWorker(
  job: ExportJob,
  onProgress?: (p: ExportProgress) => void,
): Promise<{ blob: Blob; rows: number }> {
  // Vite bundles the worker from this exact form (a module worker, its own file in the build).
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), {
    type: 'module',
    name: 'guishen-export',
  });
  return new Promise((resolve, reject) => {
    const end = () => worker.terminate();
    worker.onmessage = (e: MessageEvent<ExportReply>) => {
      const m = e.data;
      if (m.type === 'progress') onProgress?.({ phase: m.phase, done: m.done, total: m.total });
      else if (m.type === 'done') {
        end();
        resolve({ blob: m.blob, rows: m.rows });
      } else {
        end();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      end();
      reject(new Error(`导出失败：导出进程出错${e.message ? `（${e.message}）` : ''}`));
    };
    worker.postMessage(job);
  });
}
