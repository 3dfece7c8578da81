dofile(os.getenv("RADHUS_BENCH_DIR") .. "/report.lua")
-- wrk script: durable JSON submissions through the real submission path, each with its
-- own Idempotency-Key. Reads the access token, path and body from the environment.
local counter = 0
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  prefix = string.format("%s-%d-", os.getenv("RADHUS_RUN") or "run", id)
  authorization = os.getenv("RADHUS_AUTHORIZATION")
  path = os.getenv("RADHUS_PATH")
  body = os.getenv("RADHUS_BODY")
end

function request()
  counter = counter + 1
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
    ["Authorization"] = authorization,
  }, body)
end

function done(summary, latency, requests)
  report(summary, latency)
end
