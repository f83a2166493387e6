// SPDX-License-Identifier: Apache-2.0
// The peer DFSP's own core system, as sdk-scheme-adapter calls it (its "backend API", outbound from the sdk):
// GET /parties/{Type}/{ID} answers a customer, POST /quoterequests quotes without fees, POST /transfers books and
// answers a homeTransactionId. Every call is recorded so tests assert what the peer's books saw.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PeerCustomer {
  idType: 'MSISDN';
  idValue: string;
  firstName: string;
  lastName: string;
}

export interface BackendCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface PeerBackend {
  /** `127.0.0.1:<port>`: the sdk's BACKEND_ENDPOINT (host:port, no scheme). */
  endpoint: string;
  calls: BackendCall[];
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

/** Starts the backend on a free loopback port, serving `customers`. */
export async function startPeerBackend(customers: readonly PeerCustomer[]): Promise<PeerBackend> {
  const calls: BackendCall[] = [];
  let booked = 0;
  const answer = (call: BackendCall): Answer => {
    const party = /^\/parties\/([^/]+)\/([^/]+)$/.exec(call.path);
    if (call.method === 'GET' && party) {
      const customer = customers.find((candidate) => candidate.idType === party[1] && candidate.idValue === decodeURIComponent(party[2]!));
      // statusCode is the FSPIOP error code the sdk puts in its PUT /parties/.../error.
      if (!customer) return { status: 404, body: { statusCode: '3204', message: 'Party not found' } };
      return { status: 200, body: { ...customer, displayName: `${customer.firstName} ${customer.lastName}` } };
    }
    if (call.method === 'POST' && call.path === '/quoterequests') {
      const request = call.body ?? {};
      // No fees or commission: the payee receives what is transferred, for SEND and RECEIVE alike.
      return { status: 200, body: {
        quoteId: request['quoteId'], transactionId: request['transactionId'],
        transferAmount: request['amount'], transferAmountCurrency: request['currency'],
        payeeReceiveAmount: request['amount'], payeeReceiveAmountCurrency: request['currency'],
      } };
    }
    if (call.method === 'POST' && call.path === '/transfers') {
      booked += 1;
      return { status: 200, body: { homeTransactionId: `peer-booking-${booked}` } };
    }
    return { status: 404, body: { statusCode: '3000', message: `${call.method} ${call.path} is not served by the peer backend` } };
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const call: BackendCall = { method: request.method ?? 'GET', path: (request.url ?? '/').split('?')[0]!, body: text ? JSON.parse(text) as Record<string, unknown> : undefined };
    calls.push(call);
    const { status, body } = answer(call);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
