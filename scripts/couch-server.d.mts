export function freePort(): Promise<number>;
export interface CouchServer {
  url: string;
  port: number;
  dir: string;
  admin: { user: string; password: string };
  stop(): Promise<void>;
  dispose(): Promise<void>;
}
export function startCouch(options?: {
  dir?: string;
  port?: number;
  admin?: { user: string; password: string };
}): Promise<CouchServer>;
