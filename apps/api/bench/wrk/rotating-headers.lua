-- Each request carries the next of a file of header values (one per line), e.g. one bearer token per user.
-- wrk args: <file> <header name, or "" for none> <method> <path> <body>
dofile(debug.getinfo(1, "S").source:sub(2):gsub("rotating%-headers%.lua$", "report.lua"))

local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end

function init(args)
  values = {}
  for line in io.lines(args[1]) do values[#values + 1] = line end
  name, method, path, body = args[2], args[3], args[4], args[5]
  -- Threads start at different places of the list, so that they do not send the same value at once.
  n = (first * 7919) % #values
end

function request()
  n = n % #values + 1
  local headers = { ["Content-Type"] = "application/json" }
  if name ~= "" then headers[name] = values[n] end
  return wrk.format(method, path, headers, body)
end
