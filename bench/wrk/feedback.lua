-- wrk script for bench/run: POSTs realistic, varied feedback to the ingest-service, closed loop.
--
--   wrk -t2 -c64 -d30s --timeout 10s -s bench/wrk/feedback.lua http://127.0.0.1:19080/api/v1/feedback -- BODIES_FILE
--
-- BODIES_FILE holds one JSON body a line (java -jar bench/target/bench.jar wrk-bodies); each wrk
-- thread cycles through them from its own offset, so the server never sees one body repeated
-- back to back. done() prints one machine-readable line (latencies in microseconds) that
-- `bench.jar wrk` turns into figures; wrk counts only statuses >= 400 as errors, so non2xx is
-- every refused request (a 503 from the ingest-service included). BENCH_API_KEY, when set, is sent
-- as X-API-Key (a key with the admin scope may submit as every app of the corpus).

local threads = {}
local counter = 1

function setup(thread)
   thread:set("offset", #threads * 7919)
   table.insert(threads, thread)
end

function init(args)
   bodies = {}
   for line in io.lines(args[1]) do
      if #line > 0 then
         bodies[#bodies + 1] = line
      end
   end
   if #bodies == 0 then
      error("no bodies in " .. tostring(args[1]))
   end
   counter = (offset or 0) % #bodies + 1
   headers = { ["Content-Type"] = "application/json" }
   -- With the service's API keys on (issue 4 measures "with all protections on"), BENCH_API_KEY is sent
   -- as X-API-Key; unset, requests carry no key (the service's local default, auth off).
   local key = os.getenv("BENCH_API_KEY")
   if key ~= nil and key ~= "" then
      headers["X-API-Key"] = key
   end
end

function request()
   counter = counter % #bodies + 1
   return wrk.format("POST", nil, headers, bodies[counter])
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "HYPERCARE-WRK requests=%d non2xx=%d socket_errors=%d duration_us=%d p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
      summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
      latency:percentile(50), latency:percentile(99), latency.max))
end
