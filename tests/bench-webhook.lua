-- bench-webhook.lua — wrk script of make bench for the billing webhook: each connection posts the
-- next of a file of signed requests (one per line: the X-Billing-Signature value, a tab, the
-- JSON body), each thread its own share of the lines, so no request is sent twice.
-- wrk -s tests/bench-webhook.lua ... -- FILE THREADS

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local sigs, bodies, n, i = {}, {}, 0, 0

function init(args)
   local file, parts = args[1], tonumber(args[2])
   local k = 0
   for line in io.lines(file) do
      if k % parts == id then
         local tab = string.find(line, "\t", 1, true)
         n = n + 1
         sigs[n] = string.sub(line, 1, tab - 1)
         bodies[n] = string.sub(line, tab + 1)
      end
      k = k + 1
   end
end

function request()
   i = i + 1
   if i > n then
      i = 1 -- the file ran out: repeats from here on (answered from the log)
   end
   return wrk.format("POST", "/billing/v1/events",
      { ["Content-Type"] = "application/json", ["X-Billing-Signature"] = sigs[i] }, bodies[i])
end
