// Starts a real LRS for the tests: Learning Locker's statements service (npm `xapi-statements`,
// the code Learning Locker runs), in memory, on 127.0.0.1 and an ephemeral port.
//
// In (environment): LRS_USERNAME and LRS_PASSWORD, the only HTTP Basic credentials it accepts;
// LRS_PORT (default 0: the system picks a free port). Out: one line on stdout,
// `listening http://127.0.0.1:<port>/xAPI/`, once it accepts requests; it runs until killed.
//
// What is ours and not Learning Locker's, and why:
// - the Basic auth check: the service normally looks clients up in MongoDB;
// - CORS preflight answers: the service's CORS mixin passes OPTIONS on and nothing answers it,
//   so a browser could not reach it from a package served on another port;
// - the State resource (state-store.js): the service implements none;
// - catching unhandled promise rejections: the service was written for Node 6–8, and on Node 15+
//   one unhandled rejection would kill the process.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "scormpack-lrs-"));
// The service reads its settings from the environment when its config module loads.
process.env.EXPRESS_MORGAN_DIRECTORY = path.join(work, "access-logs");
process.env.FS_LOCAL_STORAGE_DIR = path.join(work, "storage");
process.env.WINSTON_CONSOLE_LEVEL = process.env.WINSTON_CONSOLE_LEVEL || "error";
// Answer only after the activity definitions are updated, so a GET right after a POST sees them.
process.env.SERVICE_AWAIT_UPDATES = "true";
// The SDK (loaded, never used: storage is local) prints an end-of-support notice otherwise.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";

process.on("unhandledRejection", (reason) => {
  console.error("lrs: unhandled rejection:", reason && reason.stack ? reason.stack : reason);
});

const express = require("express");
const lib = "xapi-statements/dist";
const config = require(`${lib}/config`).default;
const repoFacade = require(`${lib}/repo/facade`).default;
const createService = require(`${lib}/service`).default;
const presenterFacade = require(`${lib}/expressPresenter`).default;
const translatorFactory = require(`${lib}/translatorFactory`).default;
const logger = require(`${lib}/logger`).default;
const tracker = require(`${lib}/tracker`).default;
const { TEST_CLIENT } = require(`${lib}/utils/testValues`);
const NoModel = require("jscommons/dist/errors/NoModel").default;
const constants = require(`${lib}/utils/constants`);
const { agentProfileRouter, stateRouter } = require("./state-store");

const username = process.env.LRS_USERNAME;
const password = process.env.LRS_PASSWORD;
if (!username || !password) {
  console.error("lrs: set LRS_USERNAME and LRS_PASSWORD");
  process.exit(2);
}
const expected = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
const checkAuth = (header) => header === expected;

const repo = repoFacade({
  auth: { facade: "test", fake: {} },
  events: { facade: "test" },
  models: { facade: "memory", memory: { state: { fullActivities: [], statements: [] } } },
  storage: { facade: "local", local: { storageDir: config.storage.local.storageDir } },
});
// The one client this LRS knows, found by its Basic credentials instead of in MongoDB. The
// service turns NoModel into 401 Unauthorised.
repo.getClient = async ({ authToken }) => {
  if (checkAuth(authToken)) return { client: TEST_CLIENT };
  throw new NoModel("Client");
};

const service = createService({ repo, tracker, logger, ...config.service });
const presenter = presenterFacade({
  llClientInfoEndpoint: "",
  customRoute: "status",
  customRouteText: "ok",
  morganDirectory: config.express.morganDirectory,
  bodyParserLimit: "20mb",
  service,
  tracker,
  translator: translatorFactory(),
  logger,
});

const app = express();
app.use((req, res, next) => {
  if (req.method !== "OPTIONS") return next();
  res.set({
    "Access-Control-Allow-Origin": req.header("Origin") || "*",
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": req.header("Access-Control-Request-Headers") || "",
    "Access-Control-Max-Age": "600",
  });
  return res.status(204).end();
});
app.use(`${constants.fullActivitiesRoute}/state`, require("cors")({ origin: true, credentials: true }));
app.use(`${constants.fullActivitiesRoute}/state`, stateRouter({ checkAuth }));
app.use("/xAPI/agents/profile", require("cors")({ origin: true, credentials: true }));
app.use("/xAPI/agents/profile", agentProfileRouter({ checkAuth }));
app.use(constants.aboutRoute, presenter.aboutRouter);
app.use(constants.fullActivitiesRoute, presenter.fullActivitiesRouter);
app.use(constants.statementsRoute, presenter.statementsRouter);

const server = app.listen(Number(process.env.LRS_PORT || 0), "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${server.address().port}/xAPI/`);
});
// Keep-alive connections stay open between a client's batches.
server.keepAliveTimeout = 30_000;

const stop = () => {
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
