// A loopback HTTP proxy that puts the faults of a real network between `scormpack send` and the
// test LRS: 503s, 429s with Retry-After, dropped connections (before and after the LRS stored
// a batch), slow answers, and — like LRSs that answer an identical resend with 409 instead of
// 200 — 409 for a batch whose statements went through it before.
//
// In (environment): TARGET, the LRS's origin (http://127.0.0.1:<port>); PLAN, a comma-separated
// list of actions for the first requests, one each, after which every request passes:
//   pass | 503 | 429 | drop | drop-after | slow | stall | pass
//   (drop: close the connection without forwarding; drop-after: forward, then close instead of
//   answering; slow: answer after 300 ms; stall: forward, then hold the answer for STALL_MS,
//   default 5000, longer than the client's timeout);
// STRICT_409=1 to answer 409 when a POST repeats a statement id that went through before;
// DELAY_MS, a delay added to every request (to slow a run down for the SIGKILL test).
// Out: `listening http://127.0.0.1:<port>/xAPI/` on stdout; GET /__faults returns the count of
// each action taken, as JSON.
"use strict";

const http = require("http");

const target = new URL(process.env.TARGET || "");
const plan = (process.env.PLAN || "").split(",").map((a) => a.trim()).filter(Boolean);
const strict409 = process.env.STRICT_409 === "1";
const delayMs = Number(process.env.DELAY_MS || 0);
const stallMs = Number(process.env.STALL_MS || 5000);
const taken = {};
const seenIds = new Set();
let requests = 0;

const agent = new http.Agent({ keepAlive: true });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function forward(req, body) {
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

function idsOf(body) {
  try {
    const parsed = JSON.parse(body.toString("utf8"));
    return (Array.isArray(parsed) ? parsed : [parsed]).map((s) => s && s.id).filter(Boolean);
  } catch {
    return [];
  }
}

const server = http.createServer(async (req, res) => {
  if (req.url === "/__faults") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ requests, ...taken }));
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const action = plan[requests] || "pass";
  requests += 1;
  taken[action] = (taken[action] || 0) + 1;
  if (delayMs) await sleep(delayMs);
  try {
    switch (action) {
      case "503":
        res.writeHead(503, { "content-type": "application/json" });
        return res.end('{"message":"injected: service unavailable"}');
      case "429":
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        return res.end('{"message":"injected: too many requests"}');
      case "drop":
        return req.socket.destroy();
      case "slow":
        await sleep(300);
        break;
      default:
        break;
    }
    const answer = await forward(req, body);
    // The LRS has these statements now, whether or not the client hears about it.
    let conflict = false;
    if (req.method === "POST" && answer.status >= 200 && answer.status < 300) {
      const ids = idsOf(body);
      conflict = strict409 && ids.some((id) => seenIds.has(id));
      ids.forEach((id) => seenIds.add(id));
    }
    if (action === "drop-after") return req.socket.destroy();
    if (action === "stall") await sleep(stallMs);
    if (conflict) {
      taken["409"] = (taken["409"] || 0) + 1;
      res.writeHead(409, { "content-type": "application/json" });
      return res.end('{"message":"injected: conflicting statement ids (the LRS stored them before)"}');
    }
    const { status } = answer;
    const headers = { ...answer.headers };
    delete headers["transfer-encoding"];
    delete headers.connection;
    headers["content-length"] = String(answer.body.length);
    res.writeHead(status, headers);
    return res.end(answer.body);
  } catch (err) {
    res.writeHead(502, { "content-type": "text/plain" });
    return res.end(`proxy: ${err.message}`);
  }
});

server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/xAPI/`);
});
process.on("SIGTERM", () => process.exit(0));
