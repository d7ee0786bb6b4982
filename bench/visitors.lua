-- wrk script: many visitors behind one trusted proxy (X-Forwarded-For varies per request),
-- and an optional list of paths (BENCH_PATHS, one per line) to cycle through. BENCH_VISITOR_BASE
-- shifts the population (visitors base+1 … base+4000): the counter counts a visitor once per 30
-- minutes, so a run that checks the counting takes visitors no earlier run has been.
-- BENCH_CLICK_IDS=1 adds a new fbclid to every request, as Facebook does to each click on a
-- shared link.
-- Globals are per thread in wrk (each thread has its own Lua state).
local counter = 0
local click_ids = os.getenv("BENCH_CLICK_IDS") == "1"
local paths = nil
local visitors = 4000
local base = tonumber(os.getenv("BENCH_VISITOR_BASE") or "0") or 0
local ua = os.getenv("BENCH_UA") or "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"

init = function(args)
  local file = os.getenv("BENCH_PATHS")
  if file and file ~= "" then
    paths = {}
    for line in io.lines(file) do
      if line ~= "" then paths[#paths + 1] = line end
    end
  end
  math.randomseed(os.time() + (tonumber(tostring(args):match("0x(%x+)") or "0", 16) % 100000))
end

request = function()
  counter = counter + 1
  local n = base + math.random(visitors)
  local ip = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  -- wrk.format() replaces, not extends, the -H headers: repeat what a browser always sends.
  local headers = { ["X-Forwarded-For"] = ip, ["Accept-Encoding"] = "gzip", ["User-Agent"] = ua }
  if paths then
    return wrk.format("GET", paths[(counter % #paths) + 1], headers)
  end
  if click_ids then
    local sep = wrk.path:find("?", 1, true) and "&" or "?"
    return wrk.format("GET", wrk.path .. sep .. "fbclid=IwAR" .. counter .. "x" .. math.random(1000000000), headers)
  end
  return wrk.format("GET", nil, headers)
end
