dofile(os.getenv("RADHUS_BENCH_DIR") .. "/report.lua")
-- wrk script: GET /health, reporting the same JSON line as submit.lua.
function done(summary, latency, requests)
  report(summary, latency)
end
