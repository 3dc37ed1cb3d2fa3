/**
 * A contract stand-in for Stripe Checkout, for the Playwright specs: an
 * in-process HTTP server on 127.0.0.1 (random port) that the server under
 * test uses as `payments.stripe_api_base`. It
 *
 * - answers `POST /v1/checkout/sessions` as Stripe does, after checking
 *   what Stripe would refuse (the Bearer secret key, the form fields of a
 *   one-off payment with an inline price), and replays the first session to
 *   a repeated `Idempotency-Key`; `GET /v1/checkout/sessions[/{id}]` reads
 *   them back (what reconciliation asks);
 * - serves the hosted checkout page of each session (`GET <url>`), a plain
 *   HTML form with "Pay" and "Cancel" that works without JavaScript;
 * - on "Pay", sends the signed `checkout.session.completed` event to the
 *   server's webhook, then sends the payer to `success_url` (303); on
 *   "Cancel", to `cancel_url`.
 *
 * Every request is recorded for the spec to assert; an event the server
 * does not acknowledge with a 2xx is recorded in `errors` (and thrown by
 * `release`), so a spec that checks `errors` fails on it.
 *
 * Session URLs name Stripe's own checkout origin by default (`CHECKOUT_ORIGIN`,
 * what the server allows in its pages' `form-action`); `routeCheckout` makes
 * a browser context reach this stand-in for that origin.
 *
 * Field names are written out here from Stripe's documentation, not taken
 * from the adapter, so the two are checked against each other.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import type { BrowserContext } from "@playwright/test";
import { escape, post, readBody, redirect } from "./http";

// --- Stripe's documented names, in one place -------------------------------
/** https://docs.stripe.com/api/checkout/sessions/create */
const CREATE_SESSION_PATH = "/v1/checkout/sessions";
/** https://docs.stripe.com/api/idempotent_requests */
const IDEMPOTENCY_KEY = "idempotency-key";
/** https://docs.stripe.com/api/authentication: `Authorization: Bearer sk_...` */
const AUTHORIZATION = "authorization";
/** Form fields of a one-off payment with one inline-priced line item. */
const FORM = {
  mode: "mode",
  currency: "line_items[0][price_data][currency]",
  unitAmount: "line_items[0][price_data][unit_amount]",
  productName: "line_items[0][price_data][product_data][name]",
  quantity: "line_items[0][quantity]",
  clientReferenceId: "client_reference_id",
  metadataIntent: "metadata[intent_id]",
  successUrl: "success_url",
  cancelUrl: "cancel_url",
} as const;
/** https://docs.stripe.com/webhooks#verify-manually: `t=<secs>,v1=<hex HMAC-SHA256 of "t.body">` */
const SIGNATURE_HEADER = "Stripe-Signature";
/** https://docs.stripe.com/checkout/fulfillment */
const SESSION_COMPLETED = "checkout.session.completed";
/** Where Stripe-hosted Checkout pages live (sessions' `url`). */
export const CHECKOUT_ORIGIN = "https://checkout.stripe.com";
/** The path the server receives Stripe's events on. */
export const WEBHOOK_PATH = "/payments/webhook/stripe";
// ---------------------------------------------------------------------------

export const SECRET_KEY = "sk_test_e2e_stand_in";
export const WEBHOOK_SECRET = "whsec_e2e_stand_in";

/** One request as it arrived. */
export interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  idempotencyKey?: string;
  contentType?: string;
  form: Record<string, string>;
}

/** A Checkout Session object (https://docs.stripe.com/api/checkout/sessions/object), as far as we make it. */
export interface Session {
  id: string;
  object: "checkout.session";
  url: string | null;
  mode: string;
  client_reference_id: string;
  metadata: Record<string, string>;
  amount_total: number;
  amount_subtotal: number;
  currency: string;
  payment_status: "paid" | "unpaid";
  /** The PaymentIntent (`pi_...`) once the payer confirmed. */
  payment_intent: string | null;
  status: "open" | "complete";
  success_url: string;
  cancel_url: string;
  created: number;
  expires_at: number;
  livemode: false;
}

/** A delivery of an event to the webhook and how it was answered. */
export interface Delivery {
  event: Record<string, unknown>;
  status: number;
  body: string;
}

export class StripeStandIn {
  readonly requests: Recorded[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every contract breach seen: a refused request of ours, an unacknowledged event. */
  readonly errors: string[] = [];
  /** While true, "Pay" sends the payer back at once and keeps the event until `release`. */
  holdEvents = false;
  private readonly sessions = new Map<string, Session>();
  private readonly byIdempotencyKey = new Map<string, Session>();
  private held: (() => Promise<void>)[] = [];
  private server?: Server;
  baseUrl = "";
  /** Where events go: `<server>/payments/webhook/stripe` (see `WEBHOOK_PATH`). */
  webhookUrl = "";

  /** `checkoutOrigin`: where session URLs point; Stripe's by default (see `routeCheckout`). */
  constructor(private readonly checkoutOrigin: string = CHECKOUT_ORIGIN) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        this.errors.push(`stand-in fault: ${error}`);
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((done) => this.server?.close(done));
  }

  /** What the server's environment needs to use this stand-in. */
  env(): Record<string, string> {
    return {
      APP__PAYMENTS__PROVIDER: "stripe",
      APP__PAYMENTS__STRIPE_API_BASE: this.baseUrl,
      APP__SECRETS__STRIPE_SECRET_KEY: SECRET_KEY,
      APP__SECRETS__STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
  }

  /** Makes `context` reach this stand-in for Stripe's checkout origin. */
  async routeCheckout(context: BrowserContext): Promise<void> {
    if (this.checkoutOrigin === this.baseUrl) return;
    await context.route(`${this.checkoutOrigin}/**`, async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${this.baseUrl}${url.pathname}${url.search}`, maxRedirects: 0 });
      await route.fulfill({ response });
    });
  }

  /** The sessions made, in order. */
  allSessions(): Session[] {
    return [...this.sessions.values()];
  }

  /** Sends every held event; throws if one is not acknowledged. */
  async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const deliver of held) await deliver();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", this.baseUrl);
    const form = Object.fromEntries(new URLSearchParams(body));
    this.requests.push({
      method: req.method ?? "",
      path: url.pathname,
      authorization: header(req, AUTHORIZATION),
      idempotencyKey: header(req, IDEMPOTENCY_KEY),
      contentType: header(req, "content-type"),
      form,
    });
    if (req.method === "POST" && url.pathname === CREATE_SESSION_PATH) return this.createSession(req, form, res);
    if (req.method === "GET" && url.pathname.startsWith(CREATE_SESSION_PATH)) return this.readSessions(req, url, res);
    const page = url.pathname.match(/^\/c\/pay\/(cs_test_\w+)(\/pay|\/cancel)?$/);
    const session = page && this.sessions.get(page[1]);
    if (!page || !session) return stripeError(res, 404, "resource_missing", "Unrecognized request URL");
    if (req.method === "GET" && !page[2]) return checkoutPage(res, session);
    if (req.method === "POST" && page[2] === "/cancel") return redirect(res, session.cancel_url);
    if (req.method === "POST" && page[2] === "/pay") {
      if (session.status !== "open") return redirect(res, session.success_url);
      session.status = "complete";
      session.payment_status = "paid";
      session.payment_intent = `pi_${randomBytes(12).toString("hex")}`;
      session.url = null;
      const event = this.event(SESSION_COMPLETED, session);
      const deliver = () => this.deliver(event);
      if (this.holdEvents) {
        this.held.push(deliver);
      } else {
        try {
          await deliver();
        } catch (error) {
          return res.writeHead(502, { "content-type": "text/plain" }).end(String(error));
        }
      }
      return redirect(res, session.success_url);
    }
    return stripeError(res, 405, "method_not_allowed", "Method not allowed");
  }

  private createSession(req: IncomingMessage, form: Record<string, string>, res: ServerResponse) {
    const authorization = header(req, AUTHORIZATION);
    if (authorization !== `Bearer ${SECRET_KEY}`) {
      return this.refuse(res, 401, "api_key_invalid", `Invalid API Key provided: ${authorization}`);
    }
    const key = header(req, IDEMPOTENCY_KEY);
    if (!key) return this.refuse(res, 400, "parameter_missing", "no Idempotency-Key: a retry could pay twice");
    if (!(header(req, "content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
      return this.refuse(res, 400, "invalid_request", "Stripe's API takes form-encoded bodies");
    }
    const problem = formProblem(form);
    if (problem) return this.refuse(res, 400, "parameter_invalid", problem);
    const replayed = this.byIdempotencyKey.get(key);
    if (replayed) return json(res, 200, replayed);
    const id = `cs_test_${randomBytes(12).toString("hex")}`;
    const amount = Number(form[FORM.unitAmount]);
    const now = Math.floor(Date.now() / 1000);
    const session: Session = {
      id,
      object: "checkout.session",
      url: `${this.checkoutOrigin}/c/pay/${id}`,
      mode: form[FORM.mode],
      client_reference_id: form[FORM.clientReferenceId],
      metadata: { intent_id: form[FORM.metadataIntent] },
      amount_total: amount,
      amount_subtotal: amount,
      currency: form[FORM.currency],
      payment_status: "unpaid",
      payment_intent: null,
      status: "open",
      success_url: form[FORM.successUrl],
      cancel_url: form[FORM.cancelUrl],
      created: now,
      expires_at: now + 24 * 3600,
      livemode: false,
    };
    this.sessions.set(id, session);
    this.byIdempotencyKey.set(key, session);
    return json(res, 200, session);
  }

  /**
   * `GET /v1/checkout/sessions/{id}` (retrieve) and `GET /v1/checkout/sessions`
   * (list, newest first, filtered by `created[gte]` / `created[lte]`), as
   * reconciliation asks them.
   */
  private readSessions(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (header(req, AUTHORIZATION) !== `Bearer ${SECRET_KEY}`) {
      return this.refuse(res, 401, "api_key_invalid", "Invalid API Key provided");
    }
    const id = url.pathname.slice(CREATE_SESSION_PATH.length + 1);
    if (id) {
      const session = this.sessions.get(id);
      return session ? json(res, 200, session) : stripeError(res, 404, "resource_missing", `No such checkout.session: '${id}'`);
    }
    const from = Number(url.searchParams.get("created[gte]") ?? -Infinity);
    const to = Number(url.searchParams.get("created[lte]") ?? Infinity);
    const data = this.allSessions()
      .filter((session) => session.created >= from && session.created <= to)
      .reverse();
    return json(res, 200, { object: "list", url: CREATE_SESSION_PATH, has_more: false, data });
  }

  private refuse(res: ServerResponse, status: number, code: string, message: string) {
    this.errors.push(`checkout session refused: ${message}`);
    return stripeError(res, status, code, message);
  }

  /** An Event (https://docs.stripe.com/api/events/object) about `session`. */
  private event(type: string, session: Session): Record<string, unknown> {
    return {
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: "2025-04-30.basil",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: { ...session } },
    };
  }

  private async deliver(event: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest("hex");
    const answer = await post(this.webhookUrl, body, {
      "content-type": "application/json; charset=utf-8",
      [SIGNATURE_HEADER]: `t=${timestamp},v1=${signature}`,
    });
    this.deliveries.push({ event, ...answer });
    if (answer.status < 200 || answer.status > 299) {
      const problem = `${event.type} ${event.id} not acknowledged: ${answer.status} ${answer.body}`;
      this.errors.push(problem);
      throw new Error(problem);
    }
  }
}

/** What Stripe would refuse in a one-off payment's form, or nothing. */
function formProblem(form: Record<string, string>): string | undefined {
  if (form[FORM.mode] !== "payment") return `mode=${form[FORM.mode]}, not payment`;
  if (!/^[a-z]{3}$/.test(form[FORM.currency] ?? "")) return `currency ${form[FORM.currency]} is not a lower-case ISO code`;
  if (!/^[1-9]\d*$/.test(form[FORM.unitAmount] ?? "")) return `unit_amount ${form[FORM.unitAmount]} is not a positive integer`;
  if (!form[FORM.productName]) return "product_data[name] missing";
  if (form[FORM.quantity] !== "1") return `quantity ${form[FORM.quantity]}`;
  if (!form[FORM.clientReferenceId]) return "client_reference_id missing";
  if (form[FORM.metadataIntent] !== form[FORM.clientReferenceId]) return "metadata[intent_id] is not the client_reference_id";
  for (const name of [FORM.successUrl, FORM.cancelUrl]) {
    if (!/^https?:\/\//.test(form[name] ?? "")) return `${name} ${form[name]} is not an absolute URL`;
  }
  return undefined;
}

function checkoutPage(res: ServerResponse, session: Session) {
  const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
  const state = session.status === "open" ? "" : "<p>This session is complete.</p>";
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stripe Checkout (stand-in)</title></head>
<body><h1>Stripe Checkout (stand-in)</h1>
<p class="amount">${escape(amount)}</p><p class="session">${escape(session.id)}</p>${state}
<form method="post" action="/c/pay/${session.id}/pay"><button type="submit">Pay</button></form>
<form method="post" action="/c/pay/${session.id}/cancel"><button type="submit">Cancel</button></form>
</body></html>`);
}

function stripeError(res: ServerResponse, status: number, code: string, message: string) {
  return json(res, status, {
    error: { type: "invalid_request_error", code, message, doc_url: `https://docs.stripe.com/error-codes/${code}` },
  });
}

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
