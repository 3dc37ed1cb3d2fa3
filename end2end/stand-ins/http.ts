/**
 * The plain HTTP pieces both payment stand-ins use (node:http only): reading
 * a body, posting a provider's server-to-server call, escaping page text.
 */
import { IncomingMessage, request as httpRequest, ServerResponse } from "node:http";

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A POST with node:http (no browser headers, as a provider's server sends it). */
export function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const sent = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk) => chunks.push(chunk));
      answer.on("end", () => done({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      answer.on("error", fail);
    });
    sent.on("error", fail);
    sent.setTimeout(15_000, () => sent.destroy(new Error(`no answer from ${url}`)));
    sent.end(body);
  });
}

export function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location }).end();
}
