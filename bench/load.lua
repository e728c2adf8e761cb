-- wrk script for bench/load: rotates a mix of searches (each thread starts at another place in
-- the list) and prints requests/s, latency percentiles and errors at the end.

local paths = {
  "/api/search?q=oil",
  "/api/search?q=interest%20rates",
  "/api/search?q=%22central%20bank%22&limit=10",
  "/api/search?q=minister%20AND%20election",
  "/api/search?q=profit%2A&offset=20",
  "/api/search?q=strike&from=1987-03&to=1987-04",
  "/api/search?q=government&kind=quotes",
  "/api/search?q=said&kind=quotes&type=PERSON&limit=50",
  "/api/quotes?speaker=Blair",
  "/api/quotes?speaker=Reagan&q=trade",
  "/api/search?q=bank&kind=entities",
  "/api/search?kind=entities&type=ORG&limit=10",
  "/api/search?q=dlrs&kind=amounts",
  "/api/amounts?entity=Japan&limit=10",
  "/api/search?q=coffee%20OR%20cocoa&entity=Brazil",
  "/api/search?q=music%20award",
  "/api/search?q=NEAR(chancellor%20budget)",
  "/api/search?q=football&offset=40&limit=20",
  "/?q=oil%20prices",
  "/api/search?q=Microsoft",
}

local counter = 0
local threads = {}

function setup(thread)
  thread:set("start", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  counter = start or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write("\n")
  io.write(string.format("requests: %d in %.1f s\n", summary.requests, secs))
  io.write(string.format("requests/s: %.0f\n", summary.requests / secs))
  io.write(string.format("latency p50: %.2f ms, p90: %.2f ms, p99: %.2f ms, max: %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: %d non-2xx, %d socket (connect %d, read %d, write %d, timeout %d)\n",
    e.status, socket, e.connect, e.read, e.write, e.timeout))
end
