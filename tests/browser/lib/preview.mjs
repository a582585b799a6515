// Starts `scormpack preview` as the real binary for a browser test: SCORMPACK_BIN (built by
// `cargo xtask browser`), else target/debug/scormpack.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { workspaceRoot } from "./harness.mjs";

const BIN = process.env.SCORMPACK_BIN || path.join(workspaceRoot, "target", "debug", "scormpack");

/** Starts `scormpack preview COURSE --port 0` and resolves once it prints its URL. */
export function startPreview(courseDir) {
  if (!existsSync(BIN)) throw new Error(`${BIN} does not exist: build it with \`cargo build\` (or set SCORMPACK_BIN)`);
  const child = spawn(BIN, ["preview", courseDir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (output.stdout += d));
  child.stderr.on("data", (d) => (output.stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview printed no URL in 10 s:\n${output.stdout}${output.stderr}`)), 10_000);
    child.on("exit", (code) => reject(new Error(`preview exited with ${code}:\n${output.stdout}${output.stderr}`)));
    child.stdout.on("data", () => {
      const url = output.stdout.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (url) {
        clearTimeout(timer);
        resolve({ child, output, origin: url[0].replace(/\/$/, "") });
      }
    });
  });
}

