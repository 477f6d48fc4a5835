-- Sends each pre-generated request of the file given after "--" exactly once (one wrk thread).
-- Lines: METHOD \t PATH \t BODY or "-" \t header name \t header value ...
-- Without a file it sends wrk's own request (GET of the URL), for the baseline.
-- A run that needs more requests than the file holds repeats the last one and reports it as
-- "overflow"; a repeated nonce is refused, so the non-2xx count shows it too.
-- With "replay" after the file name it sends the file's first request over and over (a replay flood).
local requests = {}
local count = 0
local sent = 0
overflow = 0 -- global: done() reads it through thread:get
local threads = {}
local replay = false

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if args[1] == nil then
    return
  end
  replay = args[2] == "replay"
  for line in io.lines(args[1]) do
    local f = {}
    for field in string.gmatch(line, "[^\t]+") do
      f[#f + 1] = field
    end
    local headers = {}
    for k = 4, #f - 1, 2 do
      headers[f[k]] = f[k + 1]
    end
    local body = nil
    if f[3] ~= "-" then
      body = f[3]
    end
    count = count + 1
    requests[count] = wrk.format(f[1], f[2], headers, body)
  end
end

function request()
  if count == 0 then
    return wrk.format()
  end
  if replay then
    return requests[1]
  end
  sent = sent + 1
  if sent > count then
    overflow = overflow + 1
    return requests[count]
  end
  return requests[sent]
end

function done(summary, latency, requests)
  local over = 0
  for _, t in ipairs(threads) do
    over = over + (t:get("overflow") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d overflow=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, over))
end
