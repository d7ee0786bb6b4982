-- wrk script for `make soak` (bench/soak.py): a fixed population of simulated visitors behind
-- one trusted proxy, each with its own address (X-Forwarded-For) and a real browser's user agent,
-- requesting a weighted mix of pages, searches and document downloads; responses are counted by
-- status. Globals are per thread (each wrk thread has its own Lua state); done() sums them.
--
-- Environment: SOAK_PATHS (file of "<kind> <weight> <path>" lines), SOAK_VISITORS (how many
-- visitors; the same numbering as soak.py's arrival phase, so no new visitor appears here),
-- SOAK_HOST (a host name of the site under load: the platform serves a site by its Host header).

local paths, cumulative, total_weight = {}, {}, 0
local visitors = tonumber(os.getenv("SOAK_VISITORS") or "2000")
local host = os.getenv("SOAK_HOST")
if host == "" then host = nil end
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
  "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.107 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SM-A346E) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
}
local threads = {}
statuses = {}

-- The same formulas as soak.py's visitor(n): address 10.a.b.c and agent by number.
local function visitor(n)
  local ip = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return ip, agents[(n % #agents) + 1]
end

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(os.getenv("SOAK_PATHS")) do
    local kind, weight, path = line:match("^(%S+)%s+(%d+)%s+(%S+)$")
    if path then
      total_weight = total_weight + tonumber(weight)
      paths[#paths + 1] = path
      cumulative[#cumulative + 1] = total_weight
    end
  end
  math.randomseed(os.time() + (tonumber(tostring(args):match("0x(%x+)") or "0", 16) % 100000))
end

local function pick()
  local r = math.random() * total_weight
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < r then lo = mid + 1 else hi = mid end
  end
  return paths[lo]
end

request = function()
  local ip, agent = visitor(math.random(visitors))
  -- wrk.format() fills in the URL's own host when Host is nil.
  return wrk.format("GET", pick(), {
    ["Host"] = host,
    ["X-Forwarded-For"] = ip,
    ["User-Agent"] = agent,
    ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ["Accept-Encoding"] = "gzip",
    ["Accept-Language"] = "vi-VN,vi;q=0.9",
  })
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(totals) do parts[#parts + 1] = string.format('"%d": %d', status, n) end
  io.write(string.format(
    'SOAK_RESULT {"requests": %d, "statuses": {%s}, "socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "seconds": %.1f}\n',
    summary.requests, table.concat(parts, ", "), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6))
end
