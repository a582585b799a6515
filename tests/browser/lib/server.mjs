// A static file server on 127.0.0.1 that plays the LMS's web server: it
// serves the unpacked package under /sco/, scorm-again under /vendor/ and the
// LMS test pages at the root. Nothing else is reachable, so a package that
// references a file it does not ship gets a 404 (and the test sees it).
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".xsd": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".vtt": "text/vtt; charset=utf-8",
};

/**
 * Starts the server. `mounts` maps a URL prefix ("/sco/") to a folder, or an
 * exact URL ("/vendor/scorm12.js") to a file. Resolves to
 * `{ origin, requests, close() }`; `requests` lists every request served, with
 * its status, for diagnostics.
 */
export async function startServer(mounts) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const status = await serve(mounts, req, res).catch((err) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
      return 500;
    });
    requests.push({ method: req.method, url: req.url, status });
  });
  // Port 0: the OS picks a free port, so parallel runs never collide.
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(mounts, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return 405;
  }
  const urlPath = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  // Chromium asks for a favicon on its own; answering keeps 404s meaningful.
  if (urlPath === "/favicon.ico") {
    res.writeHead(204).end();
    return 204;
  }
  const file = resolveFile(mounts, urlPath);
  const info = file && (await stat(file).catch(() => null));
  if (!info || !info.isFile()) {
    res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${urlPath}\n`);
    return 404;
  }
  res.writeHead(200, {
    "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": info.size,
    // Every launch must load what is on disk now, never a cached copy.
    "cache-control": "no-store",
  });
  if (req.method === "HEAD") {
    res.end();
  } else {
    await new Promise((resolve, reject) => {
      createReadStream(file).on("error", reject).on("end", resolve).pipe(res);
    });
  }
  return 200;
}

/** Maps a URL path to a file inside a mount, refusing anything that escapes it. */
function resolveFile(mounts, urlPath) {
  for (const [prefix, target] of Object.entries(mounts)) {
    if (!prefix.endsWith("/")) {
      if (urlPath === prefix) return target;
      continue;
    }
    if (!urlPath.startsWith(prefix)) continue;
    const rest = urlPath.slice(prefix.length) || "index.html";
    const file = path.resolve(target, rest);
    if (file !== target && !file.startsWith(target + path.sep)) return null;
    return file;
  }
  return null;
}
