/**
 * A contract stand-in for Alipay's gateway (电脑网站支付), for the Playwright
 * specs: an in-process HTTP server on 127.0.0.1 (random port) whose
 * `/gateway.do` the server under test uses as `payments.alipay_gateway`. It
 *
 * - checks a checkout (`alipay.trade.page.pay`, the payer's browser arriving
 *   with the signed parameters, GET or POST) as the gateway does: every
 *   common parameter present with its documented value, a fresh Beijing
 *   `timestamp`, the RSA2 signature valid for the merchant's public key, and
 *   `biz_content` with `out_trade_no`, `total_amount` (yuan, two decimals),
 *   `subject` and `product_code`; a refused checkout is a 400 page naming the
 *   problem (and recorded in `errors`);
 * - shows a cashier page with a "Pay" form (no JavaScript needed);
 * - on "Pay", POSTs the asynchronous notification (TRADE_SUCCESS), signed with
 *   its own "Alipay" key, to `notify_url`, requires the answer to be exactly
 *   `success`, then sends the payer to `return_url` (303).
 *
 * It generates both key pairs at start (RSA 2048): the merchant's (the
 * server signs with its private key) and Alipay's (the server verifies with
 * its public key); `env()` hands the server what it needs.
 *
 * Field names are written out here from Alipay's documentation, not taken
 * from the adapter, so the two are checked against each other.
 */
import { generateKeyPairSync, KeyObject, randomBytes, sign, verify } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { escape, post, readBody, redirect } from "./http";

// --- Alipay's documented names, in one place -------------------------------
/** https://opendocs.alipay.com/apis/api_1/alipay.trade.page.pay (公共请求参数), with the fixed values. */
const COMMON: [string, string | null][] = [
  ["app_id", null],
  ["method", "alipay.trade.page.pay"],
  ["format", "JSON"],
  ["charset", "utf-8"],
  ["sign_type", "RSA2"],
  ["timestamp", null],
  ["version", "1.0"],
  ["notify_url", null],
  ["return_url", null],
  ["biz_content", null],
];
/** The signature parameter; RSA2 = SHA256withRSA, base64 (https://opendocs.alipay.com/common/02kf5q). */
const SIGN = "sign";
const SIGN_TYPE = "sign_type";
/** 请求参数 inside `biz_content`. */
const BIZ = {
  outTradeNo: "out_trade_no",
  totalAmount: "total_amount",
  subject: "subject",
  productCode: "product_code",
} as const;
const FAST_INSTANT_TRADE_PAY = "FAST_INSTANT_TRADE_PAY";
/** 异步通知 (https://opendocs.alipay.com/open/270/105902): answered with exactly this. */
const ACKNOWLEDGEMENT = "success";
const TRADE_SUCCESS = "TRADE_SUCCESS";
/** The path of the gateway. */
const GATEWAY_PATH = "/gateway.do";
// ---------------------------------------------------------------------------

/** Our test app's APPID (digits). */
export const APP_ID = "2021000000000000";

/** A checkout the gateway accepted. */
export interface Checkout {
  params: Record<string, string>;
  biz: Record<string, string>;
  paid: boolean;
}

/** A notification sent and how the server answered it. */
export interface Delivery {
  params: [string, string][];
  status: number;
  body: string;
}

export class AlipayStandIn {
  readonly checkouts: Checkout[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every contract breach seen: a refused checkout, an unacknowledged notification. */
  readonly errors: string[] = [];
  /** While true, "Pay" sends the payer back at once and keeps the notification until `release`. */
  holdEvents = false;
  /** The merchant's pair: the server signs checkouts, the gateway verifies. */
  private readonly merchant = generateKeyPairSync("rsa", { modulusLength: 2048 });
  /** "Alipay's" pair: it signs notifications, the server verifies. */
  private readonly alipay = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly trades = new Map<string, Checkout>();
  private held: (() => Promise<void>)[] = [];
  private server?: Server;
  gateway = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        this.errors.push(`stand-in fault: ${error}`);
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    this.gateway = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${GATEWAY_PATH}`;
  }

  async stop(): Promise<void> {
    await new Promise((done) => this.server?.close(done));
  }

  /**
   * What the server's environment needs: the merchant's private key and
   * Alipay's public key as bare base64 DER (PKCS#8 and SPKI), the forms
   * Alipay's key tool and console hand an operator.
   */
  env(): Record<string, string> {
    const der = (key: KeyObject, type: "pkcs8" | "spki") => key.export({ format: "der", type }).toString("base64");
    return {
      APP__PAYMENTS__PROVIDER: "alipay",
      APP__PAYMENTS__CURRENCY: "CNY",
      APP__PAYMENTS__ALIPAY_GATEWAY: this.gateway,
      APP__PAYMENTS__ALIPAY_APP_ID: APP_ID,
      APP__SECRETS__ALIPAY_PRIVATE_KEY: der(this.merchant.privateKey, "pkcs8"),
      APP__SECRETS__ALIPAY_PUBLIC_KEY: der(this.alipay.publicKey, "spki"),
    };
  }

  /** Sends every held notification; throws if one is not acknowledged. */
  async release(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const deliver of held) await deliver();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", this.gateway);
    const body = await readBody(req);
    if (url.pathname === GATEWAY_PATH) {
      // The payer's browser brings the parameters as a query (GET) or a form (POST).
      const query = req.method === "POST" ? body : url.search.slice(1);
      const checked = this.check(query);
      if (typeof checked === "string") {
        this.errors.push(`checkout refused: ${checked}`);
        return res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end(checked);
      }
      return cashier(res, checked);
    }
    const pay = url.pathname.match(/^\/cashier\/(\w+)\/pay$/);
    const trade = pay && this.trades.get(pay[1]);
    if (req.method !== "POST" || !trade) return res.writeHead(404).end("no such trade");
    if (!trade.paid) {
      trade.paid = true;
      const deliver = () => this.notify(trade);
      if (this.holdEvents) {
        this.held.push(deliver);
      } else {
        try {
          await deliver();
        } catch (error) {
          return res.writeHead(502, { "content-type": "text/plain; charset=utf-8" }).end(String(error));
        }
      }
    }
    return redirect(res, trade.params.return_url);
  }

  /** The accepted checkout of `query`, or what the gateway would say is wrong. */
  private check(query: string): Checkout | string {
    const pairs = [...new URLSearchParams(query)];
    const params = Object.fromEntries(pairs);
    if (Object.keys(params).length !== pairs.length) return "isv.invalid-parameter: a parameter given twice";
    for (const [name, fixed] of COMMON) {
      const value = params[name];
      if (value === undefined) return `isv.missing-parameter: ${name}`;
      if (fixed !== null && value !== fixed) return `isv.invalid-parameter: ${name}=${value}`;
    }
    if (params.app_id !== APP_ID) return `isv.invalid-app-id: ${params.app_id}`;
    const late = Math.abs(beijingSeconds(params.timestamp) - Date.now() / 1000);
    if (!(late <= 600)) return `isv.invalid-timestamp: ${params.timestamp}`;
    for (const name of ["notify_url", "return_url"]) {
      if (!/^https?:\/\//.test(params[name])) return `isv.invalid-parameter: ${name}`;
    }
    if (!params[SIGN]) return "isv.missing-signature";
    const signed = verify(
      "sha256",
      Buffer.from(requestContent(pairs), "utf8"),
      this.merchant.publicKey,
      Buffer.from(params[SIGN], "base64"),
    );
    if (!signed) return "isv.invalid-signature: the sign does not match the merchant's public key";
    let biz: Record<string, string>;
    try {
      biz = JSON.parse(params.biz_content);
    } catch {
      return "isv.invalid-parameter: biz_content";
    }
    const trade = biz[BIZ.outTradeNo] ?? "";
    if (!/^\w{1,64}$/.test(trade)) return `isv.invalid-parameter: out_trade_no=${trade}`;
    const amount = biz[BIZ.totalAmount] ?? "";
    if (!/^(0|[1-9]\d*)\.\d\d$/.test(amount) || Number(amount) < 0.01 || Number(amount) > 100_000_000) {
      return `isv.invalid-parameter: total_amount=${amount}`;
    }
    const subject = biz[BIZ.subject] ?? "";
    if (!subject || [...subject].length > 256) return "isv.invalid-parameter: subject";
    if (biz[BIZ.productCode] !== FAST_INSTANT_TRADE_PAY) return `isv.invalid-parameter: product_code=${biz[BIZ.productCode]}`;
    const known = this.trades.get(trade);
    if (known && (known.biz[BIZ.totalAmount] !== amount || known.biz[BIZ.subject] !== subject)) {
      return "ACQ.CONTEXT_INCONSISTENT: the same out_trade_no with another amount or subject";
    }
    if (known) return known;
    const checkout: Checkout = { params, biz, paid: false };
    this.trades.set(trade, checkout);
    this.checkouts.push(checkout);
    return checkout;
  }

  /** Sends the TRADE_SUCCESS notification of `trade`; throws unless answered `success`. */
  private async notify(trade: Checkout): Promise<void> {
    const now = beijingNow();
    const amount = trade.biz[BIZ.totalAmount];
    const params: [string, string][] = [
      ["gmt_create", now],
      ["charset", "utf-8"],
      ["seller_email", "merchant@example.com"],
      ["subject", trade.biz[BIZ.subject]],
      ["buyer_id", "2088102122524333"],
      ["notify_id", randomBytes(16).toString("hex")],
      ["notify_type", "trade_status_sync"],
      ["trade_status", TRADE_SUCCESS],
      ["app_id", APP_ID],
      ["seller_id", "2088101106499364"],
      ["notify_time", now],
      ["version", "1.0"],
      ["out_trade_no", trade.biz[BIZ.outTradeNo]],
      ["total_amount", amount],
      ["trade_no", `2026${Date.now()}${randomBytes(4).readUInt32BE() % 10_000}`],
      ["auth_app_id", APP_ID],
      ["buyer_logon_id", "159****5620"],
      ["gmt_payment", now],
      ["receipt_amount", amount],
      ["invoice_amount", amount],
      ["buyer_pay_amount", amount],
      ["point_amount", "0.00"],
      ["fund_bill_list", JSON.stringify([{ amount, fundChannel: "ALIPAYACCOUNT" }])],
    ];
    const signature = sign("sha256", Buffer.from(notificationContent(params), "utf8"), this.alipay.privateKey);
    params.push([SIGN_TYPE, "RSA2"], [SIGN, signature.toString("base64")]);
    const answer = await post(trade.params.notify_url, new URLSearchParams(params).toString(), {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
    });
    this.deliveries.push({ params, ...answer });
    if (answer.body !== ACKNOWLEDGEMENT) {
      const problem = `notification for ${trade.biz[BIZ.outTradeNo]} not acknowledged: ${answer.status} ${JSON.stringify(answer.body)}`;
      this.errors.push(problem);
      throw new Error(problem);
    }
  }
}

/**
 * 待签名字符串 of a request: every parameter but `sign` (so `sign_type` is
 * covered), empty values dropped, sorted by name in ASCII order, `name=value`
 * joined with `&`, raw values.
 */
function requestContent(pairs: [string, string][]): string {
  return sortedContent(pairs.filter(([name, value]) => name !== SIGN && value !== ""));
}

/** 待签名字符串 of a notification: every parameter but `sign` and `sign_type`, empty values kept. */
function notificationContent(pairs: [string, string][]): string {
  return sortedContent(pairs.filter(([name]) => name !== SIGN && name !== SIGN_TYPE));
}

function sortedContent(pairs: [string, string][]): string {
  // Names are ASCII: comparing UTF-16 code units is ASCII order.
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8), as Alipay writes times. */
function beijingNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Unix seconds of a Beijing `yyyy-MM-dd HH:mm:ss`, or NaN. */
function beijingSeconds(text: string): number {
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(text)) return NaN;
  return Date.parse(`${text.replace(" ", "T")}+08:00`) / 1000;
}

function cashier(res: ServerResponse, checkout: Checkout) {
  const trade = checkout.biz[BIZ.outTradeNo];
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>支付宝收银台 (stand-in)</title></head>
<body><h1>支付宝收银台 (stand-in)</h1>
<p class="subject">${escape(checkout.biz[BIZ.subject])}</p>
<p class="amount">¥${escape(checkout.biz[BIZ.totalAmount])}</p>
<p class="trade">${escape(trade)}</p>
<form method="post" action="/cashier/${escape(trade)}/pay"><button type="submit">Pay</button></form>
</body></html>`);
}

