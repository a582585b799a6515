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
// STRICT_409=refuse to answer so without forwarding the POST, as an LRS does that refuses a whole
// batch holding one statement it has (the new ones in it are not stored);
// POST_PLAN, like PLAN but for the POSTs of statements only, one action each (a browser's CORS
// preflights and lookups do not count);
// REFUSE_OBJECT, an activity id: a POST holding a statement about it gets 400 and is not
// forwarded, as an LRS refuses a whole batch for one invalid statement;
// NO_KEEPALIVE=1 to close the connection after every answer (a browser silently retries a POST
// whose reused connection was dropped; on a fresh connection the drop reaches the page);
// DELAY_MS, a delay added to every request (to slow a run down for the SIGKILL test).
// Injected answers carry CORS headers, so a course in a browser can read them.
// Out: `listening http://127.0.0.1:<port>/xAPI/` on stdout; GET /__faults returns the count of
// each action taken, and the size in bytes of each POST of statements (postBytes), as JSON.
"use strict";

const http = require("http");

const target = new URL(process.env.TARGET || "");
const plan = (process.env.PLAN || "").split(",").map((a) => a.trim()).filter(Boolean);
const strict409 = process.env.STRICT_409 === "1" || process.env.STRICT_409 === "refuse";
const refuse409 = process.env.STRICT_409 === "refuse";
const postPlan = (process.env.POST_PLAN || "").split(",").map((a) => a.trim()).filter(Boolean);
const refuseObject = process.env.REFUSE_OBJECT || "";
const noKeepAlive = process.env.NO_KEEPALIVE === "1";
let posts = 0;
const postBytes = [];
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

function statementsOf(body) {
  try {
    const parsed = JSON.parse(body.toString("utf8"));
    return (Array.isArray(parsed) ? parsed : [parsed]).filter((s) => s && typeof s === "object");
  } catch {
    return [];
  }
}

function idsOf(body) {
  return statementsOf(body).map((s) => s.id).filter(Boolean);
}

/** Answers `status` with a JSON message, readable by a browser page of another origin. */
function inject(req, res, status, message) {
  const headers = { "content-type": "application/json" };
  if (req.headers.origin) {
    headers["access-control-allow-origin"] = req.headers.origin;
    headers["access-control-allow-credentials"] = "true";
  }
  res.writeHead(status, headers);
  return res.end(JSON.stringify({ message }));
}

const server = http.createServer(async (req, res) => {
  if (noKeepAlive) res.shouldKeepAlive = false;
  if (req.url === "/__faults") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ requests, ...taken, postBytes }));
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const isPost = req.method === "POST" && /\/statements\/?(\?|$)/.test(req.url);
  let action = plan[requests] || "pass";
  if (isPost && postPlan.length) action = postPlan[posts] || "pass";
  requests += 1;
  if (isPost) {
    posts += 1;
    postBytes.push(body.length);
  }
  taken[action] = (taken[action] || 0) + 1;
  if (delayMs) await sleep(delayMs);
  try {
    switch (action) {
      case "503":
        return inject(req, res, 503, "injected: service unavailable");
      case "429":
        res.setHeader("retry-after", "1");
        return inject(req, res, 429, "injected: too many requests");
      case "drop":
        return req.socket.destroy();
      case "slow":
        await sleep(300);
        break;
      default:
        break;
    }
    if (isPost && refuseObject) {
      const bad = statementsOf(body).find((st) => st.object && st.object.id === refuseObject);
      if (bad) {
        taken["400"] = (taken["400"] || 0) + 1;
        return inject(req, res, 400, `injected: statement ${bad.id} is invalid (its object is refused)`);
      }
    }
    if (isPost && refuse409 && idsOf(body).some((id) => seenIds.has(id))) {
      taken["409"] = (taken["409"] || 0) + 1;
      return inject(req, res, 409, "injected: the batch repeats a statement the LRS holds; nothing stored");
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
      return inject(req, res, 409, "injected: conflicting statement ids (the LRS stored them before)");
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
