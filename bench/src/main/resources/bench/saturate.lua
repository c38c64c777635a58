-- wrk script: cycles through pre-signed webhooks read from a file (one per line: path TAB authorization TAB body)
-- and counts 200 "accepted", 200 "duplicate" and other statuses. Use with -t1 (one thread).
local reqs = {}
local n = 0
local idx = 0
wraps = 0
accepted = 0
duplicate = 0
other = 0

function init(args)
  for line in io.lines(args[1]) do
    local p, a, b = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    if p then
      n = n + 1
      local headers = {["Content-Type"] = "application/json"}
      if a ~= "" then
        headers["Authorization"] = a -- none on SMS API webhooks: they carry a sig parameter
      end
      reqs[n] = wrk.format("POST", p, headers, b)
    end
  end
end

function request()
  idx = idx + 1
  if idx > n then
    idx = 1
    wraps = wraps + 1
  end
  return reqs[idx]
end

function response(status, headers, body)
  if status == 200 then
    if body and body:find("duplicate", 1, true) then
      duplicate = duplicate + 1
    else
      accepted = accepted + 1
    end
  else
    other = other + 1
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local a, d, o, w = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    d = d + t:get("duplicate")
    o = o + t:get("other")
    w = w + t:get("wraps")
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d accepted=%d duplicate=%d other=%d wraps=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, a, d, o, w, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
