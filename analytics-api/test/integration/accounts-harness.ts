// The API as a browser or script meets it, for the account tests: one embedded store per test file
// (chDB allows one data directory per process), migrated, and apps on ephemeral loopback ports that
// share it; a small client keeps cookies like a browser and sends the page's Origin on changes.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { migrate, openStore, type Store } from "@promptmetrics/clickhouse";
import { closeApiApp, createApiApp, type ApiAppOptions } from "../../src/index.ts";

export interface TestStore {
  store: Store;
  close(): Promise<void>;
}

export async function openTestStore(): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-api-"));
  const store = openStore({ kind: "embedded", dataDir });
  await migrate(store);
  return {
    store,
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApi {
  url: string;
  /** A browser on the API's own origin, with an empty cookie jar. */
  browser(opts?: { origin?: string | null }): Client;
  close(): Promise<void>;
}

export async function startApi(options: ApiAppOptions): Promise<TestApi> {
  const app = createApiApp(options);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    browser: (opts = {}) => new Client(url, opts.origin === undefined ? url : opts.origin),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      // Before the test closes the store: no price cache read after that.
      closeApiApp(app);
    },
  };
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class Client {
  readonly url: string;
  /** Sent as Origin on POST/PUT/PATCH/DELETE, as browsers do; null sends none. */
  origin: string | null;
  readonly cookies = new Map<string, string>();

  constructor(url: string, origin: string | null) {
    this.url = url;
    this.origin = origin;
  }

  async request<T = any>(
    method: string,
    pathname: string,
    opts: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (method !== "GET" && this.origin !== null) headers.origin ??= this.origin;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(`${this.url}${pathname}`, { method, headers, body });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  get<T = any>(pathname: string, headers?: Record<string, string>) {
    return this.request<T>("GET", pathname, headers ? { headers } : {});
  }
  post<T = any>(pathname: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", pathname, { body, ...(headers ? { headers } : {}) });
  }
  patch<T = any>(pathname: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("PATCH", pathname, { body, ...(headers ? { headers } : {}) });
  }
  put<T = any>(pathname: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("PUT", pathname, { body, ...(headers ? { headers } : {}) });
  }
  delete<T = any>(pathname: string, headers?: Record<string, string>) {
    return this.request<T>("DELETE", pathname, headers ? { headers } : {});
  }
}

export const PASSWORD = "correct horse battery";

/** Signs a new browser up and returns it with the answer (user, orgs, projects). */
export async function signedUp(api: TestApi, email: string, name?: string): Promise<{ client: Client; me: any }> {
  const client = api.browser();
  const reply = await client.post("/api/auth/signup", { email, password: PASSWORD, ...(name ? { name } : {}) });
  if (reply.status !== 201) throw new Error(`sign-up of ${email} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return { client, me: reply.body };
}

/** Invites `email` into `orgId` as `role` and accepts as a new account; returns the member's browser. */
export async function invitedMember(api: TestApi, admin: Client, orgId: string, email: string, role: string): Promise<Client> {
  const invitation = await admin.post(`/api/orgs/${orgId}/invitations`, { email, role });
  if (invitation.status !== 201) throw new Error(`invitation answered ${invitation.status}: ${JSON.stringify(invitation.body)}`);
  const client = api.browser();
  const accepted = await client.post(`/api/invitations/${invitation.body.token}/accept`, { password: PASSWORD });
  if (accepted.status !== 201) throw new Error(`acceptance answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return client;
}
