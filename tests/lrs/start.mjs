// Starts the test LRS (lrs.js) as a child process for a Node test and reads its address.
// In: the credentials it should accept. Out: { endpoint, username, password, auth, stop() }.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startLrs({ username = "learner-tests", password = "s3cret-lrs-pass" } = {}) {
  if (!existsSync(path.join(here, "node_modules", "xapi-statements"))) {
    throw new Error(`${here}/node_modules/xapi-statements is missing: run \`cargo xtask deps\``);
  }
  const child = spawn(process.execPath, [path.join(here, "lrs.js")], {
    env: { ...process.env, LRS_USERNAME: username, LRS_PASSWORD: password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => {
    log += chunk;
  });
  const endpoint = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the LRS did not start within 30 s:\n${log}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening (http:\/\/127\.0\.0\.1:\d+\/xAPI\/)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the LRS exited with ${code}:\n${log}`));
    });
  });
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  return {
    endpoint,
    origin: new URL(endpoint).origin,
    username,
    password,
    auth,
    log: () => log,
    /** GET on the LRS with its credentials; returns the parsed JSON body. */
    async get(resource, params = {}) {
      const url = new URL(resource, endpoint);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      const res = await fetch(url, { headers: { Authorization: auth, "X-Experience-API-Version": "1.0.3" } });
      if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** Every statement matching `params`, following the `more` links. */
    async statements(params = {}) {
      const all = [];
      let page = await this.get("statements", { limit: "500", ...params });
      for (;;) {
        all.push(...page.statements);
        if (!page.more) return all;
        const res = await fetch(new URL(page.more, endpoint), {
          headers: { Authorization: auth, "X-Experience-API-Version": "1.0.3" },
        });
        page = await res.json();
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Starts the fault proxy (fault-proxy.js) in front of `lrs`; `env` are its settings (PLAN,
 * POST_PLAN, STRICT_409, REFUSE_OBJECT, STALL_MS, …). Out: { endpoint, origin, faults(), stop() };
 * faults() resolves to the count of each action the proxy took.
 */
export async function startFaultProxy(lrs, env = {}) {
  const child = spawn(process.execPath, [path.join(here, "fault-proxy.js")], {
    env: { ...process.env, TARGET: lrs.origin, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => {
    log += chunk;
  });
  const endpoint = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the fault proxy did not start within 10 s:\n${log}`)), 10_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening (http:\/\/127\.0\.0\.1:\d+\/xAPI\/)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the fault proxy exited with ${code}:\n${log}`));
    });
  });
  const origin = new URL(endpoint).origin;
  return {
    endpoint,
    origin,
    log: () => log,
    async faults() {
      return (await fetch(`${origin}/__faults`)).json();
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
