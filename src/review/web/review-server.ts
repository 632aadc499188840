import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import { openCrmDatabase, type CrmConnection } from '../../db/database.js';
import { UserError } from '../../errors.js';
import { batchHeader } from '../review-queue.js';
import { currentUser } from '../steward-decisions.js';
import { createReviewApp } from './review-app.js';

export interface ReviewServerOptions {
  batchId: string;
  port: number;
  host: string;
  /** --db; ignored when crm is given */
  db?: string;
  /** an open connection (tests share theirs); else the server opens and closes its own */
  crm?: CrmConnection;
  decidedBy?: string;
}

export interface ReviewServer {
  url: string;
  token: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Host headers the screen answers to: its bound address (a wildcard bind: every local address). */
function allowedHostsOf(host: string, port: number): Set<string> {
  const hosts = new Set([`${hostPart(host)}:${port}`.toLowerCase()]);
  if (host === '0.0.0.0' || host === '::') {
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) hosts.add(`${hostPart(a.address)}:${port}`.toLowerCase());
  }
  return hosts;
}

/**
 * Serves the review screen of one batch on host:port (0: a free port) and resolves once it
 * listens, with its address and the random token that address carries.
 */
export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const crm = options.crm ?? await openCrmDatabase({ dbDir: options.db });
  const ownConnection = !options.crm;
  try {
    await batchHeader(crm.db, options.batchId);
  } catch (error) {
    if (ownConnection) await crm.close();
    throw error;
  }
  const token = randomBytes(18).toString('base64url');
  const allowedHosts = new Set<string>();
  const app = createReviewApp({ crm, batchId: options.batchId, token, allowedHosts, decidedBy: options.decidedBy ?? currentUser() });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) => resolve({ server, address: info }));
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(`review screen: cannot listen on ${options.host}:${options.port} (${error.code ?? error.message})`)));
  }).catch(async (error) => { if (ownConnection) await crm.close(); throw error; });
  for (const h of allowedHostsOf(options.host, address.port)) allowedHosts.add(h);
  const url = `http://${hostPart(options.host)}:${address.port}/?t=${token}`;
  return {
    url, token, host: options.host, port: address.port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => { void (ownConnection ? crm.close() : Promise.resolve()).then(() => resolve()); });
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
